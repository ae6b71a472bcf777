/**
 * Behaviour proof: each project under fixtures/fix/behaviour runs in a child process before and
 * after --fix with identical stdout and exit code; the deferred packages are no longer evaluated
 * at startup but are evaluated at first use; the traps stay byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule } from '../../src/graph/parse.js';
import type { FixPlan } from '../../src/engine/types.js';
import { applyFixes, formatFixSummary } from '../../src/fix/index.js';
import { FIXTURES, installPackages, removeDir, tempProject } from './helpers.js';

interface CaseFile {
  entry: string;
  lazy: { file: string; specifier: string; shape?: 'require' | 'dynamic' }[];
  deferred: string[];
  untouched: string[];
  skipped?: string[];
}

function runNode(dir: string, entry: string) {
  const r = spawnSync(process.execPath, [entry], { cwd: dir, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Where a package was evaluated relative to the end of startup: 'startup', 'later' or 'never'. */
function evalPhase(stderr: string, pkg: string): 'startup' | 'later' | 'never' {
  const lines = stderr.split('\n');
  const evalAt = lines.findIndex((l) => l.startsWith(`[eval] ${pkg}`));
  const startup = lines.indexOf('[startup done]');
  if (evalAt === -1) return 'never';
  return evalAt < startup ? 'startup' : 'later';
}

const root = join(FIXTURES, 'behaviour');
const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('fixed projects behave the same and start without the deferred packages', () => {
  for (const name of cases) {
    it(name, async () => {
      const spec = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as CaseFile;
      const dir = tempProject({}, { packages: false });
      try {
        cpSync(join(root, name), dir, { recursive: true });
        installPackages(dir);
        const before = runNode(dir, spec.entry);
        expect(before.stderr).toContain('[startup done]');
        for (const pkg of spec.deferred) expect(evalPhase(before.stderr, pkg), `${pkg} before`).toBe('startup');

        const originals = new Map(spec.untouched.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
        const plans: FixPlan[] = spec.lazy.map((l) => {
          const file = join(dir, l.file);
          const parsed = parseModule(file, readFileSync(file, 'utf8'));
          const importIndexes = parsed.imports.map((r, i) => (r.specifier === l.specifier && r.kind !== 'type' ? i : -1)).filter((i) => i >= 0);
          return { kind: 'lazy', file, specifier: l.specifier, importIndexes, shape: l.shape ?? 'require' };
        });
        const result = await applyFixes(plans, { root: dir, dryRun: false });
        expect(result.errors).toEqual([]);
        const after = runNode(dir, spec.entry);
        expect(after.stdout).toBe(before.stdout);
        expect(after.status).toBe(before.status);
        for (const pkg of spec.deferred) expect(evalPhase(after.stderr, pkg), `${pkg} after`).toBe('later');
        for (const [f, text] of originals) expect(readFileSync(join(dir, f), 'utf8'), `${f} must stay untouched`).toBe(text);
        const reasons = result.skipped.map((s) => s.reason);
        for (const re of spec.skipped ?? []) expect(reasons.some((r) => new RegExp(re).test(r)), `a skip matching /${re}/ in ${JSON.stringify(reasons)}`).toBe(true);
        if (!spec.skipped) expect(result.skipped).toEqual([]);
        // Idempotent: a second run over the fixed files changes nothing.
        const again = await applyFixes(
          spec.lazy.map((l) => ({ kind: 'lazy', file: join(dir, l.file), specifier: l.specifier, importIndexes: [], shape: l.shape ?? 'require' })),
          { root: dir, dryRun: false },
        );
        expect(again.fixed).toEqual([]);
        expect(formatFixSummary(result)).toMatch(/^fixed \d+ files?, /);
      } finally {
        removeDir(dir);
      }
    });
  }
});
