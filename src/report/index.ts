import type { Report } from '../engine/types.js';
import { UsageError } from '../errors.js';

/** Options every reporter gets. */
export interface ReporterOptions {
  color: boolean;
  /** Only errors (--quiet). */
  quiet?: boolean;
}

export type Reporter = (report: Report, opts: ReporterOptions) => string;

// Loaded by name on demand: a run pays only for the reporter it prints with.
const reporters: Record<string, () => Promise<{ default: Reporter }>> = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  markdown: () => import('./markdown.js'),
  github: () => import('./github.js'),
  compact: () => import('./compact.js'),
};

export const REPORTER_NAMES = Object.keys(reporters);

/** Loads a reporter by name; an unknown name is a usage error. */
export async function loadReporter(name: string): Promise<Reporter> {
  const load = reporters[name];
  if (!load) throw new UsageError(`unknown format "${name}" (available: ${REPORTER_NAMES.join(', ')})`);
  return (await load()).default;
}

/** The findings a reporter shows: all of them, or errors only under --quiet. */
export function visibleFindings(report: Report, opts: ReporterOptions): Report['findings'] {
  return opts.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
}
