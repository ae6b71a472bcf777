import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollback, writeFilesAtomically } from '../../src/fix/writer.js';

let root: string;
let outside: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'pl-writer-')));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'pl-outside-')));
  mkdirSync(join(root, 'src'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const put = (rel: string, text: string) => {
  writeFileSync(join(root, rel), text);
  return join(root, rel);
};

describe('writeFilesAtomically', () => {
  it('writes the new text, keeps the file mode and leaves no temp file', async () => {
    const f = put('src/a.js', 'const a = 1;\n');
    chmodSync(f, 0o751);
    const s = await writeFilesAtomically([{ file: f, before: 'const a = 1;\n', after: 'const a = 2;\n' }], { root, dryRun: false });
    expect(s.refused).toEqual([]);
    expect(s.written.map((w) => w.file)).toEqual([f]);
    expect(readFileSync(f, 'utf8')).toBe('const a = 2;\n');
    expect(statSync(f).mode & 0o777).toBe(0o751);
    expect(readdirSync(join(root, 'src'))).toEqual(['a.js']);
  });

  it('accepts paths relative to the root', async () => {
    put('src/a.js', 'x;\n');
    const s = await writeFilesAtomically([{ file: 'src/a.js', before: 'x;\n', after: 'y;\n' }], { root, dryRun: false });
    expect(s.written).toHaveLength(1);
    expect(readFileSync(join(root, 'src/a.js'), 'utf8')).toBe('y;\n');
  });

  it('dry run writes nothing and returns a diff that git apply accepts', async () => {
    const f = put('src/a.ts', 'import { a } from "m";\nexport const b = a;\n');
    const after = 'import type { a } from "m";\nexport const b = 1;\n';
    const s = await writeFilesAtomically([{ file: f, before: readFileSync(f, 'utf8'), after }], { root, dryRun: true });
    expect(readFileSync(f, 'utf8')).toBe('import { a } from "m";\nexport const b = a;\n');
    expect(s.diff).toContain('--- a/src/a.ts');
    writeFileSync(join(root, 'p.diff'), s.diff);
    execFileSync('git', ['apply', '--check', 'p.diff'], { cwd: root });
    execFileSync('patch', ['-p1', '--dry-run', '-i', 'p.diff'], { cwd: root });
    execFileSync('git', ['apply', 'p.diff'], { cwd: root });
    expect(readFileSync(f, 'utf8')).toBe(after);
  });

  it('refuses text that does not parse', async () => {
    const f = put('src/a.js', 'a();\n');
    const s = await writeFilesAtomically([{ file: f, before: 'a();\n', after: 'a(;\n' }], { root, dryRun: false });
    expect(s.written).toEqual([]);
    expect(s.refused[0]!.reason).toMatch(/does not parse/);
    expect(readFileSync(f, 'utf8')).toBe('a();\n');
  });

  it('parses TypeScript files as TypeScript', async () => {
    const f = put('src/a.ts', 'let a = 1;\n');
    const s = await writeFilesAtomically([{ file: f, before: 'let a = 1;\n', after: 'let a: number = 1;\n' }], { root, dryRun: false });
    expect(s.refused).toEqual([]);
    const g = put('src/b.js', 'let a = 1;\n');
    const s2 = await writeFilesAtomically([{ file: g, before: 'let a = 1;\n', after: 'let a: number = 1;\n' }], { root, dryRun: false });
    expect(s2.refused).toHaveLength(1);
  });

  it('refuses a file that changed on disk since it was read', async () => {
    const f = put('src/a.js', 'a();\n');
    writeFileSync(f, 'b();\n');
    const s = await writeFilesAtomically([{ file: f, before: 'a();\n', after: 'c();\n' }], { root, dryRun: false });
    expect(s.refused).toEqual([{ file: 'src/a.js', reason: 'file changed on disk since it was read' }]);
    expect(readFileSync(f, 'utf8')).toBe('b();\n');
  });

  it('never touches node_modules, files outside the root, or symlinks pointing out of it', async () => {
    mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
    const nm = put('node_modules/pkg/index.js', 'a;\n');
    const out = join(outside, 'x.js');
    writeFileSync(out, 'a;\n');
    symlinkSync(out, join(root, 'src/link.js'));
    symlinkSync(outside, join(root, 'linkdir'));
    const s = await writeFilesAtomically(
      [
        { file: nm, before: 'a;\n', after: 'b;\n' },
        { file: out, before: 'a;\n', after: 'b;\n' },
        { file: join(root, 'src/link.js'), before: 'a;\n', after: 'b;\n' },
        { file: join(root, 'linkdir/x.js'), before: 'a;\n', after: 'b;\n' },
        { file: '../' + outside.split('/').pop() + '/x.js', before: 'a;\n', after: 'b;\n' },
      ],
      { root, dryRun: false },
    );
    expect(s.written).toEqual([]);
    expect(s.refused.map((r) => r.reason)).toEqual([
      'under node_modules',
      'outside the project root',
      'symlink resolves outside the project root',
      'outside the project root',
      'outside the project root',
    ]);
    expect(readFileSync(nm, 'utf8')).toBe('a;\n');
    expect(readFileSync(out, 'utf8')).toBe('a;\n');
  });

  it('writes through a symlink inside the root to its target, keeping the link', async () => {
    const target = put('src/real.js', 'a;\n');
    symlinkSync(target, join(root, 'src/alias.js'));
    const s = await writeFilesAtomically([{ file: join(root, 'src/alias.js'), before: 'a;\n', after: 'b;\n' }], { root, dryRun: false });
    expect(s.refused).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('b;\n');
    expect(realpathSync(join(root, 'src/alias.js'))).toBe(target);
  });

  it('keeps CRLF bytes exactly as given', async () => {
    const f = put('src/a.js', 'a;\r\nb;\r\n');
    await writeFilesAtomically([{ file: f, before: 'a;\r\nb;\r\n', after: 'a;\r\nc;\r\n' }], { root, dryRun: false });
    expect(readFileSync(f, 'utf8')).toBe('a;\r\nc;\r\n');
  });
});

describe('rollback', () => {
  it('restores every written file', async () => {
    const a = put('src/a.js', 'a;\n');
    const b = put('src/b.js', 'b;\n');
    const s = await writeFilesAtomically(
      [
        { file: a, before: 'a;\n', after: 'aa;\n' },
        { file: b, before: 'b;\n', after: 'bb;\n' },
      ],
      { root, dryRun: false },
    );
    expect(readFileSync(a, 'utf8')).toBe('aa;\n');
    const r = await rollback(s);
    expect(r.restored.sort()).toEqual([a, b].sort());
    expect(readFileSync(a, 'utf8')).toBe('a;\n');
    expect(readFileSync(b, 'utf8')).toBe('b;\n');
  });

  it('leaves a file edited after the fix alone and reports it', async () => {
    const a = put('src/a.js', 'a;\n');
    const s = await writeFilesAtomically([{ file: a, before: 'a;\n', after: 'aa;\n' }], { root, dryRun: false });
    writeFileSync(a, 'user edit;\n');
    const r = await rollback(s);
    expect(r.conflicts).toEqual([{ file: a, reason: 'file changed after the fix was written' }]);
    expect(readFileSync(a, 'utf8')).toBe('user edit;\n');
  });
});
