import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CostModel, PackageCost } from '../cost/types.js';
import type { ImportGraph } from '../graph/types.js';
import { createResolver } from '../graph/resolve.js';
import type { Resolver } from '../graph/resolve.js';
import { nodeSupportResolver } from '../config/engines.js';
import { browserBundleResolver } from '../config/browser.js';
import { nodeTypesFor } from '../config/node-types.js';
import type { ResolvedConfig, RuleSetting } from '../config/types.js';
import { ConfigError, UsageError } from '../errors.js';
import type { moduleExportShape as ModuleExportShape } from '../fix/interop.js';
import { FileFacts, moduleStamp } from '../cost/file-facts.js';
import { parserVersion } from '../graph/cache.js';
import { applyBaseline, readBaseline } from './baseline.js';
import { createGraphView } from './graph-view.js';
import { presetSeverities } from './presets.js';
import { formatMessage } from './rule.js';
import type { Diagnostic, PackageFacts, Rule, RuleContext } from './rule.js';
import { loadSuppressionParser, parseSuppressions, suppresses } from './suppress.js';
import type { SuppressionDirective } from './suppress.js';
import type { Finding, Report, Severity, SeveritySetting } from './types.js';

/**
 * A rule of any options type. Options are checked at run time against each rule's optionsSchema,
 * and TypeScript has no existential types, so the registry's element type has to erase them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: heterogeneous rule options
export type AnyRule = Rule<any>;

/** The pseudo rule id under which unused suppression comments are reported. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface RunInput {
  graph: ImportGraph;
  cost: CostModel;
  config: ResolvedConfig;
  rules: readonly AnyRule[];
  /** `--rule <id>`: run only these rules (a rule turned off in config is run at its default severity). */
  only?: string[];
  ts: RuleContext<unknown>['ts'];
  /** The settings of one file (its own tsconfig's); `ts` for every file when omitted. */
  tsFor?: (file: string) => RuleContext<unknown>['ts'];
  /** `--baseline <file>`: findings whose fingerprint is in this saved report are dropped. */
  baseline?: string;
  /** Reads a source file for suppression comments (default: fs). */
  readSource?: (file: string) => string;
  /** Measured startup per entry (absolute or root-relative path), for startup-budget. */
  measurements?: Record<string, { importMs: number; rssMb: number; modules: number }>;
  /** Packages whose loading has effects others may rely on (name -> why); their lazy findings carry no fix. */
  packageEffects?: Record<string, string>;
  /**
   * Prices packages loaded by some of their specifiers alone (RuleContext `specifierCost`); rules
   * that asked for a price run again with it. Without it, every such price is null.
   */
  priceSpecifiers?: (requests: readonly SpecifierSet[]) => Promise<Map<string, PackageCost | null>>;
}

/** A package loaded by some of its specifiers (sorted): a key of RunInput `priceSpecifiers`'s answer. */
export interface SpecifierSet {
  pkg: string;
  specifiers: string[];
}

export const specifierSetKey = (s: SpecifierSet): string => `${s.pkg}\0${s.specifiers.join('\0')}`;

export interface RunResult {
  findings: Finding[];
  problems: Report['problems'];
  /** Entries analysed (absolute). */
  entries: string[];
  /** Findings dropped because the baseline knows them. */
  baselined: number;
  /** Findings dropped by inline suppressions. */
  suppressed: number;
  /** The rules that ran, with their effective severity (for Report.rules). */
  rules: NonNullable<Report['rules']>;
}

