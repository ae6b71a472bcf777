/**
 * The graph-only fast path: a file's imports from oxc-parser's module record, without touching
 * the AST. Reading the AST (deserialising it to JS objects) and walking it for binding usage costs
 * about 5x the parse itself, and `perf-lint graph` needs only the imports. Files where the module
 * record is not enough (any `require`, any `import(...)`: their nesting needs the AST) go through
 * parseModule, so every record is the same as parseModule's (test/graph/scan.test.ts checks it on
 * the fixtures and on real packages).
 */
import { parseSync } from 'oxc-parser';
import type { ParserOptions } from 'oxc-parser';
import { emptyModule, importsFromModuleRecord, LineIndex, parseModule } from './parse.js';
import type { ParsedModule } from './types.js';

function langOf(file: string): { lang: ParserOptions['lang']; dts: boolean } {
  if (/\.d\.[cm]?ts$/.test(file)) return { lang: 'dts', dts: true };
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return { lang: 'ts', dts: false };
  if (ext === '.tsx') return { lang: 'tsx', dts: false };
  // As parse.ts does: JSX is common in .js files and the jsx grammar is a superset here.
  return { lang: 'jsx', dts: false };
}

// `require` anywhere (call, `import x = require`, createRequire) or a dynamic import.
const NEEDS_AST = /\brequire\b|\bimport\s*\(/;

/**
 * The imports of one file, as parseModule reports them, with `bindings` and `exports` left empty
 * when the fast path applies. Never throws on a syntax error (sets parseError).
 */
export function scanImports(file: string, source: string, format?: 'esm' | 'cjs'): ParsedModule {
  if (NEEDS_AST.test(source)) return parseModule(file, source, { format });
  const { lang, dts } = langOf(file);
  // No format given: detected from the syntax, as Node 20.19+ and parseModule do.
  const sourceType = format === 'esm' ? 'module' : format === 'cjs' ? 'commonjs' : 'unambiguous';
  const result = parseSync(file, source, { lang, sourceType, preserveParens: false });
  const lines = new LineIndex(source);
  const out = emptyModule(file, format ?? (result.module.hasModuleSyntax ? 'esm' : 'cjs'));
  if (result.errors.length > 0) {
    // parseModule's error handling and recovery, exactly.
    return parseModule(file, source, { format });
  }
  // No `import(...)` here (NEEDS_AST), so the record holds every import; a .d.ts only has types.
  out.imports = importsFromModuleRecord(result.module, source, lines).map((r) => (dts ? { ...r, kind: 'type' as const } : r));
  return out;
}
