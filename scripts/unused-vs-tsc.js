#!/usr/bin/env node
// Compares perf-lint's "unused" for every import binding of the TypeScript files under a folder with
// TypeScript's own noUnusedLocals diagnostics (6133, 6192, 6196, 6198), and prints every
// difference. Packages need not be installed. Needs the build (`npm run build`); several minutes
// for thousands of files.
// Usage: node scripts/unused-vs-tsc.js <dir>   (e.g. the `realts` input of bench/graph.js)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '.');
const { buildGraph } = await import(path.join(repo, 'dist/src/graph/build.js'));

const files = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.[cm]?tsx?$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) files.push(p);
  }
})(dir);

const program = ts.createProgram(files, {
  noEmit: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  allowImportingTsExtensions: true,
  experimentalDecorators: true,
  skipLibCheck: true,
  types: [],
});
// "file name" for every name inside an unused-declaration diagnostic (they span the name, or the
// whole import declaration when all of its names are unused).
const unusedByTs = new Set();
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.startsWith(dir + path.sep)) continue;
  for (const d of program.getSemanticDiagnostics(sf)) {
    if (![6133, 6192, 6196, 6198].includes(d.code) || d.start === undefined) continue;
    for (const m of sf.text.slice(d.start, d.start + (d.length ?? 0)).matchAll(/[A-Za-z_$][\w$]*/g)) {
      unusedByTs.add(`${path.relative(dir, sf.fileName)} ${m[0]}`);
    }
  }
}

const graph = await buildGraph(dir, { usage: true });
let same = 0;
const differ = [];
for (const mod of graph.modules.values()) {
  if (!/\.[cm]?tsx?$/.test(mod.file)) continue;
  for (const b of mod.bindings) {
    const rec = mod.imports[b.importIndex];
    if (rec.kind === 'require') continue;
    const key = `${path.relative(dir, mod.file)} ${b.local}`;
    if (unusedByTs.has(key) === b.unused) same++;
    else differ.push(`${key} (line ${rec.line}): perf-lint ${b.unused ? 'unused' : 'used'}, TypeScript ${b.unused ? 'does not report it' : 'unused'}`);
  }
}
console.log(`${same + differ.length} import bindings, ${same} the same, ${differ.length} different`);
for (const line of differ) console.log(line);
process.exitCode = differ.length > 0 ? 1 : 0;
