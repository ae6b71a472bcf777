/**
 * The local scripts a file starts in another Node process or thread: `fork(file)`,
 * `spawn(process.execPath, [file, …])` (and `spawnSync`, `execFile`, `execFileSync`), `new
 * Worker(file)`. A CLI's bin often does only that (typedoc's `bin/typedoc` forks `dist/cli.js`):
 * the program's startup is then the started script's, which imports nothing of the bin.
 *
 * Read from the text, for the path forms a file names itself by: `__dirname + '/x.js'`,
 * `path.join(__dirname, 'x.js')` (or `resolve`), `require.resolve('./x.js')`, `new URL('./x.js',
 * import.meta.url)` (also inside `fileURLToPath()`). Anything computed otherwise is not followed. A
 * call in a comment counts too (callers keep only paths that lead to a file).
 * Entry detection adds what this finds; `measure` warns that such a child is not in its figures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A call that starts a script: its callee text, and where its first argument begins. */
const LAUNCH = /\b(?:fork|new\s+Worker)\s*\(\s*|\b(?:spawn|spawnSync|execFile|execFileSync)\s*\(\s*process\.execPath\s*,\s*\[\s*(?:(?:'[^']*'|"[^"]*")\s*,\s*)*/g;
const STR = String.raw`(?:'([^'\\\n]*)'|"([^"\\\n]*)"|` + '`([^`\\\\$\\n]*)`)';
/** The path forms, each anchored at the argument's start. */
const FORMS: RegExp[] = [
  new RegExp(String.raw`^__dirname\s*\+\s*${STR}`),
  new RegExp(String.raw`^(?:path\s*\.\s*)?(?:join|resolve)\s*\(\s*__dirname\s*((?:,\s*${STR}\s*)+)\)`),
  new RegExp(String.raw`^require\s*\.\s*resolve\s*\(\s*${STR}\s*\)`),
  new RegExp(String.raw`^(?:(?:url\s*\.\s*)?fileURLToPath\s*\(\s*)?new\s+URL\s*\(\s*${STR}\s*,\s*import\s*\.\s*meta\s*\.\s*url\s*\)`),
];
const PART = new RegExp(STR, 'g');

function literal(m: RegExpExecArray, from: number): string | undefined {
  return m[from] ?? m[from + 1] ?? m[from + 2];
}

/**
 * The local files `file` starts in a child process or worker thread (absolute paths, whether or
 * not they exist yet: a bin may start a build output, `dist/cli.js`, that the caller maps back to
 * its source).
 */
export function launchedScripts(file: string): string[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const dir = path.dirname(file);
  const out = new Set<string>();
  for (const call of source.matchAll(LAUNCH)) {
    const rest = source.slice((call.index ?? 0) + call[0].length, (call.index ?? 0) + call[0].length + 400);
    let target: string | null = null;
    for (let k = 0; k < FORMS.length && target === null; k++) {
      const m = FORMS[k].exec(rest);
      if (!m) continue;
      if (k === 0) {
        const tail = literal(m, 1) as string;
        // `__dirname + '/x'` (a missing separator joins the names: not followed).
        if (tail.startsWith('/') || tail.startsWith('\\')) target = path.join(dir, tail);
      } else if (k === 1) {
        const parts = [...m[1].matchAll(PART)].map((p) => p[1] ?? p[2] ?? p[3]);
        target = path.join(dir, ...parts);
      } else {
        const spec = literal(m, 1) as string;
        if (spec.startsWith('./') || spec.startsWith('../')) target = path.join(dir, spec);
      }
    }
    if (target !== null) out.add(target);
  }
  return [...out];
}
