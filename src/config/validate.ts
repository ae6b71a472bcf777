import type { UserConfig } from './types.js';

/** A validation failure: the key path and what was expected. */
export interface ConfigIssue {
  path: string;
  message: string;
}

type Check = (value: unknown, path: string) => ConfigIssue | null;

const show = (v: unknown): string => {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
const issue = (path: string, expected: string, got: unknown): ConfigIssue => ({ path, message: `expected ${expected}, got ${show(got)}` });

const stringArray: Check = (v, p) => {
  if (!Array.isArray(v)) return issue(p, 'an array of strings', v);
  const i = v.findIndex((x) => typeof x !== 'string' || x.length === 0);
  return i === -1 ? null : issue(`${p}[${i}]`, 'a non-empty string', v[i]);
};
const positiveNumber: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : issue(p, 'a number > 0', v));
const nonEmptyString: Check = (v, p) => (typeof v === 'string' && v.trim() !== '' ? null : issue(p, 'a non-empty string', v));
const oneOf = (values: readonly string[]): Check => (v, p) => (typeof v === 'string' && values.includes(v) ? null : issue(p, values.map((x) => `"${x}"`).join(' | '), v));

function object(shape: Record<string, Check>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return issue(p, 'an object', v);
    for (const [k, val] of Object.entries(v)) {
      const sub = p ? `${p}.${k}` : k;
      const check = shape[k];
      if (!check) return { path: sub, message: `unknown key (allowed: ${Object.keys(shape).join(', ')})` };
      if (val === undefined) continue;
      const r = check(val, sub);
      if (r) return r;
    }
    return null;
  };
}

const SEVERITIES = ['off', 'warn', 'error'] as const;
const ruleSetting: Check = (v, p) => {
  if (typeof v === 'string') return oneOf(SEVERITIES)(v, p);
  if (Array.isArray(v) && v.length >= 1 && v.length <= 2) {
    const s = oneOf(SEVERITIES)(v[0], `${p}[0]`);
    if (s) return s;
    if (v.length === 2 && (typeof v[1] !== 'object' || v[1] === null || Array.isArray(v[1]))) return issue(`${p}[1]`, 'an options object', v[1]);
    return null;
  }
  return issue(p, '"off" | "warn" | "error" or [severity, options]', v);
};
const rules: Check = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return issue(p, 'an object of rule settings', v);
  for (const [k, val] of Object.entries(v)) {
    const r = ruleSetting(val, `${p}.${k}`);
    if (r) return r;
  }
  return null;
};
const ttl: Check = (v, p) =>
  (typeof v === 'number' && v > 0) || (typeof v === 'string' && /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/.test(v)) ? null : issue(p, 'milliseconds > 0 or a duration such as "5m"', v);
const cacheTarget = object({
  target: (v, p) => (typeof v === 'string' && /^[^#]+#[\w$]+(\.[\w$#]+)?$/.test(v) ? null : issue(p, '"<file glob>#<function>" or "<file glob>#<Class>.<method>"', v)),
  ttl,
  max: positiveNumber,
  tier: oneOf(['memory', 'redis']),
  key: nonEmptyString,
  namespace: nonEmptyString,
});
const cache: Check = (v, p) => {
  if (!Array.isArray(v)) return issue(p, 'an array of { target, ttl?, max?, tier? }', v);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'object' || item === null || !('target' in item)) return issue(`${p}[${i}]`, 'an object with a "target"', item);
    const r = cacheTarget(item, `${p}[${i}]`);
    if (r) return r;
  }
  return null;
};

const configShape = object({
  $schema: nonEmptyString,
  entries: stringArray,
  include: stringArray,
  exclude: stringArray,
  heavy: stringArray,
  eager: stringArray,
  extends: oneOf(['recommended', 'strict']),
  rules,
  budgets: object({ importMs: positiveNumber, rssMb: positiveNumber, modules: positiveNumber }),
  cache,
  build: nonEmptyString,
  verify: nonEmptyString,
  measure: object({ runs: positiveNumber, maxRegression: positiveNumber, args: stringArray }),
});

/** Validates what a user wrote; returns the first problem (one clear line beats a wall of errors). */
export function validateConfig(value: unknown): ConfigIssue | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: '(root)', message: `expected an object, got ${show(value)}` };
  return configShape(value, '');
}

/** Narrows after validateConfig returned null. */
export function asUserConfig(value: unknown): UserConfig {
  return value as UserConfig;
}
