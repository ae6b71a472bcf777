import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles, isSourceFile } from '../../src/graph/discover.js';
import { InputError } from '../../src/errors.js';
import { makeTree, removeTree } from './tmp.js';

let root: string;
const rel = (files: string[]): string[] => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

beforeAll(() => {
  root = makeTree({
    '.gitignore': 'dist/\n*.gen.ts\n',
    'src/a.ts': '',
    'src/b.mts': '',
    'src/c.cts': '',
    'src/d.tsx': '',
    'src/e.js': '',
    'src/f.mjs': '',
    'src/g.cjs': '',
    'src/h.jsx': '',
    'src/types.d.ts': '',
    'src/more.d.mts': '',
    'src/x.gen.ts': '',
    'src/readme.md': '',
    'src/data.json': '{}',
    'dist/out.js': '',
    'node_modules/pkg/index.js': '',
    'src/node_modules/nested/index.js': '',
    'sub/.gitignore': 'local.js\n!keep.gen.ts\n',
    'sub/local.js': '',
    'sub/keep.js': '',
    'sub/keep.gen.ts': '',
    'sub/deeper/local.js': '',
    'test/a.test.ts': '',
  });
});
afterAll(() => removeTree(root));

describe('discoverFiles', () => {
  it('finds every source extension, honours root and nested .gitignore (with negation), skips node_modules and declarations', async () => {
    expect(rel(await discoverFiles(root))).toEqual([
      'src/a.ts',
      'src/b.mts',
      'src/c.cts',
      'src/d.tsx',
      'src/e.js',
      'src/f.mjs',
      'src/g.cjs',
      'src/h.jsx',
      'sub/keep.gen.ts',
      'sub/keep.js',
      'test/a.test.ts',
    ]);
  });

  it('applies include and exclude globs relative to the root', async () => {
    expect(rel(await discoverFiles(root, { include: ['src/**'], exclude: ['**/*.tsx', 'src/?.cjs'] }))).toEqual([
      'src/a.ts',
      'src/b.mts',
      'src/c.cts',
      'src/e.js',
      'src/f.mjs',
      'src/h.jsx',
    ]);
  });

  it('walks only the given paths; a subfolder still honours the ancestors’ .gitignore; an explicit file is taken as asked', async () => {
    expect(rel(await discoverFiles(root, { paths: ['sub'] }))).toEqual(['sub/keep.gen.ts', 'sub/keep.js']);
    expect(rel(await discoverFiles(root, { paths: ['sub/local.js', path.join(root, 'src/a.ts')] }))).toEqual(['src/a.ts', 'sub/local.js']);
  });

  it('honours the .gitignore files above the project root up to the git work tree top', async () => {
    const repo = makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'generated/\n', 'packages/app/src/a.ts': '', 'packages/app/generated/b.ts': '' });
    try {
      const app = path.join(repo, 'packages/app');
      expect((await discoverFiles(app)).map((f) => path.relative(app, f))).toEqual([path.join('src', 'a.ts')]);
    } finally {
      removeTree(repo);
    }
  });

  it('does not follow symbolic links, to files or folders, and does not enter an ignored folder even for a negated file below it', async () => {
    const tree = makeTree({
      '.gitignore': 'build/\n',
      'build/.gitignore': '!kept.ts\n',
      'build/kept.ts': '',
      'src/a.ts': '',
      'other/b.ts': '',
    });
    try {
      symlinkSync(path.join(tree, 'other/b.ts'), path.join(tree, 'src/link.ts'));
      symlinkSync(path.join(tree, 'other'), path.join(tree, 'src/folder'));
      expect((await discoverFiles(tree)).map((f) => path.relative(tree, f).split(path.sep).join('/'))).toEqual(['other/b.ts', 'src/a.ts']);
    } finally {
      removeTree(tree);
    }
  });

  it('throws InputError for a path that does not exist', async () => {
    await expect(discoverFiles(root, { paths: ['nope/here.ts'] })).rejects.toBeInstanceOf(InputError);
    await expect(discoverFiles(root, { paths: ['nope/here.ts'] })).rejects.toThrow(/nope\/here\.ts: no such file or directory/);
    await expect(discoverFiles(path.join(root, 'missing-root'))).rejects.toBeInstanceOf(InputError);
  });

  it('takes extensionless entry scripts that Node runs, inside what is analysed only', async () => {
    const dir = makeTree({
      'bin/node-env': '#!/usr/bin/env node\nrequire("../lib");\n',
      'bin/node-flags': '#!/usr/bin/env -S node --no-warnings\n',
      'bin/plain': 'require("../lib");\n',
      'bin/shell': '#!/bin/sh\nexec node lib\n',
      'bin/python': '#!/usr/bin/env python3\nprint(1)\n',
      'bin/binary': 'ELF\0\0\0',
      'bin/README': '#!not node\n',
      'lib/index.js': '',
    });
    try {
      const scripts = ['node-env', 'node-flags', 'plain', 'shell', 'python', 'binary', 'README', 'missing'].map((n) => path.join(dir, 'bin', n));
      const files = await discoverFiles(dir, { scripts });
      expect(files.map((f) => path.relative(dir, f).split(path.sep).join('/'))).toEqual(['bin/node-env', 'bin/node-flags', 'bin/plain', 'lib/index.js']);
      // Analysing lib/ alone leaves the scripts of bin/ out.
      expect(await discoverFiles(dir, { paths: ['lib'], scripts })).toEqual([path.join(dir, 'lib/index.js')]);
    } finally {
      removeTree(dir);
    }
  });

  it('isSourceFile rejects declaration files of every flavour', () => {
    expect(['a.ts', 'a.d.ts', 'a.d.mts', 'a.d.cts', 'a.json', 'a.jsx'].map(isSourceFile)).toEqual([true, false, false, false, false, true]);
    expect(['a.d.json.ts', 'a.d.tsx', 'x.d.js', '.ts', '/p/.mjs', '/p.ts/README', 'a.TS'].map(isSourceFile)).toEqual([false, true, true, false, false, false, false]);
  });
});
