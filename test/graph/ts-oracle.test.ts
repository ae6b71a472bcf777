import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The compiler options of the tsconfig nearest to `file` (paths, baseUrl, extends), with bundler resolution. */
function optionsFor(file: string, memo: Map<string, ts.CompilerOptions>): ts.CompilerOptions {
  const config = ts.findConfigFile(path.dirname(file), ts.sys.fileExists);
  const key = config ?? '';
  let options = memo.get(key);
  if (!options) {
    const parsed = config ? ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} }) : undefined;
    // Bundler resolution: extensionless and `.js` specifiers, index files, paths; the project's
    // own `module`/`moduleResolution` may differ, and those differences are not what this checks.
    options = { ...(parsed?.options ?? {}), module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowJs: true };
    memo.set(key, options);
  }
  return options;
}

/**
 * For every import of every TypeScript file under `dir` that TypeScript resolves to a project
 * source file (not a declaration file, not a package), the graph must name the same file.
 */
async function compareTree(dir: string): Promise<{ compared: number; differences: string[] }> {
  const graph = await buildGraph(dir, { usage: false });
  const memo = new Map<string, ts.CompilerOptions>();
  const differences: string[] = [];
  let compared = 0;
  for (const mod of graph.modules.values()) {
    if (!/\.[cm]?tsx?$/.test(mod.file)) continue;
    for (const rec of mod.imports) {
      if (rec.unresolvedDynamic) continue;
      const r = ts.resolveModuleName(rec.specifier, mod.file, optionsFor(mod.file, memo), ts.sys).resolvedModule;
      if (!r || r.isExternalLibraryImport || /\.d\.[cm]?ts$/.test(r.resolvedFileName)) continue;
      compared++;
      const tsFile = path.resolve(r.resolvedFileName);
      if (rec.resolved !== tsFile) differences.push(`${path.relative(dir, mod.file)} '${rec.specifier}': typescript ${tsFile}, perf-lint ${rec.resolved}`);
    }
  }
  return { compared, differences };
}

describe('resolution against TypeScript itself', () => {
  it('names the same source file as ts.resolveModuleName for TypeScript imports (relative, .js -> .ts, index files, paths/baseUrl through extends)', async () => {
    let compared = 0;
    const differences: string[] = [];
    const add = (r: { compared: number; differences: string[] }) => {
      compared += r.compared;
      differences.push(...r.differences);
    };
    for (const name of ['ts-paths', 'monorepo', 'cycles']) add(await compareTree(path.join(FIXTURES, name)));
    add(await compareTree(path.join(REPO, 'fixtures/demo-app')));
    const tmp = makeTree({});
    try {
      for (const dir of ['rxjs/src', 'ajv/lib']) {
        const copy = path.join(tmp, dir.replaceAll('/', '-'));
        cpSync(path.join(NODE_MODULES, dir), copy, { recursive: true, filter: (p) => !p.endsWith('.map') });
        add(await compareTree(copy));
      }
    } finally {
      removeTree(tmp);
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(1500);
  }, 120_000);
});
