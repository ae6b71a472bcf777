import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Finding } from './types.js';

/** Reads the fingerprints of a baseline file (a saved JSON report, or anything with `findings[].fingerprint`). */
export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read the baseline file (${(err as NodeJS.ErrnoException).code ?? String(err)}); create one with --write-baseline`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `the baseline is not valid JSON (${(err as Error).message}); it must be a saved JSON report`);
  }
  const findings = (data as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new InputError(file, 'the baseline has no "findings" array; it must be a saved JSON report');
  const out = new Set<string>();
  for (const f of findings) {
    const fp = (f as { fingerprint?: unknown }).fingerprint;
    if (typeof fp === 'string') out.add(fp);
  }
  return out;
}

/** Writes the findings as a baseline (a minimal JSON report: schemaVersion + findings), sorted, with a trailing newline. */
export function writeBaseline(file: string, findings: readonly Finding[]): void {
  const slim = findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line, column: f.column, message: f.message, fingerprint: f.fingerprint }));
  writeFileSync(file, `${JSON.stringify({ schemaVersion: 1, findings: slim }, null, 2)}\n`);
}

/** Splits findings into the new ones and those already in the baseline. */
export function applyBaseline(findings: readonly Finding[], known: ReadonlySet<string>): { kept: Finding[]; baselined: number } {
  const kept = findings.filter((f) => !known.has(f.fingerprint));
  return { kept, baselined: findings.length - kept.length };
}
