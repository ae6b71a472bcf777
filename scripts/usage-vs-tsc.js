#!/usr/bin/env node
// Checks perf-lint's usage classification of every import binding of the TypeScript files under a
// folder against TypeScript itself, and prints every difference:
// - "unused" against the noUnusedLocals diagnostics (6133, 6192, 6196, 6198) of a program of
//   every file;
// - "used as a value" against the imports ts.transpileModule keeps (it drops the names that are
//   unused or used only as types).
// Packages need not be installed. Needs the build (`npm run build`); several minutes for
// thousands of files.
// Usage: node scripts/usage-vs-tsc.js <dir>   (e.g. the `realts` input of bench/graph.js)
import { readdirSync, readFileSync } from 'node:fs';
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

/** The local names of the imports ts.transpileModule keeps in `file`. */
function keptByTranspile(file) {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.Preserve, experimentalDecorators: true },
  });
  const out = ts.createSourceFile('out.jsx', outputText, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JSX);
  const kept = new Set();
  for (const st of out.statements) {
    const c = ts.isImportDeclaration(st) ? st.importClause : undefined;
    if (!c) continue;
    if (c.name) kept.add(c.name.text);
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) kept.add(c.namedBindings.name.text);
    else if (c.namedBindings) for (const e of c.namedBindings.elements) kept.add(e.name.text);
  }
  return kept;
}

const counts = { unused: [0, 0], value: [0, 0] };
const differ = [];
for (const mod of graph.modules.values()) {
  if (!/\.[cm]?tsx?$/.test(mod.file) || mod.parseError) continue;
  const kept = keptByTranspile(mod.file);
  for (const b of mod.bindings) {
    const rec = mod.imports[b.importIndex];
    if (rec.kind === 'require' || rec.importEquals) continue;
    const where = `${path.relative(dir, mod.file)}:${rec.line} ${b.local}`;
    const tsUnused = unusedByTs.has(`${path.relative(dir, mod.file)} ${b.local}`);
    counts.unused[tsUnused === b.unused ? 0 : 1]++;
    if (tsUnused !== b.unused) differ.push(`${where}: perf-lint ${b.unused ? 'unused' : 'used'}, noUnusedLocals ${tsUnused ? 'unused' : 'does not report it'}`);
    const value = !b.unused && !b.typeOnly && !b.declaredAsType;
    counts.value[value === kept.has(b.local) ? 0 : 1]++;
    if (value !== kept.has(b.local)) differ.push(`${where}: perf-lint ${value ? 'a value use' : 'no value use'}, transpileModule ${kept.has(b.local) ? 'keeps' : 'drops'} it`);
  }
}
console.log(`unused: ${counts.unused[0]} bindings the same, ${counts.unused[1]} different`);
console.log(`used as a value: ${counts.value[0]} bindings the same, ${counts.value[1]} different`);
for (const line of differ) console.log(line);
process.exitCode = differ.length > 0 ? 1 : 0;
