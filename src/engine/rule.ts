import type { ImportGraph, ParsedModule } from '../graph/types.js';
import type { CostModel } from '../cost/types.js';
import type { Finding, FixPlan, Severity } from './types.js';

/** What a rule sees. Rules are pure: no fs, no console, no process. */
export interface RuleContext<Options> {
  graph: ImportGraph;
  cost: CostModel;
  /** Absolute entry files. */
  entries: string[];
  /** Absolute project root. */
  root: string;
  options: Options;
  /** Packages the config always treats as heavy. */
  heavy: string[];
  /** Packages or specifiers the config says must stay eager (added to the built-in deny-list). */
  eager: string[];
  /** TypeScript settings that change what is safe (from the project's tsconfig). */
  ts: { emitDecoratorMetadata: boolean; verbatimModuleSyntax: boolean; esModuleInterop: boolean; experimentalDecorators: boolean };
  /** Resolved config cache targets (for cache rules). */
  cacheTargets: { target: string; options: Record<string, unknown> }[];
  report(d: Diagnostic): void;
}

/** What a rule reports; the engine adds rule id, severity, relative path and fingerprint. */
export interface Diagnostic {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  messageId: string;
  data?: Record<string, string | number>;
  cost?: Finding['cost'];
  related?: Finding['related'];
  fix?: FixPlan;
  unfixableReason?: string;
  /** Content key for the fingerprint (e.g. the specifier and names), stable across line moves. */
  key: string;
}

export interface RuleMeta<Options> {
  description: string;
  defaultSeverity: Severity;
  /** In the recommended preset (strict enables every rule). */
  recommended: boolean;
  fixable: boolean;
  messages: Record<string, string>;
  /** Options with their defaults; unknown option keys are rejected by the config validator. */
  defaultOptions: Options;
  /** Validates one option; returns an error string (what was expected) or null. */
  optionsSchema: { [K in keyof Options]: (value: unknown) => string | null };
}

export interface Rule<Options = Record<string, unknown>> {
  id: string;
  meta: RuleMeta<Options>;
  docs: string;
  check(ctx: RuleContext<Options>): void;
}

/** Builds a rule; the id must equal the file name under rules/ (checked by a meta-test). */
export function createRule<Options extends object>(rule: { id: string; meta: RuleMeta<Options>; check(ctx: RuleContext<Options>): void }): Rule<Options> {
  return { ...rule, docs: `https://github.com/perf-lint/perf-lint/blob/main/docs/rules/${rule.id}.md` };
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}

export type { ParsedModule };