/** Relative POSIX path from the project root, as shown to users. */
export function toRelative(root: string, file: string): string {
  const rel = relative(root, file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** A stable identity for baselines: rule + relative file + the rule's content key (never the line). */
export function fingerprint(rule: string, relFile: string, key: string): string {
  return createHash('sha256').update(`${rule}\0${relFile}\0${key}`).digest('hex').slice(0, 20);
}

interface EnabledRule {
  rule: AnyRule;
  severity: Severity;
  options: Record<string, unknown>;
}

/**
 * Works out which rules run, at which severity and with which options: preset, then the user's
 * `rules`, then `--rule`. Unknown rules, unknown option keys and badly typed options are ConfigErrors.
 */
export function resolveRules(rules: readonly AnyRule[], config: ResolvedConfig, only?: string[]): { enabled: EnabledRule[]; unusedSuppression: SeveritySetting } {
  const where = config.configFile ?? 'perf-lint config';
  const byId = new Map(rules.map((r) => [r.id, r]));
  const severities: Record<string, SeveritySetting> = presetSeverities(config.preset, rules);
  const userOptions = new Map<string, Record<string, unknown>>();
  let unusedSuppression: SeveritySetting = 'warn';
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const [sev, options] = splitSetting(where, id, setting);
    if (id === UNUSED_SUPPRESSION) {
      if (options && Object.keys(options).length > 0) throw new ConfigError(where, `rules.${id}: takes no options`);
      unusedSuppression = sev;
      continue;
    }
    if (!byId.has(id)) throw new ConfigError(where, `rules.${id}: unknown rule '${id}' (known: ${[...byId.keys()].sort().join(', ')})`);
    severities[id] = sev;
    if (options) userOptions.set(id, options);
  }
  let selected = rules;
  if (only && only.length > 0) {
    for (const id of only) if (!byId.has(id) && id !== UNUSED_SUPPRESSION) throw new UsageError(`--rule ${id}: unknown rule (run 'perf-lint rules' to list them)`);
    selected = rules.filter((r) => only.includes(r.id));
    for (const r of selected) if (severities[r.id] === 'off') severities[r.id] = r.meta.defaultSeverity;
    if (!only.includes(UNUSED_SUPPRESSION)) unusedSuppression = 'off';
  }
  const enabled: EnabledRule[] = [];
  for (const rule of selected) {
    const severity = severities[rule.id];
    if (!severity || severity === 'off') continue;
    enabled.push({ rule, severity, options: validateOptions(where, rule, userOptions.get(rule.id)) });
  }
  return { enabled, unusedSuppression };
}

function splitSetting(where: string, id: string, setting: RuleSetting): [SeveritySetting, Record<string, unknown> | undefined] {
  const isSeverity = (v: unknown): v is SeveritySetting => v === 'off' || v === 'warn' || v === 'error';
  if (isSeverity(setting)) return [setting, undefined];
  if (Array.isArray(setting) && isSeverity(setting[0]) && setting.length <= 2) {
    const options = setting[1];
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new ConfigError(where, `rules.${id}: options must be an object, got ${JSON.stringify(options)}`);
    }
    return [setting[0], options];
  }
  throw new ConfigError(where, `rules.${id}: expected 'off', 'warn', 'error' or [severity, options], got ${JSON.stringify(setting)}`);
}

/** Merges user options over the rule's defaults, rejecting unknown keys and values the schema refuses. */
export function validateOptions(where: string, rule: AnyRule, user: Record<string, unknown> | undefined): Record<string, unknown> {
  const schema = rule.meta.optionsSchema as Record<string, (v: unknown) => string | null>;
  const options: Record<string, unknown> = { ...(rule.meta.defaultOptions as Record<string, unknown>) };
  for (const [key, value] of Object.entries(user ?? {})) {
    const check = schema[key];
    if (!check) {
      const known = Object.keys(schema);
      throw new ConfigError(where, `rules.${rule.id}: unknown option '${key}' (${known.length > 0 ? `known: ${known.join(', ')}` : 'this rule takes no options'})`);
    }
    const error = check(value);
    if (error !== null) throw new ConfigError(where, `rules.${rule.id}.${key}: expected ${error}, got ${JSON.stringify(value)}`);
    options[key] = value;
  }
  return options;
}

/** Entries to analyse: the configured ones, or else every module nothing imports (the graph's roots). */
export function analysisEntries(graph: ImportGraph, config: ResolvedConfig): string[] {
  if (config.entries.length > 0) return [...config.entries];
  const imported = new Set<string>();
  for (const mod of graph.modules.values()) for (const rec of mod.imports) if (rec.resolved && rec.resolved !== mod.file) imported.add(rec.resolved);
  return [...graph.modules.keys()].filter((f) => !imported.has(f)).sort();
}

