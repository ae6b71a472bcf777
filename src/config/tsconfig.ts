import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The TypeScript settings that change what a fix may do. */
export interface TsSettings {
  emitDecoratorMetadata: boolean;
  verbatimModuleSyntax: boolean;
  esModuleInterop: boolean;
  experimentalDecorators: boolean;
  /** `module` as written (lower-cased), e.g. "nodenext", "commonjs", "esnext". */
  module: string | null;
  /** `jsx` as written (lower-cased): "react" (classic), "react-jsx" (automatic runtime), "preserve"... */
  jsx: string | null;
  /** The first name of `jsxFactory` (`preact` of "preact.h"), when set: what classic JSX calls. */
  jsxFactoryRoot: string | null;
  /** The first name of `jsxFragmentFactory` (`Fragment`), when set: what classic JSX calls for `<>`. */
  jsxFragmentRoot: string | null;
}

/** Strips comments and trailing commas (tsconfig is JSONC) without touching strings. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) break;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function readChain(file: string, seen = new Set<string>()): Record<string, unknown> {
  if (seen.has(file) || !existsSync(file)) return {};
  seen.add(file);
  let json: { extends?: string | string[]; compilerOptions?: Record<string, unknown> };
  try {
    json = parseJsonc(readFileSync(file, 'utf8')) as typeof json;
  } catch {
    return {};
  }
  let base: Record<string, unknown> = {};
  const parents = json.extends === undefined ? [] : Array.isArray(json.extends) ? json.extends : [json.extends];
  for (const ext of parents) {
    const rel = ext.startsWith('.') ? path.resolve(path.dirname(file), ext) : path.resolve(path.dirname(file), 'node_modules', ext);
    const target = existsSync(rel) ? rel : `${rel}.json`;
    base = { ...base, ...readChain(target, seen) };
  }
  return { ...base, ...json.compilerOptions };
}

/** Reads the project's tsconfig.json (following `extends`); defaults when there is none. */
export function readTsSettings(root: string): TsSettings {
  const o = readChain(path.join(root, 'tsconfig.json'));
  const mod = typeof o.module === 'string' ? o.module.toLowerCase() : null;
  return {
    emitDecoratorMetadata: o.emitDecoratorMetadata === true,
    verbatimModuleSyntax: o.verbatimModuleSyntax === true,
    // tsc turns esModuleInterop on by default for module node16/nodenext/preserve.
    esModuleInterop: o.esModuleInterop === true || (o.esModuleInterop === undefined && (mod === 'node16' || mod === 'nodenext' || mod === 'preserve')),
    experimentalDecorators: o.experimentalDecorators === true,
    module: mod,
    jsx: typeof o.jsx === 'string' ? o.jsx.toLowerCase() : null,
    jsxFactoryRoot: typeof o.jsxFactory === 'string' ? (o.jsxFactory.split('.')[0] ?? null) : null,
    jsxFragmentRoot: typeof o.jsxFragmentFactory === 'string' ? (o.jsxFragmentFactory.split('.')[0] ?? null) : null,
  };
}

/**
 * The file Node runs for an entry: a TypeScript source maps to its compiled output through the
 * tsconfig `rootDir`/`outDir` (src/cli.ts -> dist/cli.js); anything else is returned as is.
 */
export function runnableEntry(root: string, entry: string): string {
  if (!/\.(c|m)?tsx?$/.test(entry) || entry.endsWith('.d.ts')) return entry;
  const o = readChain(path.join(root, 'tsconfig.json'));
  if (typeof o.outDir !== 'string') return entry;
  const outDir = path.resolve(root, o.outDir);
  // Without rootDir, tsc uses the common folder of the inputs: usually src/ or the root.
  const rootDirs = typeof o.rootDir === 'string' ? [path.resolve(root, o.rootDir)] : [path.join(root, 'src'), root];
  const mapped = rootDirs
    .map((dir) => path.relative(dir, entry))
    .filter((rel) => !rel.startsWith('..'))
    .map((rel) => path.join(outDir, rel).replace(/\.(c|m)?tsx?$/, (_m, k: string | undefined) => (k ? `.${k}js` : '.js')));
  return mapped.find((f) => existsSync(f)) ?? mapped[0] ?? entry;
}
