export { loadConfig, detectEntries, CONFIG_FILES, DEFAULT_BUDGETS } from './load.js';
export { validateConfig } from './validate.js';
export type { ResolvedConfig, UserConfig, RuleSetting, CacheTarget, Budgets } from './types.js';