/** Runs the enabled rules over the graph and returns sorted, suppressed, baselined findings. */
export async function runRules(input: RunInput): Promise<RunResult> {
  const { graph, cost, config } = input;
  const root = graph.root;
  const { enabled, unusedSuppression } = resolveRules(input.rules, config, input.only);
  const entries = analysisEntries(graph, config);
  const readSource = input.readSource ?? ((f: string) => readFileSync(f, 'utf8'));
  const sources = new Map<string, string | undefined>();
  const sourceOf = (file: string): string | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readSource(file));
      } catch {
        sources.set(file, undefined); // vanished since parsing: nothing to read
      }
    }
    return sources.get(file);
  };
  const tsFor = input.tsFor ?? (() => input.ts);
  const nodeTypesMemo = new Map<string, { ok: boolean; reason?: string }>();
  const nodeTypes = (file: string): { ok: boolean; reason?: string } => {
    let v = nodeTypesMemo.get(file);
    if (!v) nodeTypesMemo.set(file, (v = nodeTypesFor(file, root)));
    return v;
  };
  const view = createGraphView(graph, tsFor, sourceOf);
  // Specifier sets a rule asked to price, and the rules that asked: they run again once priced.
  const priced = new Map<string, PackageCost | null>();
  const wanted = new Map<string, SpecifierSet>();
  const asked = new Set<string>();
  let running = '';
  const specifierCost = (pkg: string, specifiers: readonly string[]): PackageCost | null | undefined => {
    const set = { pkg, specifiers: [...new Set(specifiers)].sort() };
    const key = specifierSetKey(set);
    if (priced.has(key)) return priced.get(key);
    if (!input.priceSpecifiers) return null;
    wanted.set(key, set);
    asked.add(running);
    return undefined;
  };
  // Made on a rule's first question (it loads oxc-resolver when a specifier needs it).
  let resolver: Resolver | undefined;
  const measurements: RunInput['measurements'] = {};
  for (const [entry, m] of Object.entries(input.measurements ?? {})) measurements[isAbsolute(entry) ? entry : resolve(root, entry)] = m;
  const shared = {
    graph,
    cost,
    entries,
    root,
    heavy: config.heavy,
    eager: config.eager,
    ts: input.ts,
    tsFor,
    nodeTypes,
    requireEsm: nodeSupportResolver(root),
    browser: browserBundleResolver(root),
    resolve: (fromFile: string, specifier: string): string | null => (resolver ??= createResolver(root)).resolve(fromFile, specifier, 'import').resolved,
    cacheTargets: config.cache.map(({ target, ...options }) => ({ target, options: options as Record<string, unknown> })),
    view,
    subpaths: await computeSubpaths(graph),
    packageInfo: withEffects(computePackageFacts(graph), input.packageEffects),
    measurements: input.measurements ? measurements : undefined,
    budgets: config.budgets,
    configFile: config.configFile,
    specifierCost,
  };

  const raw: Finding[] = [];
  const relCache = new Map<string, string>();
  const relOf = (file: string): string => {
    let r = relCache.get(file);
    if (r === undefined) {
      r = isAbsolute(file) ? toRelative(root, file) : file;
      relCache.set(file, r);
    }
    return r;
  };
  const runEnabled = (list: readonly EnabledRule[]): void => {
    for (const { rule, severity, options } of list) {
      const report = (d: Diagnostic) => {
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`rule '${rule.id}' reported unknown messageId '${d.messageId}'`);
        const file = relOf(d.file);
        const finding: Finding = {
          rule: rule.id,
          severity,
          file,
          line: d.line,
          column: d.column,
          message: formatMessage(template, d.data),
          fixable: d.fix !== undefined,
          fingerprint: fingerprint(rule.id, file, d.key),
        };
        if (d.cost) finding.cost = d.cost;
        if (d.related && d.related.length > 0) finding.related = d.related.map((r) => ({ ...r, file: relOf(r.file) }));
        // Relative like every path in a report, so a saved report (or baseline) is portable; src/fix resolves it against the root.
        if (d.fix) finding.fix = { ...d.fix, file: relOf(d.fix.file) };
        if (d.unfixableReason) finding.unfixableReason = d.unfixableReason;
        raw.push(finding);
      };
      running = rule.id;
      try {
        rule.check({ ...shared, options, report });
      } catch (err) {
        throw new Error(`rule '${rule.id}' failed: ${(err as Error).message}`, { cause: err });
      }
    }
  };
  runEnabled(enabled);
  if (wanted.size > 0 && input.priceSpecifiers) {
    const answers = await input.priceSpecifiers([...wanted.values()]);
    for (const key of wanted.keys()) priced.set(key, answers.get(key) ?? null);
    // Every set asked for is priced now (null if it cannot be): the second run asks for nothing new.
    const again = [...asked];
    for (let i = raw.length - 1; i >= 0; i--) if (again.includes(raw[i].rule)) raw.splice(i, 1);
    runEnabled(enabled.filter((e) => again.includes(e.rule.id)));
  }

  // Inline suppressions, and directives that suppressed nothing.
  const ran = new Set(enabled.map((e) => e.rule.id));
  const known = new Set(input.rules.map((r) => r.id));
  const directivesByFile = new Map<string, SuppressionDirective[]>();
  for (const [file, mod] of graph.modules) {
    // The parser noted which texts mention a directive; a caller's own reader (editor buffers) may differ from disk.
    if (mod.mentionsSuppression === false && !input.readSource) continue;
    const text = sourceOf(file);
    if (text === undefined) continue; // a file that vanished since parsing has no directives left to honour
    if (text.includes('perf-lint-disable')) await loadSuppressionParser();
    const directives = parseSuppressions(text, file);
    if (directives.length > 0) directivesByFile.set(toRelative(root, file), directives);
  }
  const used = new Map<SuppressionDirective, Set<string>>();
  let suppressed = 0;
  const kept = raw.filter((f) => {
    const directives = directivesByFile.get(f.file) ?? [];
    const hit = directives.find((d) => suppresses(d, f.rule, f.line));
    if (!hit) return true;
    if (!used.has(hit)) used.set(hit, new Set());
    used.get(hit)!.add(f.rule);
    suppressed++;
    return false;
  });
  if (unusedSuppression !== 'off') {
    for (const [file, directives] of directivesByFile) {
      for (const d of directives) {
        const hits = used.get(d) ?? new Set<string>();
        const unused: string[] = [];
        if (d.rules.length === 0) {
          if (hits.size === 0 && enabled.length === input.rules.length) unused.push('');
        } else {
          for (const r of d.rules) if (!hits.has(r) && (ran.has(r) || !known.has(r))) unused.push(r);
        }
        for (const r of unused) {
          const what = r === '' ? 'any rule' : known.has(r) ? `'${r}'` : `unknown rule '${r}'`;
          kept.push({
            rule: UNUSED_SUPPRESSION,
            severity: unusedSuppression,
            file,
            line: d.line,
            column: d.column,
            message: `This perf-lint-${d.kind} comment suppresses nothing for ${what} on line ${d.target}; remove it.`,
            fixable: false,
            fingerprint: fingerprint(UNUSED_SUPPRESSION, file, `${d.kind}:${r}:${d.reason ?? ''}`),
          });
        }
      }
    }
  }

  sortFindings(kept);
  dedupeFingerprints(kept);
  let findings = kept;
  let baselined = 0;
  if (input.baseline) ({ kept: findings, baselined } = applyBaseline(kept, readBaseline(input.baseline)));

  const problems: Report['problems'] = [
    ...graph.parseErrors.map((e) => ({ file: toRelative(root, e.file), line: e.line, column: e.column, message: e.message })),
    ...graph.unresolved.map((u) => ({ file: toRelative(root, u.file), line: u.line, column: u.column, message: `cannot resolve '${u.specifier}': ${u.reason}` })),
  ];
  problems.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.message, b.message));
  const ranRules = enabled.map(({ rule, severity }) => ({ id: rule.id, description: rule.meta.description, docs: rule.docs, fixable: rule.meta.fixable, severity }));
  return { findings, problems, entries, baselined, suppressed, rules: ranRules };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts in place by file, line, column, then rule and message (so equal positions are stable). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message));
}

