/** Headless Chromium for tests that check what a page shows (CI installs it; see .ci/run). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;

/**
 * The page as headless Chromium renders it: its scripts run before the DOM is dumped. `extra`
 * adds flags (`--virtual-time-budget=<ms>` lets pending work such as a dynamic import finish).
 * File pages may load other files (ES module scripts included).
 */
export function dumpDom(file: string, extra: string[] = []): string {
  // In CI a missing browser is a failure, never a skip.
  if (!CHROMIUM) throw new Error('chromium is required in CI for the browser tests (apt-get install -y chromium)');
  const profile = mkdtempSync(join(tmpdir(), 'perf-lint-chromium-'));
  try {
    return execFileSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--allow-file-access-from-files', `--user-data-dir=${profile}`, ...extra, '--dump-dom', `file://${file}`],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
