/** The analysis result: a plain serializable object (documented in docs/json-format.md). */

export type Severity = 'error' | 'warn';
export type SeveritySetting = 'off' | Severity;

/** What a finding would save at startup if fixed (per entry, the best case over entries). */
export interface FindingCost {
  ms: number | null;
  modules: number;
  mb: number | null;
  /** 'measured' (child process) or 'static' (files/bytes estimate). */
  source: 'measured' | 'static';
}

/**
 * A fix a rule describes; src/fix applies it under --fix. Offsets refer to the file's current text.
 * A plan is data only: rules never write files.
 */
export type FixPlan =
  /** `importIndexes` may name several specifiers of one package (`lodash/get`, `lodash/set`); `specifier` is the first. */
  | { kind: 'lazy'; file: string; specifier: string; importIndexes: number[]; shape: 'require' | 'dynamic' }
  | { kind: 'subpath'; file: string; importIndex: number; rewrites: { name: string; subpath: string }[] }
  | { kind: 'barrel'; file: string; importIndex: number; rewrites: { name: string; specifier: string; imported: string }[] }
  | { kind: 'type-import'; file: string; importIndex: number; names: string[] }
  | { kind: 'cache'; file: string; target: string; options: Record<string, unknown> };

export interface Finding {
  rule: string;
  severity: Severity;
  /** Relative to the project root, POSIX separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  fixable: boolean;
  cost?: FindingCost;
  /** Other import sites involved (for prefer-lazy-import: every eager site keeping the package at startup). */
  related?: { file: string; line: number; column: number; message?: string }[];
  /** The fix, when the rule is confident it is safe. */
  fix?: FixPlan;
  /** Why no fix is offered, when the finding is fixable in principle. */
  unfixableReason?: string;
  /** Stable identity for baselines: rule + file + a content key (not the line number). */
  fingerprint: string;
}

export interface Report {
  /** Version of this result format. */
  schemaVersion: 1;
  tool: { name: 'perf-lint'; version: string };
  /** Absolute project root. */
  root: string;
  /** Entries analysed, relative POSIX paths. */
  entries: string[];
  findings: Finding[];
  summary: { errors: number; warnings: number; fixable: number; files: number; modules: number; packages: number };
  /** The rules that ran, for reporters that describe them (SARIF). */
  rules?: { id: string; description: string; docs: string; fixable: boolean; severity: Severity }[];
  /** Errors that did not stop the analysis (unparsable files, unresolved imports). */
  problems: { file: string; line: number; column: number; message: string }[];
}