/** Two findings with one content key (the same import written twice) get `#2`, `#3`… in sorted order. */
function dedupeFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    if (n > 1) f.fingerprint = `${f.fingerprint}#${n}`;
  }
}

// ---- package facts (the engine may read fs; rules may not) ----

const IMPORT_CONDITIONS = new Set(['node', 'import', 'module-sync', 'default']);
const REQUIRE_CONDITIONS = new Set(['node', 'require', 'module-sync', 'default']);

function pickTarget(value: unknown, conditions: ReadonlySet<string>): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const r = pickTarget(v, conditions);
      if (r !== null) return r;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!conditions.has(k)) continue;
      const r = pickTarget(v, conditions);
      if (r !== null) return r;
    }
  }
  return null;
}

function substitute(value: unknown, match: string): unknown {
  if (typeof value === 'string') return value.replaceAll('*', match);
  if (Array.isArray(value)) return value.map((v) => substitute(v, match));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, match)]));
  return value;
}

/** The `exports` entry for a subpath ('.' or './name'), with `*` patterns expanded; undefined when not exported. */
function exportsEntry(exportsField: unknown, subpath: string): unknown {
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) return subpath === '.' ? exportsField : undefined;
  if (!exportsField || typeof exportsField !== 'object') return undefined;
  const map = exportsField as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length > 0 && keys.every((k) => !k.startsWith('.'))) return subpath === '.' ? map : undefined;
  if (subpath in map) return map[subpath];
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length >= prefix.length + suffix.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      return substitute(map[key], subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file `<pkg>/<name>` loads (a folder with its own package.json: that package.json), or null. */
function subpathFile(pkgRoot: string, pkgJson: Record<string, unknown>, name: string): string | null {
  if (!/^[\w$.-]+$/.test(name) || name.startsWith('.')) return null;
  if (pkgJson.exports !== undefined) {
    const entry = exportsEntry(pkgJson.exports, `./${name}`);
    const target = pickTarget(entry, IMPORT_CONDITIONS) ?? pickTarget(entry, REQUIRE_CONDITIONS);
    return target !== null && isFile(join(pkgRoot, target)) ? join(pkgRoot, target) : null;
  }
  for (const f of [...['.js', '.cjs', '.mjs'].map((ext) => join(pkgRoot, name + ext)), join(pkgRoot, name, 'index.js'), join(pkgRoot, name, 'package.json')]) if (isFile(f)) return f;
  return null;
}

/**
 * Does `<pkg>/<name>` give the value `import { name } from 'pkg'` gives, as the subpath codemod
 * writes it: a named export `name`, or a default / `module.exports`? `css-tree/lexer` exports the
 * class `Lexer`, not the root's `lexer` instance, and `csso/syntax` is the namespace the root
 * exports as `syntax`: neither is a drop-in.
 */
function subpathProvides(file: string, name: string, shapeOf: typeof ModuleExportShape): boolean {
  const shape = shapeOf(file);
  return shape !== null && (shape.named.has(name) || shape.hasDefault || shape.moduleExportsAssigned);
}

/** For every whole-package named import in the graph: which names have a resolvable `<pkg>/<name>`. */
export async function computeSubpaths(graph: ImportGraph): Promise<Record<string, Record<string, string>>> {
  const wanted = new Map<string, Set<string>>();
  for (const mod of graph.modules.values()) {
    for (const rec of mod.imports) {
      if (!rec.package || rec.builtin || rec.specifier !== rec.package) continue;
      for (const n of rec.names) {
        if (n.isType || n.imported === 'default' || n.imported === '*') continue;
        if (!wanted.has(rec.package)) wanted.set(rec.package, new Set());
        wanted.get(rec.package)!.add(n.imported);
      }
    }
  }
  const out: Record<string, Record<string, string>> = {};
  // Deciding parses the subpath's file: the answers are kept by file (cost/file-facts.ts), and the
  // parser loads only on a miss.
  let facts: FileFacts<boolean> | undefined;
  let shapeOf: typeof ModuleExportShape | undefined;
  const provides = async (file: string, name: string): Promise<boolean> => {
    if (file.endsWith('package.json')) return true;
    facts ??= FileFacts.open<boolean>(graph.root, 'subpaths.json', `${moduleStamp('../fix/interop.js', import.meta.url)}\n${parserVersion()}`);
    const stamp = FileFacts.keyOf(file);
    const key = stamp === null ? null : `${stamp}|${name}`;
    const known = key === null ? undefined : facts.get(key);
    if (known !== undefined) return known;
    shapeOf ??= (await import('../fix/interop.js')).moduleExportShape;
    const ok = subpathProvides(file, name, shapeOf);
    if (key !== null) facts.set(key, ok);
    return ok;
  };
  for (const [pkg, names] of [...wanted].sort((a, b) => cmp(a[0], b[0]))) {
    const node = graph.packages.get(pkg);
    if (!node || node.workspace) continue;
    const json = readJson(join(node.root, 'package.json'));
    if (!json) continue;
    const found: Record<string, string> = {};
    for (const name of [...names].sort()) {
      const file = subpathFile(node.root, json, name);
      if (file !== null && (await provides(file, name))) found[name] = `${pkg}/${name}`;
    }
    if (Object.keys(found).length > 0) out[pkg] = found;
  }
  facts?.save();
  return out;
}

const TOP_LEVEL_AWAIT = /^(?:await\s|(?:export\s+)?(?:const|let|var)\s+[^=\n]+=\s*await\s|for\s+await\s*\()/m;
const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//g;
const LINE_COMMENT = /^\s*\/\/.*$/gm;

/** Reads each installed package's package.json: dual builds, ESM-only, top-level await in its ESM entry. */
function withEffects(facts: Record<string, PackageFacts>, effects: Record<string, string> | undefined): Record<string, PackageFacts> {
  for (const [name, why] of Object.entries(effects ?? {})) if (facts[name]) facts[name].loadEffects = why;
  return facts;
}

export function computePackageFacts(graph: ImportGraph): Record<string, PackageFacts> {
  // The subpath specifiers each package is imported by ('postcss/lib/result'): judged by their own entry.
  const subpathSpecs = new Map<string, Set<string>>();
  for (const mod of graph.modules.values()) {
    for (const rec of mod.imports) {
      if (!rec.package || rec.builtin || rec.specifier === rec.package || !rec.specifier.startsWith(`${rec.package}/`)) continue;
      if (!subpathSpecs.has(rec.package)) subpathSpecs.set(rec.package, new Set());
      subpathSpecs.get(rec.package)!.add(rec.specifier);
    }
  }
  const out: Record<string, PackageFacts> = {};
  for (const [name, node] of [...graph.packages].sort((a, b) => cmp(a[0], b[0]))) {
    if (node.workspace) continue;
    const json = readJson(join(node.root, 'package.json'));
    if (!json) continue;
    const facts: PackageFacts = entryFacts(node.root, json, '.');
    for (const spec of [...(subpathSpecs.get(name) ?? [])].sort()) {
      (facts.subpaths ??= {})[spec] = entryFacts(node.root, json, `./${spec.slice(name.length + 1)}`);
    }
    out[name] = facts;
  }
  return out;
}

/** What loading one entry point of a package ('.' or './sub/path') with import() and require() means. */
function entryFacts(root: string, json: Record<string, unknown>, subpath: string): PackageFacts {
  let importTarget: string | null;
  let requireTarget: string | null;
  if (json.exports !== undefined) {
    const entry = exportsEntry(json.exports, subpath);
    importTarget = pickTarget(entry, IMPORT_CONDITIONS);
    requireTarget = pickTarget(entry, REQUIRE_CONDITIONS);
  } else if (subpath === '.') {
    const main = typeof json.main === 'string' ? json.main : 'index.js';
    // Without exports, require() loads `main` too (an ES module there is require(esm)).
    importTarget = main;
    requireTarget = main;
  } else {
    // Without exports, a subpath is a file of the package, the same for both.
    const file = ['', '.js', '.cjs', '.mjs', '/index.js'].map((ext) => subpath + ext).find((f) => isFile(join(root, f))) ?? null;
    importTarget = file;
    requireTarget = file;
  }
  const norm = (t: string | null) => (t === null ? null : join(root, t));
  const isEsm = (f: string | null): f is string => f !== null && (f.endsWith('.mjs') || (json.type === 'module' && !f.endsWith('.cjs')));
  const esmFile = norm(importTarget);
  let topLevelAwait = false;
  if (isEsm(esmFile) && existsSync(esmFile)) {
    try {
      // Comments set aside: p-memoize's JSDoc example starts lines with `await`.
      topLevelAwait = TOP_LEVEL_AWAIT.test(readFileSync(esmFile, 'utf8').replace(BLOCK_COMMENT, '').replace(LINE_COMMENT, ''));
    } catch {
      topLevelAwait = false;
    }
  }
  return {
    dual: importTarget !== null && requireTarget !== null && norm(importTarget) !== norm(requireTarget),
    esmOnly: importTarget !== null && (requireTarget === null || isEsm(norm(requireTarget))),
    requireEsm: isEsm(norm(requireTarget)),
    noRequireTarget: importTarget !== null && requireTarget === null,
    topLevelAwait,
  };
}
