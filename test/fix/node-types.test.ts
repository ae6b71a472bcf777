/**
 * A lazy require() written into TypeScript needs Node's types: the fixer asks the tsconfig that
 * owns the file (references followed, as in Vite's tsconfig.app.json / tsconfig.node.json split),
 * and without them writes shape D (await import()) where every use is async, or nothing. Checked
 * with the real tsc on the fixed project.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTypesFor } from '../../src/config/node-types.js';
import { applyFixes } from '../../src/fix/index.js';
import { REPO, removeDir, tempProject } from './helpers.js';

const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

function tsc(dir: string, project = 'tsconfig.json'): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [TSC, '-p', project, '--noEmit'], { cwd: dir, encoding: 'utf8' }) };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

const HEAVY = (name: string): Record<string, string> => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', types: 'index.d.ts' }),
  [`node_modules/${name}/index.js`]: 'export const parse = (s) => s.length;\n',
  [`node_modules/${name}/index.d.ts`]: 'export declare function parse(s: string): number;\n',
});
const NODE_TYPES = { 'node_modules/@types/node/package.json': '{ "name": "@types/node", "version": "20.0.0", "types": "index.d.ts" }', 'node_modules/@types/node/index.d.ts': 'declare var require: (id: string) => any;\n' };

describe('nodeTypesFor', () => {
  it('follows a solution tsconfig to the referenced project that takes the file (Vite layout)', () => {
    const dir = tempProject(
      {
        'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.node.json" }] }',
        'tsconfig.app.json': '{ "compilerOptions": { "types": ["vite/client"] }, "include": ["src"] }',
        'tsconfig.node.json': '{ "compilerOptions": { "types": ["node"] }, "include": ["vite.config.ts"] }',
        'src/main.ts': '',
        'vite.config.ts': '',
        ...NODE_TYPES,
      },
      { packages: false },
    );
    try {
      expect(nodeTypesFor(join(dir, 'src/main.ts'), dir)).toEqual({ ok: false, reason: 'tsconfig.app.json sets compilerOptions.types without "node"' });
      expect(nodeTypesFor(join(dir, 'vite.config.ts'), dir)).toEqual({ ok: true });
    } finally {
      removeDir(dir);
    }
  });

  it('reads types and typeRoots through extends, and looks for @types/node above the tsconfig', () => {
    const dir = tempProject(
      {
        'configs/base.json': '{ "compilerOptions": { "typeRoots": ["../types"] } }',
        'app/tsconfig.json': '{ "extends": "../configs/base.json" }',
        'app/a.ts': '',
        'lib/tsconfig.json': '{ "include": ["**/*.ts"] }',
        'lib/b.ts': '',
        'other/c.ts': '',
      },
      { packages: false },
    );
    try {
      expect(nodeTypesFor(join(dir, 'app/a.ts'), dir)).toEqual({ ok: false, reason: "no 'node' in app/tsconfig.json's typeRoots" });
      expect(nodeTypesFor(join(dir, 'lib/b.ts'), dir)).toEqual({ ok: false, reason: '@types/node is not installed' });
      // typeRoots are relative to the tsconfig that sets them (configs/), so ../types is <root>/types.
      for (const file of ['types/node/index.d.ts', 'node_modules/@types/node/index.d.ts']) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), '');
      }
      expect(nodeTypesFor(join(dir, 'app/a.ts'), dir)).toEqual({ ok: true });
      expect(nodeTypesFor(join(dir, 'lib/b.ts'), dir)).toEqual({ ok: true });
      // No tsconfig at all: the default program takes every @types package above the file.
      expect(nodeTypesFor(join(dir, 'other/c.ts'), dir)).toEqual({ ok: true });
    } finally {
      removeDir(dir);
    }
  });
});

describe('lazy fixes in TypeScript without Node types', () => {
  it('writes await import() where every use is async, skips the rest, and tsc still passes', async () => {
    const sync = "import { parse } from 'heavy-a';\nexport function f(s: string): number {\n  return parse(s);\n}\n";
    const dir = tempProject(
      {
        'package.json': '{ "name": "app", "type": "module" }',
        // As a browser app's tsconfig: Node's types left out on purpose.
        'tsconfig.json': '{ "compilerOptions": { "target": "es2022", "module": "esnext", "moduleResolution": "bundler", "strict": true, "types": [] }, "include": ["src"] }',
        'src/a.ts': sync,
        'src/b.ts': "import { parse } from 'heavy-b';\nexport async function g(s: string): Promise<number> {\n  return parse(s);\n}\n",
        ...HEAVY('heavy-a'),
        ...HEAVY('heavy-b'),
      },
      { packages: false },
    );
    try {
      expect(tsc(dir)).toEqual({ code: 0, out: '' });
      const plans = (['a', 'b'] as const).map((n) => ({ kind: 'lazy' as const, file: join(dir, `src/${n}.ts`), specifier: `heavy-${n}`, importIndexes: [0], shape: 'require' as const }));
      const r = await applyFixes(plans, { root: dir, dryRun: false, ts: { module: 'esnext' } });
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([{ file: 'src/a.ts', reason: 'a lazy require() in TypeScript needs Node\'s types (@types/node), and tsconfig.json sets compilerOptions.types without "node"' }]);
      expect(r.fixed).toEqual(['src/b.ts']);
      expect(readFileSync(join(dir, 'src/a.ts'), 'utf8')).toBe(sync);
      const b = readFileSync(join(dir, 'src/b.ts'), 'utf8');
      expect(b).toContain("import('heavy-b')");
      expect(b).not.toContain('require');
      expect(tsc(dir)).toEqual({ code: 0, out: '' });
    } finally {
      removeDir(dir);
    }
  });

  it('with Node types the synchronous shape is written, and tsc passes', async () => {
    const dir = tempProject(
      {
        'package.json': '{ "name": "app", "type": "module" }',
        'tsconfig.json': '{ "compilerOptions": { "target": "es2022", "module": "esnext", "moduleResolution": "bundler", "strict": true }, "include": ["src"] }',
        'src/a.ts': "import { parse } from 'heavy-a';\nexport function f(s: string): number {\n  return parse(s);\n}\n",
        ...HEAVY('heavy-a'),
      },
      { packages: false },
    );
    try {
      // The real @types/node, as a project that installs it has.
      symlinkSync(join(REPO, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
      const r = await applyFixes([{ kind: 'lazy', file: join(dir, 'src/a.ts'), specifier: 'heavy-a', importIndexes: [0], shape: 'require' }], { root: dir, dryRun: false, ts: { module: 'esnext' } });
      expect(r.fixed).toEqual(['src/a.ts']);
      expect(readFileSync(join(dir, 'src/a.ts'), 'utf8')).toContain("createRequire } from 'node:module'");
      expect(tsc(dir)).toEqual({ code: 0, out: '' });
    } finally {
      removeDir(dir);
    }
  });
});
