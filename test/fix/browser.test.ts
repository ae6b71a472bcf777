/**
 * An ES module in a browser bundle has no require(): the synchronous lazy shape (createRequire
 * from 'node:module') breaks the bundle, so such a file keeps its import, or gets await import()
 * where every use is async, which the bundler turns into a chunk loaded on first use. Checked with
 * a real `vite build` (vite is a devDependency) before and after `perf-lint analyze --fix`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserBundleResolver } from '../../src/config/browser.js';
import { CHROMIUM, dumpDom } from '../helpers/chromium.js';
import { REPO, removeDir, tempProject } from './helpers.js';

describe('browserBundleResolver', () => {
  it('finds a bundler config (Vite with a page or in library mode), an HTML page with a local script, browserslist or react-scripts between the file and its package.json', () => {
    const dir = tempProject(
      {
        'package.json': '{ "name": "mono", "private": true }',
        'apps/web/package.json': '{ "name": "web" }',
        'apps/web/vite.config.ts': 'export default {};\n',
        'apps/web/index.html': '<!doctype html><div id="app"></div>\n',
        'apps/web/src/main.ts': '',
        'libs/ui/package.json': '{ "name": "ui" }',
        'libs/ui/vite.config.js': "export default { build: { lib: { entry: 'src/index.js' } } };\n",
        'libs/ui/src/index.js': '',
        'libs/node/package.json': '{ "name": "node-lib" }',
        'libs/node/vite.config.ts': "export default { test: { environment: 'node' } };\n",
        'libs/node/src/index.ts': '',
        'apps/page/package.json': '{ "name": "page" }',
        'apps/page/index.html': '<!doctype html><script type="module" src="/src/app.js"></script>\n',
        'apps/page/src/app.js': '',
        'apps/cdn/package.json': '{ "name": "cdn" }',
        'apps/cdn/index.html': '<script src="https://cdn.example.com/lib.js"></script><script src="//cdn.example.com/x.js"></script>\n',
        'apps/cdn/server.js': '',
        'apps/cra/package.json': '{ "name": "cra", "dependencies": { "react-scripts": "5.0.1" } }',
        'apps/cra/src/App.js': '',
        'apps/targets/package.json': '{ "name": "targets", "browserslist": ["defaults"] }',
        'apps/targets/a.js': '',
        'apps/rc/package.json': '{ "name": "rc" }',
        'apps/rc/.browserslistrc': 'defaults\n',
        'apps/rc/lib/b.js': '',
        'packages/server/package.json': '{ "name": "server" }',
        'packages/server/src/index.js': '',
        'tools/script.js': '',
      },
      { packages: false },
    );
    try {
      const of = browserBundleResolver(dir);
      expect(of(join(dir, 'apps/web/src/main.ts'))).toBe('apps/web/vite.config.ts bundles it for the browser');
      expect(of(join(dir, 'libs/ui/src/index.js'))).toBe('libs/ui/vite.config.js bundles it for the browser');
      // A Vite config kept for Vitest alone (no index.html, no pages, no library mode).
      expect(of(join(dir, 'libs/node/src/index.ts'))).toBeNull();
      // The config file itself is loaded by the bundler, in Node.
      expect(of(join(dir, 'apps/web/vite.config.ts'))).toBeNull();
      expect(of(join(dir, 'apps/page/src/app.js'))).toBe('apps/page/index.html loads scripts, so it is bundled for the browser');
      // A page that only loads scripts from elsewhere bundles nothing of its folder.
      expect(of(join(dir, 'apps/cdn/server.js'))).toBeNull();
      expect(of(join(dir, 'apps/cra/src/App.js'))).toBe('apps/cra/package.json depends on react-scripts, which bundles it for the browser');
      expect(of(join(dir, 'apps/targets/a.js'))).toBe("apps/targets/package.json's browserslist targets browsers");
      expect(of(join(dir, 'apps/rc/lib/b.js'))).toBe('apps/rc/.browserslistrc targets browsers');
      expect(of(join(dir, 'packages/server/src/index.js'))).toBeNull();
      expect(of(join(dir, 'tools/script.js'))).toBeNull();
      // A bundler config above the package.json belongs to another project.
      writeFileSync(join(dir, 'webpack.config.js'), 'module.exports = {};\n');
      expect(browserBundleResolver(dir)(join(dir, 'packages/server/src/index.js'))).toBeNull();
      expect(browserBundleResolver(dir)(join(dir, 'tools/script.js'))).toBe('webpack.config.js bundles it for the browser');
    } finally {
      removeDir(dir);
    }
  });
});

describe('lazy fixes in a Vite app', () => {
  const VITE = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
  const SYNC = "import { parse } from 'heavy-sync';\nexport function fmt(s) {\n  return parse(s);\n}\n";
  const files: Record<string, string> = {
    'package.json': '{ "name": "app", "private": true, "type": "module" }',
    'index.html': '<!doctype html>\n<html><body><div id="app"></div><div id="later"></div><script type="module" src="/src/main.js"></script></body></html>\n',
    // The calls sit in branches: a call made on every load would keep the packages at startup anyway.
    'src/main.js': "import { fmt } from './fmt.js';\nimport { later } from './later.js';\nconst app = document.querySelector('#app');\nif (app) app.textContent = fmt('a');\nconst slot = document.querySelector('#later');\nif (slot) later('b').then((v) => { slot.textContent = v; });\n",
    'src/fmt.js': SYNC,
    'src/later.js': "import { parse } from 'heavy-async';\nexport async function later(s) {\n  return parse(s);\n}\n",
    // CommonJS packages, as most of npm: what the synchronous shape would require().
    'node_modules/heavy-sync/package.json': '{ "name": "heavy-sync", "version": "1.0.0", "main": "index.js" }',
    'node_modules/heavy-sync/index.js': "exports.parse = (s) => 'HEAVY_SYNC_MARK:' + s;\n",
    'node_modules/heavy-async/package.json': '{ "name": "heavy-async", "version": "1.0.0", "main": "index.js" }',
    'node_modules/heavy-async/index.js': "exports.parse = (s) => 'HEAVY_ASYNC_MARK:' + s;\n",
    'perf-lint.config.json': JSON.stringify({ heavy: ['heavy-sync', 'heavy-async'] }),
  };
  const run = (dir: string, args: string[]) => {
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** `vite build` with relative URLs, so that the page runs from the file system. */
  const build = (dir: string) => run(dir, [VITE, 'build', '--base', './', '--logLevel', 'error']);
  /** What the built page shows in a browser, once its dynamic imports have loaded. */
  const shown = (dir: string) => {
    const dom = dumpDom(join(dir, 'dist', 'index.html'), ['--virtual-time-budget=5000']);
    const text = (id: string) => dom.match(new RegExp(`id="${id}">([^<]*)<`))?.[1];
    return { app: text('app'), later: text('later') };
  };
  const RENDERED = { app: 'HEAVY_SYNC_MARK:a', later: 'HEAVY_ASYNC_MARK:b' };
  /** The built JavaScript files, by whether they hold each package's code. */
  const chunks = (dir: string) =>
    readdirSync(join(dir, 'dist', 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, 'dist', 'assets', f), 'utf8'))
      .map((text) => ({ sync: text.includes('HEAVY_SYNC_MARK'), async: text.includes('HEAVY_ASYNC_MARK') }));
  const withBrowser = it.skipIf(!CHROMIUM && !process.env.CI);

  withBrowser("the createRequire shape breaks the app in the browser (why the fixer must not write it there)", () => {
    const dir = tempProject(files, { packages: false });
    try {
      expect(build(dir).code).toBe(0);
      expect(shown(dir)).toEqual(RENDERED);
      writeFileSync(join(dir, 'src/fmt.js'), "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nlet _p;\nconst $p = () => (_p ??= require('heavy-sync'));\nexport function fmt(s) {\n  return $p().parse(s);\n}\n");
      // Vite builds it ('node:module' becomes an empty module), and the page then fails as it loads.
      expect(build(dir).code).toBe(0);
      expect(shown(dir)).toEqual({ app: '', later: '' });
    } finally {
      removeDir(dir);
    }
  });

  withBrowser('keeps the synchronous import, turns the async one into await import(), and the page shows the same, the async package in its own chunk', () => {
    const dir = tempProject(files, { packages: false });
    try {
      expect(build(dir).code).toBe(0);
      expect(chunks(dir)).toEqual([{ sync: true, async: true }]);
      const analyzed = run(dir, [join(REPO, 'bin', 'perf-lint.js'), 'analyze', '--no-measure-cost', '--format', 'json']);
      const findings = (JSON.parse(analyzed.out) as { findings: { file: string; rule: string; fixable: boolean; unfixableReason?: string }[] }).findings;
      expect(findings.map((f) => [f.file, f.rule, f.fixable])).toEqual([
        ['src/fmt.js', 'prefer-lazy-import', false],
        ['src/later.js', 'prefer-dynamic-import', true],
      ]);
      expect(findings[0].unfixableReason).toBe('index.html loads scripts, so it is bundled for the browser, where an ES module has no require(); load it with await import() once every use is in an async function');

      const fixed = run(dir, [join(REPO, 'bin', 'perf-lint.js'), 'analyze', '--fix', '--no-measure-cost']);
      expect(fixed.err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      expect(readFileSync(join(dir, 'src/fmt.js'), 'utf8')).toBe(SYNC);
      const later = readFileSync(join(dir, 'src/later.js'), 'utf8');
      expect(later).toContain("import('heavy-async')");
      expect(later).not.toContain('require');

      expect(build(dir)).toMatchObject({ code: 0, err: '' });
      const after = chunks(dir);
      expect(after).toHaveLength(2);
      expect(after).toContainEqual({ sync: true, async: false });
      expect(after).toContainEqual({ sync: false, async: true });
      expect(shown(dir)).toEqual(RENDERED);
    } finally {
      removeDir(dir);
    }
  });
});
