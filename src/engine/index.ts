/** The engine's public surface: run rules, suppressions, baselines, presets, explanations. */
export { runRules, resolveRules, validateOptions, analysisEntries, sortFindings, fingerprint, toRelative, computeSubpaths, computePackageFacts, UNUSED_SUPPRESSION } from './run.js';
export type { AnyRule, RunInput, RunResult } from './run.js';
export { readBaseline, writeBaseline, applyBaseline } from './baseline.js';
export { loadSuppressionParser, parseSuppressions, suppresses } from './suppress.js';
export type { SuppressionDirective } from './suppress.js';
export { presetSeverities, presetNames } from './presets.js';
export type { PresetName } from './presets.js';
export { createGraphView, isRuntimeImport } from './graph-view.js';
export { createRule, formatMessage } from './rule.js';
export type { Rule, RuleContext, RuleMeta, Diagnostic, GraphView, PackageFacts, EagerSite } from './rule.js';
