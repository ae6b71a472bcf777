// Preloaded with --import: appends every module URL/path the process loads (ESM and CommonJS) to the
// file named by PERF_LINT_LOADS, one per line. Used to assert what a command loads at startup.
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.PERF_LINT_LOADS;
const hooks = `
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) {
  appendFileSync(out, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { out } });
const Module = createRequire(import.meta.url)('node:module');
const original = Module._load;
Module._load = function (request, parent, isMain) {
  const result = original.apply(this, arguments);
  try {
    appendFileSync(out, `${Module._resolveFilename(request, parent, isMain)}\n`);
  } catch {}
  return result;
};
