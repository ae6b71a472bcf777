import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildGraph, buildStats } from '../../src/graph/build.js';
import { discoverTree } from '../../src/graph/discover.js';
import { caseSensitiveAt, resolveFromListing } from '../../src/graph/relative.js';
import { createResolver } from '../../src/graph/resolve.js';
import { scanImports } from '../../src/graph/scan.js';
import { FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/**
 * Every relative specifier of every file under `dir`: where the listings answer, the answer must
 * be the resolver's (same file, no package). Returns [asked, answered].
 */
async function compareTree(dir: string): Promise<[number, number]> {
  const tree = await discoverTree(dir);
  const resolver = createResolver(dir);
  let asked = 0;
  let answered = 0;
  for (const file of tree.files) {
    const mod = scanImports(file, readFileSync(file, 'utf8'), resolver.formatHint(file));
    for (const rec of mod.imports) {
      if (rec.unresolvedDynamic || !(rec.specifier.startsWith('./') || rec.specifier.startsWith('../'))) continue;
      asked++;
      const listed = resolveFromListing(path.dirname(file), rec.specifier, tree.folders);
      if (listed === undefined) continue;
      answered++;
      const mode = rec.kind === 'require' || (rec.kind !== 'dynamic' && mod.format === 'cjs') ? 'require' : 'import';
      const res = resolver.resolve(file, rec.specifier, mode, rec.kind === 'type');
      expect({ at: `${file} '${rec.specifier}'`, resolved: listed, package: undefined }).toEqual({ at: `${file} '${rec.specifier}'`, resolved: res.resolved, package: res.package });
    }
  }
  return [asked, answered];
}

describe('resolveFromListing (relative imports from the folder listings)', () => {
  it('answers as the resolver does: exact file, extension probes in order, aliases, and declines where the listing cannot tell', async () => {
    const root = makeTree({
      'a.ts': '',
      'both.ts': '',
      'both.js': '',
      'only.js': '',
      'plain': '',
      'data.json': '{}',
      'dir/index.ts': '',
      'dir.ts': '',
      'folder/index.js': '',
      'm.mts': '',
      'a b.js': '',
    });
    try {
      symlinkSync(path.join(root, 'a.ts'), path.join(root, 'linked.ts'));
      const { folders } = await discoverTree(root);
      const r = (spec: string) => resolveFromListing(root, spec, folders);
      const at = (f: string) => path.join(root, f);
      expect(r('./a')).toBe(at('a.ts'));
      expect(r('./a.js')).toBe(at('a.ts'));
      expect(r('./both')).toBe(at('both.ts'));
      expect(r('./both.js')).toBe(at('both.ts'));
      expect(r('./only.js')).toBe(at('only.js'));
      expect(r('./plain')).toBe(at('plain'));
      expect(r('./data.json')).toBe(at('data.json'));
      // A file beats a folder of the same name; a folder alone is the resolver's to open.
      expect(r('./dir')).toBe(at('dir.ts'));
      expect(r('./folder')).toBeUndefined();
      expect(r('./m.mjs')).toBe(at('m.mts'));
      expect(r('./dir/index')).toBe(at('dir/index.ts'));
      expect(r('./dir/../a')).toBe(at('a.ts'));
      // A link may point anywhere; escapes and odd shapes; missing files; folders not walked.
      expect(r('./linked')).toBeUndefined();
      expect(r('./a%20b.js')).toBeUndefined();
      expect(r('./a.js?raw')).toBeUndefined();
      expect(r('./dir/')).toBeUndefined();
      expect(r('./missing')).toBeUndefined();
      expect(r('../outside')).toBeUndefined();
      // Each answer is the resolver's.
      const resolver = createResolver(root);
      for (const spec of ['./a', './a.js', './both', './both.js', './only.js', './plain', './data.json', './dir', './m.mjs', './dir/index', './dir/../a']) {
        expect([spec, r(spec)]).toEqual([spec, resolver.resolve(at('x.ts'), spec, 'import').resolved]);
      }
    } finally {
      removeTree(root);
    }
  });

  it('agrees with the resolver on every fixture, on real packages and on the generated benchmark project', async () => {
    let asked = 0;
    let answered = 0;
    const add = ([a, b]: [number, number]) => {
      asked += a;
      answered += b;
    };
    for (const name of ['esm', 'commonjs', 'ts-paths', 'monorepo', 'exports-conditions', 'cycles', 'dynamic', 'jsx', 'syntax-error']) add(await compareTree(path.join(FIXTURES, name)));
    const tmp = makeTree({});
    try {
      for (const dir of ['rxjs/src', 'ajv/lib', 'moment/src', 'date-fns', '@redis/client/dist', 'dependency-cruiser/src']) {
        const from = path.join(NODE_MODULES, dir);
        const copy = path.join(tmp, dir.replaceAll('/', '-'));
        cpSync(from, copy, { recursive: true, filter: (p) => !p.endsWith('.map') && !p.slice(from.length).includes('node_modules') });
        add(await compareTree(copy));
      }
      const { generateProject } = (await import('../../bench/graph-gen.js')) as { generateProject: (dir: string, count: number) => unknown };
      mkdirSync(path.join(tmp, 'gen'));
      generateProject(path.join(tmp, 'gen'), 300);
      add(await compareTree(path.join(tmp, 'gen')));
    } finally {
      removeTree(tmp);
    }
    expect(asked).toBeGreaterThan(8000);
    // Nearly all of them are answered from the listings.
    expect(answered / asked).toBeGreaterThan(0.9);
  }, 120_000);

  it('buildGraph uses the listings (same edges as the resolver alone), but not for files it was handed', async () => {
    const dir = path.join(FIXTURES, 'ts-paths');
    const walked = await buildGraph(dir, { usage: false });
    const handed = await buildGraph(dir, { usage: false, files: (await discoverTree(dir)).files });
    expect(buildStats(walked)?.listedResolutions).toBeGreaterThan(0);
    expect(buildStats(handed)?.listedResolutions).toBe(0);
    const edges = (g: typeof walked) => [...g.modules.values()].flatMap((m) => m.imports.map((r) => `${m.file} ${r.specifier} ${r.resolved} ${r.package ?? ''}`));
    expect(edges(walked)).toEqual(edges(handed));
  });

  it('judges case sensitivity by the folder itself', () => {
    expect(caseSensitiveAt('/some/Where', (p) => p === '/SOME/wHERE')).toBe(false);
    expect(caseSensitiveAt('/some/Where', () => false)).toBe(true);
    expect(caseSensitiveAt(FIXTURES, existsSync)).toBe(!existsSync(FIXTURES.toUpperCase()) || FIXTURES === FIXTURES.toUpperCase());
  });
});
