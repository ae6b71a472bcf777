import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { makeTree, removeTree } from './tmp.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

// Node resolves each job the way it would at run time: require() through createRequire, import
// through import.meta.resolve (which answers a path even for a missing file: existence is checked
// by the test).
const CHILD = `
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = jobs.map((j) => {
  try {
    if (j.mode === 'require') return createRequire(j.file).resolve(j.spec);
    const url = import.meta.resolve(j.spec, pathToFileURL(j.file).href);
    return url.startsWith('file:') ? fileURLToPath(url) : null;
  } catch {
    return null;
  }
});
writeFileSync(process.argv[3], JSON.stringify(out));
`;

const real = (p: string | null): string | null => {
  if (p === null || !existsSync(p)) return null;
  return realpathSync(p);
};

describe('resolution against Node itself', () => {
  it('resolves every import of real JavaScript packages as Node does (exports and imports maps, conditions, main, extensions, index files)', async () => {
    // Sources copied out of node_modules (the repository's .gitignore hides node_modules from
    // discovery); their own dependencies resolve through a link to the installed node_modules.
    const root = makeTree({ 'package.json': '{ "name": "oracle" }\n' });
    try {
      cpSync(path.join(NODE_MODULES, 'dependency-cruiser/src'), path.join(root, 'dc/src'), { recursive: true });
      // Its package.json carries the `imports` map (#utl/...) the sources use.
      cpSync(path.join(NODE_MODULES, 'dependency-cruiser/package.json'), path.join(root, 'dc/package.json'));
      cpSync(path.join(NODE_MODULES, '@redis/client/dist'), path.join(root, 'redis'), { recursive: true, filter: (p) => !p.endsWith('.map') });
      const dateFns = path.join(NODE_MODULES, 'date-fns');
      cpSync(dateFns, path.join(root, 'date-fns'), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.slice(dateFns.length).includes('node_modules') });
      cpSync(path.join(NODE_MODULES, 'ajv/dist'), path.join(root, 'ajv'), { recursive: true, filter: (p) => !p.endsWith('.map') });
      symlinkSync(NODE_MODULES, path.join(root, 'node_modules'), 'dir');

      const graph = await buildGraph(root, { usage: false });
      const jobs: { file: string; spec: string; mode: 'import' | 'require'; ours: string | null }[] = [];
      for (const mod of graph.modules.values()) {
        // TypeScript sources follow TypeScript's conventions (./x.js naming x.ts), not Node's.
        if (!/\.[cm]?js$/.test(mod.file)) continue;
        for (const rec of mod.imports) {
          if (rec.kind === 'type' || rec.unresolvedDynamic || rec.builtin) continue;
          const mode = rec.kind === 'require' || (rec.kind !== 'dynamic' && mod.format === 'cjs') ? 'require' : 'import';
          jobs.push({ file: mod.file, spec: rec.specifier, mode, ours: rec.resolved });
        }
      }
      const jobsFile = path.join(root, 'jobs.json');
      const outFile = path.join(root, 'node.json');
      const child = path.join(root, 'child.mjs');
      writeFileSync(jobsFile, JSON.stringify(jobs));
      writeFileSync(child, CHILD);
      execFileSync(process.execPath, ['--experimental-import-meta-resolve', child, jobsFile, outFile]);
      const answers = JSON.parse(readFileSync(outFile, 'utf8')) as (string | null)[];
      const differences = jobs
        .map((j, i) => ({ at: `${path.relative(root, j.file)} ${j.mode} '${j.spec}'`, node: real(answers[i]), ours: real(j.ours) }))
        .filter((d) => d.node !== d.ours);
      expect(differences).toEqual([]);
      expect(jobs.length).toBeGreaterThan(5000);
      // All four kinds of lookup took part.
      expect(jobs.some((j) => j.spec.startsWith('#'))).toBe(true);
      expect(jobs.some((j) => j.mode === 'require' && !j.spec.startsWith('.'))).toBe(true);
      expect(jobs.some((j) => j.mode === 'import' && !j.spec.startsWith('.') && !j.spec.startsWith('#'))).toBe(true);
    } finally {
      removeTree(root);
    }
  }, 60_000);
});
