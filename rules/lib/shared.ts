/**
 * Helpers shared by the rules (not a rule: the registry lists rules explicitly and the meta-test
 * checks only rules/*.ts). Pure functions of the rule context: no fs, no process.
 */
import type { BindingUsage, ImportRecord, ParsedModule } from '../../src/graph/types.js';
import type { RuleContext } from '../../src/engine/rule.js';
import type { FindingCost } from '../../src/engine/types.js';
import { declarationProblem } from '../../src/graph/usage.js';

/** Root-relative POSIX path for messages (rules may not import node:path). */
export function rel(ctx: { root: string }, file: string): string {
  const root = ctx.root.replace(/[\\/]+$/, '');
  const f = file.replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/');
  return f.startsWith(`${r}/`) ? f.slice(r.length + 1) : f;
}

/** Formats a number of ms the way people read them: 38 ms, 4.2 ms, 0.3 ms. */
export function formatMs(ms: number): string {
  return ms >= 10 ? `${Math.round(ms)} ms` : `${Math.round(ms * 10) / 10} ms`;
}

/** "38 ms and 112 modules", "112 modules" (static estimate), "1 module". */
export function formatCost(c: { ms: number | null; modules: number }): string {
  const mods = `${c.modules} module${c.modules === 1 ? '' : 's'}`;
  return c.ms === null ? mods : `${formatMs(c.ms)} and ${mods}`;
}

/** "formatDate()", "a() and b()", "a(), b() and 2 more functions". */
export function listFunctions(names: readonly string[]): string {
  const shown = names.slice(0, 2).map((n) => (n === '' ? 'an anonymous function' : `${n}()`));
  if (names.length <= 2) return shown.join(' and ');
  return `${shown.join(', ')} and ${names.length - 2} more function${names.length - 2 === 1 ? '' : 's'}`;
}

/** "'a', 'b' and 'c'". */
export function listQuoted(items: readonly string[]): string {
  const q = items.map((i) => `'${i}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** Bindings of one import. */
export function bindingsOf(mod: ParsedModule, importIndex: number): BindingUsage[] {
  return mod.bindings.filter((b) => b.importIndex === importIndex);
}

/**
 * Why the codemods cannot rewrite the statement of import #importIndex, from how its `require()`
 * is declared (BindingUsage.declaration), or null. An interop helper around the call ('helper')
 * blocks only `await import()` (see lazyCandidates), and the namespace it binds is not what the
 * other fixes rewrite.
 */
export function declarationBlocker(mod: ParsedModule, importIndex: number): string | null {
  const declared = mod.bindings.find((b) => b.importIndex === importIndex && b.declaration !== undefined && b.declaration !== 'helper')?.declaration;
  return declared ? declarationProblem(declared, mod.imports[importIndex].line) : null;
}

/** The cost a package (or subpath specifier) adds at startup, as a FindingCost, or undefined when unknown. */
export function packageCost(ctx: RuleContext<unknown>, name: string): FindingCost | undefined {
  const c = ctx.cost.get(name);
  if (!c) return undefined;
  return { ms: c.ms, modules: c.modules, mb: c.heapMb, source: c.source };
}

/** What loading a local module costs: its runtime closure (local modules plus the packages it pulls in). */
export function moduleCost(ctx: RuleContext<unknown>, file: string, exclude: ReadonlySet<string> = new Set(), excludePackages: ReadonlySet<string> = new Set()): FindingCost {
  const view = ctx.view!;
  const { modules, packages } = view.closure(file);
  let count = 0;
  for (const m of modules) if (!exclude.has(m)) count++;
  // ms and MB are known only from measured packages; local modules are counted, not timed.
  let ms: number | null = null;
  let mb: number | null = null;
  let source: FindingCost['source'] = 'static';
  for (const p of packages) {
    if (excludePackages.has(p)) continue;
    const c = ctx.cost.get(p);
    if (!c) continue;
    count += c.modules;
    if (c.ms !== null) {
      ms = (ms ?? 0) + c.ms;
      source = 'measured';
    }
    if (c.heapMb !== null) mb = (mb ?? 0) + c.heapMb;
  }
  return { ms, modules: count, mb, source };
}

/** Is this specifier a path (relative or absolute) rather than a package? Decided by kind, not by dots. */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/') || /^[A-Za-z]:[\\/]/.test(specifier) || specifier.startsWith('file:');
}

/** The view is always set by the engine; a rule run outside it is a programming error. */
export function requireView(ctx: RuleContext<unknown>, rule: string): NonNullable<RuleContext<unknown>['view']> {
  if (!ctx.view) throw new Error(`${rule} needs ctx.view (graph queries); run rules through runRules()`);
  return ctx.view;
}

/** Line and column of an import record, for reports. */
export function at(rec: ImportRecord): { line: number; column: number } {
  return { line: rec.line, column: rec.column };
}
