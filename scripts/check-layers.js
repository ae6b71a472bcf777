#!/usr/bin/env node
// The layering rules of docs/architecture.md, checked with perf-lint's own parser over src/ and rules/.
// Exits 1 and names each offending import when a layer reaches where it must not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseModule } = await import(path.join(repo, 'dist/src/graph/parse.js'));

const HEAVY = ['typescript', 'ts-morph', 'jscodeshift', 'madge', 'dependency-cruiser']; // jscodeshift is not a dependency; kept so it never creeps back in eagerly
const rules = [
  // [files, predicate(import) -> reason | null]
  ['src/runtime/**', (imp, from) => (imp.specifier.startsWith('.') && !path.resolve(path.dirname(from), imp.specifier).startsWith(path.join(repo, 'src/runtime')) ? 'src/runtime imports nothing else of perf-lint' : null)],
  ['src/report/**', (imp) => (/\/(graph|cost|fix|measure)\//.test(imp.specifier) && imp.kind !== 'type' ? 'reporters read result types only' : null)],
  ['rules/**', (imp) => (imp.specifier.startsWith('node:') || ['fs', 'child_process', 'process'].includes(imp.specifier) ? 'rules never touch fs or process' : null)],
  ['src/engine/**', (imp) => (imp.specifier.includes('/rules/') && imp.kind !== 'type' ? 'the engine never imports rules/' : null)],
  ['src/measure/probe*', (imp) => (!imp.specifier.startsWith('node:') && !imp.builtin && !['fs', 'path', 'module', 'perf_hooks', 'url', 'worker_threads', 'v8'].includes(imp.specifier) ? 'the probe uses Node builtins only' : null)],
  ['{src,rules}/**', (imp) => (HEAVY.includes(imp.specifier) && (imp.kind === 'static' || imp.kind === 'side-effect' || (imp.kind === 'require' && !imp.nested)) ? `${imp.specifier} must be loaded with await import() inside the command that needs it` : null)],
];
let bad = 0;
for (const [glob, check] of rules) {
  for (const rel of globSync(glob, { cwd: repo, ignore: ['**/*.d.ts', '**/*.md'] })) {
    if (!/\.(ts|js|mjs|cjs)$/.test(rel)) continue;
    const file = path.join(repo, rel);
    const parsed = parseModule(file, readFileSync(file, 'utf8'));
    for (const imp of parsed.imports) {
      const reason = check(imp, file);
      if (reason) {
        bad++;
        console.error(`${rel}:${imp.line}:${imp.column} imports '${imp.specifier}': ${reason}`);
      }
    }
  }
}
if (bad) process.exitCode = 1;
else console.log('layers: ok');
