import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph, buildStats } from '../../src/graph/build.js';
import { defaultCachePath, storedEntries as readEntries } from '../../src/graph/cache.js';
import { edgeLines, FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const dirs: string[] = [];
function copyFixture(name: string): string {
  const dir = makeTree({});
  dirs.push(dir);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
afterAll(() => dirs.forEach(removeTree));

/** The cache file's entries by key (the file relative to the root). */
function storedEntries(root: string): NonNullable<ReturnType<typeof readEntries>> {
  const entries = readEntries(defaultCachePath(root));
  if (!entries) throw new Error(`${defaultCachePath(root)} is not a cache file`);
  return entries;
}

describe('incremental parse cache', () => {
  it('a second build of an unchanged project parses nothing and yields the same graph', async () => {
    const root = copyFixture('ts-paths');
    const first = await buildGraph(root, { cache: true });
    expect(buildStats(first)).toMatchObject({ files: 7, parsed: 7, cacheHits: 0 });
    expect(existsSync(defaultCachePath(root))).toBe(true);
    const second = await buildGraph(root, { cache: true });
    expect(buildStats(second)).toMatchObject({ files: 7, parsed: 0, cacheHits: 7 });
    expect(edgeLines(second)).toEqual(edgeLines(first));
    // Resolution results (absolute paths) are recomputed, never stored: every stored path is root-relative.
    expect(readFileSync(defaultCachePath(root), 'utf8')).not.toContain(root);
  });

  it('an entry that does not decode (an edited or cut cache file) is parsed again, not trusted', async () => {
    const root = copyFixture('ts-paths');
    const first = await buildGraph(root, { cache: true });
    const file = defaultCachePath(root);
    // The module of src/main.ts overwritten with other integers (its imports count says 2^31 - 1).
    const main = storedEntries(root).get('src/main.ts');
    const bytes = readFileSync(file);
    bytes.fill(0x7f, (main?.byteStart ?? 0) + 12, main?.byteEnd);
    writeFileSync(file, bytes);
    const second = await buildGraph(root, { cache: true });
    expect(buildStats(second)).toMatchObject({ files: 7, parsed: 1, cacheHits: 6 });
    expect(edgeLines(second)).toEqual(edgeLines(first));
    // Written back whole.
    expect(buildStats(await buildGraph(root, { cache: true }))).toMatchObject({ parsed: 0, cacheHits: 7 });
  });

  it('re-parses exactly the changed file, and drops deleted files from the cache', async () => {
    const root = copyFixture('ts-paths');
    await buildGraph(root, { cache: true });
    writeFileSync(path.join(root, 'src/helper.ts'), "import { sum } from '@utils';\nexport function helper(): string {\n  return String(sum(1, 1));\n}\n");
    rmSync(path.join(root, 'src/config.ts'));
    const g = await buildGraph(root, { cache: true });
    expect(buildStats(g)).toMatchObject({ files: 6, parsed: 1, cacheHits: 5 });
    expect(edgeLines(g)).toContain('src/helper.ts:1 -> src/utils/index.ts (static)');
    expect(edgeLines(g)).toContain('src/main.ts:5 -> unresolved:./config (static)');
    const entries = [...storedEntries(root).keys()];
    expect(entries).not.toContain('src/config.ts');
    expect(entries).toHaveLength(6);
  });

  it('a touched but unchanged file is recognised by its content hash, and its new mtime recorded', async () => {
    const root = copyFixture('ts-paths');
    await buildGraph(root, { cache: true });
    const file = path.join(root, 'src/helper.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(buildStats(await buildGraph(root, { cache: true }))).toMatchObject({ parsed: 0, cacheHits: 7 });
    expect(storedEntries(root).get('src/helper.ts')?.mtimeMs).toBe(statSync(file).mtimeMs);
  });

  it('reuses relative resolutions only while the set of source files is the same', async () => {
    const root = copyFixture('esm');
    await buildGraph(root, { cache: true });
    const second = await buildGraph(root, { cache: true });
    // Import records: the helper (4, from two folders), ./setup.js, ./lib/index.js (2); not the unresolved one, builtins or packages.
    expect(buildStats(second)?.reusedResolutions).toBe(7);
    // A TypeScript source appears beside setup.js: './setup.js' now means setup.ts.
    writeFileSync(path.join(root, 'src/setup.ts'), 'export {};\n');
    const third = await buildGraph(root, { cache: true });
    expect(buildStats(third)?.reusedResolutions).toBe(0);
    expect(edgeLines(third)).toContain('src/index.js:2 -> src/setup.ts (side-effect)');
    expect(buildStats(await buildGraph(root, { cache: true }))?.reusedResolutions).toBe(7);
  });

  it('a cache file that cannot be written is a warning, not a failed build, and leaves no temporary file', async () => {
    const root = copyFixture('cycles');
    // A folder where the cache file should be: the final rename fails (EISDIR).
    const file = path.join(root, 'cache-is-a-folder');
    mkdirSync(file);
    const warnings: string[] = [];
    const g = await buildGraph(root, { cache: file, onWarning: (m) => warnings.push(m) });
    expect(edgeLines(g)).toEqual(edgeLines(await buildGraph(root)));
    expect(warnings).toEqual([`${file}: cannot write the cache (EISDIR: illegal operation on a directory); the next run parses again`]);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('accepts a cache path, and survives a corrupt cache file by rebuilding it', async () => {
    const root = copyFixture('cycles');
    const file = path.join(root, 'custom', 'graph-cache.bin');
    writeFileSync(path.join(root, 'garbage.json'), '');
    await buildGraph(root, { cache: file });
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
    const whole = readFileSync(file);
    writeFileSync(file, '{ not json');
    const g = await buildGraph(root, { cache: file });
    expect(buildStats(g)?.parsed).toBe(g.modules.size);
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
    // Cut short.
    writeFileSync(file, whole.subarray(0, whole.length - 4));
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(g.modules.size);
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
  });
});
