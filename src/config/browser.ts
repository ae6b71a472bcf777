import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether a file goes into a browser bundle (the resolver returns what says so, as a clause:
 * "vite.config.ts bundles it for the browser"), or null: there an ES module has no `require()`, and
 * `createRequire` from 'node:module' (what the synchronous lazy shape writes into an ES module)
 * makes the bundler fail (Vite: "createRequire" is not exported by "__vite-browser-external"),
 * while `await import()` becomes a chunk loaded on first use. Answered from the folders between
 * the file and its package.json (up to the root), as the bundler's own project sees it:
 *
 * - the config file of a bundler or framework that builds for the browser (Vite, webpack, Rspack,
 *   Rsbuild, Parcel, Next.js, Nuxt, SvelteKit, Astro, Remix, Quasar, Angular; a Vite config only
 *   with an index.html, pages or library mode, not one kept for Vitest alone);
 * - an HTML page that loads scripts (`<script src>`: Vite's and Parcel's entries, or native
 *   modules in the browser);
 * - `browserslist` in package.json or a `.browserslistrc`, and `react-scripts` or `parcel` among
 *   its dependencies.
 *
 * Bundlers that mostly build Node programs and libraries (esbuild, tsup, rollup) do not count: a
 * Node bundle keeps createRequire working. The bundler's own config file runs in Node and is never
 * taken for browser code.
 */
export type BrowserBundle = (file: string) => string | null;

const CONFIG = /^(vite|webpack|rspack|rsbuild|next|nuxt|svelte|astro|remix|quasar|snowpack|farm)\.config\.[cm]?[jt]s$/;
const FILES = new Set(['angular.json', '.parcelrc']);
const DEPENDENCIES = ['react-scripts', 'parcel'];
/** A bundler's or tool's config file: loaded by the tool in Node, never bundled. */
const ANY_CONFIG = /\.config\.[cm]?[jt]s$/;

/** Why the synchronous lazy shape cannot go into an ES module of a browser bundle (rules and fixer). */
export function noRequireInBundle(evidence: string): string {
  return `${evidence}, where an ES module has no require()`;
}

export function browserBundleResolver(root: string): BrowserBundle {
  const absRoot = path.resolve(root);
  const byDir = new Map<string, string | null>();
  const forDir = (dir: string): string | null => {
    const known = byDir.get(dir);
    if (known !== undefined) return known;
    const { evidence, isPackage } = evidenceIn(dir, absRoot);
    const parent = path.dirname(dir);
    const result = evidence ?? (isPackage || dir === absRoot || parent === dir || !dir.startsWith(absRoot) ? null : forDir(parent));
    byDir.set(dir, result);
    return result;
  };
  return (file) => (ANY_CONFIG.test(path.basename(file)) ? null : forDir(path.dirname(path.resolve(file))));
}

/** What in `dir` says its code is bundled for the browser, and whether `dir` holds a package.json. */
function evidenceIn(dir: string, root: string): { evidence: string | null; isPackage: boolean } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { evidence: null, isPackage: false };
  }
  const rel = (name: string) => path.relative(root, path.join(dir, name)).split(path.sep).join('/');
  const isPackage = names.includes('package.json');
  for (const name of names) {
    if (name.startsWith('vite.config.') && !viteBuildsPages(dir, names, name)) continue;
    if (CONFIG.test(name) || FILES.has(name)) return { evidence: `${rel(name)} bundles it for the browser`, isPackage };
    if (name === '.browserslistrc') return { evidence: `${rel(name)} targets browsers`, isPackage };
  }
  for (const name of names) {
    if (name.endsWith('.html') && loadsScripts(path.join(dir, name))) return { evidence: `${rel(name)} loads scripts, so it is bundled for the browser`, isPackage };
  }
  if (isPackage) {
    let pkg: { browserslist?: unknown; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } = {};
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      // unreadable: says nothing either way
    }
    if (pkg.browserslist !== undefined) return { evidence: `${rel('package.json')}'s browserslist targets browsers`, isPackage };
    const dep = DEPENDENCIES.find((d) => pkg.dependencies?.[d] !== undefined || pkg.devDependencies?.[d] !== undefined);
    if (dep) return { evidence: `${rel('package.json')} depends on ${dep}, which bundles it for the browser`, isPackage };
  }
  return { evidence: null, isPackage };
}

/**
 * A Vite config builds for the browser from an HTML page (index.html next to it, or pages named
 * in `rollupOptions.input`) or in library mode (`build.lib`). Many Node packages keep a
 * vite.config only for Vitest (`test: {...}`), or build for the server with it (`ssr`): those do
 * not make their code browser code.
 */
function viteBuildsPages(dir: string, names: string[], config: string): boolean {
  if (names.includes('index.html')) return true;
  try {
    return /\blib\s*:|\binput\s*:/.test(readFileSync(path.join(dir, config), 'utf8'));
  } catch {
    return true;
  }
}

function loadsScripts(file: string): boolean {
  let html: string;
  try {
    html = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  // A local script: a page that only loads scripts from elsewhere bundles nothing of the project.
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    if (!/^(?:[a-z][\w+.-]*:|\/\/)/i.test(m[1] ?? m[2] ?? m[3] ?? '')) return true;
  }
  return false;
}
