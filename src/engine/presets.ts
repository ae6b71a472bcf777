import type { Severity, SeveritySetting } from './types.js';

export type PresetName = 'recommended' | 'strict';

/**
 * The severity each rule gets from a preset before the user's `rules` overrides:
 * `recommended` turns on the rules marked recommended at their default severity; `strict` turns on
 * every rule and raises the recommended ones to `error` (so CI fails on what the team agreed matters).
 */
export function presetSeverities(preset: PresetName, rules: readonly { id: string; meta: { recommended: boolean; defaultSeverity: Severity } }[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const rule of rules) {
    if (preset === 'strict') out[rule.id] = rule.meta.recommended ? 'error' : rule.meta.defaultSeverity;
    else out[rule.id] = rule.meta.recommended ? rule.meta.defaultSeverity : 'off';
  }
  return out;
}

/** Names of the presets, for config validation and `perf-lint rules`. */
export const presetNames: readonly PresetName[] = ['recommended', 'strict'];
