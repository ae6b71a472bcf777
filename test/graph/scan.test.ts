import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { discoverFiles } from '../../src/graph/discover.js';
import { parseModule } from '../../src/graph/parse.js';
import { createResolver } from '../../src/graph/resolve.js';
import { scanImports, scanStats } from '../../src/graph/scan.js';
import { edgeLines, FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** scanImports must yield exactly parseModule's import records (and parse error) for every file. */
async function compareTree(dir: string): Promise<number> {
  const files = await discoverFiles(dir);
  const resolver = createResolver(dir);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const format = resolver.formatHint(file);
    const fast = scanImports(file, source, format);
    const full = parseModule(file, source, { format });
    expect({ file, imports: fast.imports, parseError: fast.parseError, format: fast.format, mentionsSuppression: fast.mentionsSuppression }).toEqual({
      file,
      imports: full.imports,
      parseError: full.parseError,
      format: full.format,
      mentionsSuppression: full.mentionsSuppression,
    });
  }
  return files.length;
}

describe('scanImports (the imports-only fast path)', () => {
  it('notes, as parseModule does, whether the text mentions a suppression directive', () => {
    const marked = "import 'a';\n// perf-lint-disable-next-line prefer-lazy-import\nimport 'b';\n";
    for (const parse of [scanImports, parseModule]) {
      expect(parse('/p/a.ts', marked).mentionsSuppression).toBe(true);
      expect(parse('/p/a.ts', "import 'a';\n// perf-lint is mentioned, no directive\n").mentionsSuppression).toBe(false);
    }
  });

  it('matches parseModule on every fixture file', async () => {
    let n = 0;
    for (const name of ['esm', 'commonjs', 'ts-paths', 'monorepo', 'exports-conditions', 'cycles', 'dynamic', 'jsx', 'syntax-error']) {
      n += await compareTree(path.join(FIXTURES, name));
    }
    expect(n).toBeGreaterThan(40);
  });

  it('matches parseModule on real packages (TypeScript, ESM and CommonJS sources: rxjs, ajv, moment, date-fns, lodash, @redis, dependency-cruiser)', async () => {
    // Installed devDependencies, copied out of node_modules (which this repository's .gitignore,
    // rightly, hides from discovery).
    const tmp = makeTree({});
    try {
      let n = 0;
      for (const dir of ['rxjs/src', 'ajv/lib', 'moment/src', 'date-fns', 'lodash', '@redis/client/dist', 'dependency-cruiser/src']) {
        const copy = path.join(tmp, dir.replaceAll('/', '-'));
        cpSync(path.join(NODE_MODULES, dir), copy, { recursive: true, filter: (p) => !p.endsWith('.map') });
        n += await compareTree(copy);
      }
      expect(n).toBeGreaterThan(4000);
      // Most CommonJS files were read by the token reader, not the full parse.
      expect(scanStats.lexed).toBeGreaterThan(1500);
    } finally {
      removeTree(tmp);
    }
  });

  it('matches parseModule on real TypeScript packages full of generics (effect, zod)', async () => {
    const tmp = makeTree({});
    try {
      let n = 0;
      const lexedBefore = scanStats.lexed;
      const fullBefore = scanStats.full;
      for (const dir of ['effect/src', 'zod/src']) {
        const copy = path.join(tmp, dir.replaceAll('/', '-'));
        cpSync(path.join(NODE_MODULES, dir), copy, { recursive: true, filter: (p) => !p.endsWith('.map') });
        n += await compareTree(copy);
      }
      expect(n).toBeGreaterThan(800);
      // Files that call import() or require(), and use generic arrow functions: the token reader
      // answers 15 of them, and 6 go to the full parse. Before, every file that says "require" in a
      // comment went to the token reader too: 81 (25 when it left every `<T>(` to the parser).
      expect(scanStats.lexed - lexedBefore).toBeGreaterThan(10);
      expect(scanStats.full - fullBefore).toBeLessThan(10);
    } finally {
      removeTree(tmp);
    }
  });

  it("matches parseModule on the benchmark's generated TypeScript project (import() in uncalled functions)", async () => {
    const tmp = makeTree({});
    try {
      const { generateProject } = (await import('../../bench/graph-gen.js')) as { generateProject: (dir: string, count: number) => unknown };
      generateProject(tmp, 300);
      const lexedBefore = scanStats.lexed;
      expect(await compareTree(tmp)).toBe(300);
      expect(scanStats.lexed - lexedBefore).toBeGreaterThan(20);
    } finally {
      removeTree(tmp);
    }
  });

  it('buildGraph({ usage: false }) gives the same edges with empty bindings', async () => {
    for (const name of ['esm', 'ts-paths', 'cycles', 'jsx']) {
      const dir = path.join(FIXTURES, name);
      const full = await buildGraph(dir);
      const fast = await buildGraph(dir, { usage: false });
      expect(edgeLines(fast)).toEqual(edgeLines(full));
    }
    const esm = await buildGraph(path.join(FIXTURES, 'esm'), { usage: false });
    expect(esm.modules.get(path.join(FIXTURES, 'esm/src/index.js'))?.bindings).toEqual([]);
    expect((await buildGraph(path.join(FIXTURES, 'esm'))).modules.get(path.join(FIXTURES, 'esm/src/index.js'))?.bindings.length).toBeGreaterThan(0);
  });
});
