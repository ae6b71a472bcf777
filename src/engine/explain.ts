import { resolve } from 'node:path';
import type { CostModel } from '../cost/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { tsSettingsResolver } from '../config/tsconfig.js';
import type { BindingUsage, ImportGraph, ParsedModule } from '../graph/types.js';
import { createGraphView } from './graph-view.js';
import type { RuleContext } from './rule.js';
import { analysisEntries, toRelative } from './run.js';
import type { Finding } from './types.js';

export interface ExplainInput {
  config: ResolvedConfig;
  graph: ImportGraph;
  cost: CostModel;
  /** The project's TypeScript settings (read from its tsconfig when omitted). */
  ts?: RuleContext<unknown>['ts'];
}

function describeUse(b: BindingUsage, root: string, file: string): string[] {
  const out: string[] = [];
  for (const r of b.references) {
    const where = `${toRelative(root, file)}:${r.line}:${r.column}`;
    const ctx = r.context === 'type' ? 'type position' : r.context === 'load' ? (r.branch ? `runs while the module loads, on the runs that reach it (behind a branch, in ${r.fn?.name ? `${r.fn.name}()` : 'an anonymous function'})` : 'runs while the module loads') : `inside ${r.fn?.async ? 'async ' : ''}${r.fn?.name ? `${r.fn.name}()` : 'an anonymous function'}`;
    out.push(`    ${b.local} (${r.kind}) at ${where}: ${ctx}${r.inTry ? ', inside try' : ''}`);
  }
  if (b.references.length === 0) out.push(`    ${b.local}: never used`);
  return out;
}

function flags(b: BindingUsage): string {
  const f: string[] = [];
  if (b.declaredAsType) f.push('declared as a type');
  if (b.unused) f.push('unused');
  if (b.typeOnly) f.push('type positions only');
  if (b.usedAtLoad) f.push('used at load');
  if (b.functionsOnly) f.push(b.asyncOnly ? 'only inside async functions' : 'only inside functions');
  if (b.reassigned) f.push('reassigned');
  if (b.mutated) f.push('property written');
  if (b.reexported) f.push('re-exported');
  if (b.inTry) f.push('used inside try');
  if (b.decoratorMetadata) f.push('decorator metadata type');
  return f.join(', ');
}

/** Rules whose finding is about every eager import of a package in the file, not one statement. */
const LAZY_RULES = new Set(['prefer-lazy-import', 'prefer-dynamic-import']);

const FIX_SAFETY: Record<string, string> = {
  lazy: 'every value binding of the import is used only inside functions; none is reassigned, mutated, re-exported, used at load or inside try/catch; the package is not on the eager list (polyfills, instrumentation, JSX runtimes) and every other eager import site of it can be deferred too',
  subpath: "every imported name has its own entry point in the package (checked against its exports map or files), so the whole library is no longer evaluated",
  barrel: 'each imported name was traced through the re-exports to the module that defines it; importing that module directly evaluates the same code for those names',
  'type-import': 'every imported name is used only in type positions, and no decorator metadata (emitDecoratorMetadata) needs the runtime value',
  cache: 'the target is configured for caching',
};

/** For one finding: the eager paths from each entry, the usage sites, and why a fix is or is not safe (plain text). */
export function explainFinding(finding: Finding, input: ExplainInput): string {
  const { graph, config } = input;
  const root = graph.root;
  // The same settings as the analysis: each file's own tsconfig's.
  const view = createGraphView(graph, input.ts ?? tsSettingsResolver(config.root));
  const abs = resolve(root, finding.file);
  const mod: ParsedModule | undefined = graph.modules.get(abs);
  const lines: string[] = [`${finding.file}:${finding.line}:${finding.column}  ${finding.rule} (${finding.severity})`, `  ${finding.message}`];
  if (finding.cost) {
    const c = finding.cost;
    lines.push(`  Saving if fixed: ${c.ms !== null ? `${Math.round(c.ms * 10) / 10} ms, ` : ''}${c.modules} modules${c.mb !== null ? `, ${Math.round(c.mb * 10) / 10} MB` : ''} (${c.source})`);
  }

  const rec = mod?.imports.find((r) => r.line === finding.line && r.column === finding.column) ?? mod?.imports.find((r) => r.line === finding.line);
  const target = rec?.package ?? rec?.specifier;
  lines.push('', 'Eager paths from each entry:');
  const entries = analysisEntries(graph, config);
  let any = false;
  for (const entry of entries) {
    const path = view.eagerPath(entry, abs);
    if (!path) continue;
    any = true;
    const shown = path.map((p) => toRelative(root, p));
    if (rec && target && view.isRuntimeEdge(abs, mod!.imports.indexOf(rec))) shown.push(`'${target}'`);
    lines.push(`  ${shown.join(' -> ')}`);
  }
  if (!any) lines.push(`  none: ${finding.file} is not loaded at startup by ${entries.length === 1 ? 'the entry' : 'any entry'} (${entries.map((e) => toRelative(root, e)).join(', ') || 'no entries'})`);

  if (mod && rec) {
    // A lazy-load finding covers every eager import of the package in its file (the fix rewrites
    // them all): the usage sites of each.
    const covered = LAZY_RULES.has(finding.rule) && target
      ? mod.imports.filter((r) => r === rec || ((r.package ?? r.specifier) === target && r.kind !== 'type' && r.kind !== 'dynamic' && !r.nested))
      : [rec];
    for (const r of covered) {
      const index = mod.imports.indexOf(r);
      const bindings = mod.bindings.filter((b) => b.importIndex === index);
      const at = covered.length > 1 ? ` at line ${r.line}` : '';
      lines.push('', `Usage sites of the import of '${r.specifier}'${at} (${r.kind}${r.inTry ? ', inside try' : ''}):`);
      if (bindings.length === 0) lines.push('  no bindings (side-effect import or re-export)');
      for (const b of bindings) {
        lines.push(`  ${b.local} <- ${b.imported}: ${flags(b) || 'no facts'}`);
        lines.push(...describeUse(b, root, abs));
      }
    }
  }
  if (finding.related?.length) {
    lines.push('', 'Related import sites:');
    for (const r of finding.related) lines.push(`  ${r.file}:${r.line}:${r.column}${r.message ? `  ${r.message}` : ''}`);
  }

  lines.push('');
  if (finding.fix) lines.push(`Fix (${finding.fix.kind}${finding.fix.kind === 'lazy' ? `, shape ${finding.fix.shape}` : ''}) is safe because ${FIX_SAFETY[finding.fix.kind] ?? 'the rule checked its preconditions'}. Apply it with --fix.`);
  else if (finding.unfixableReason) lines.push(`No automatic fix: ${finding.unfixableReason}.`);
  else lines.push(`No automatic fix: ${finding.rule} reports only${finding.rule === 'no-unused-import' ? ' (removing an import can drop the side effects of evaluating its module)' : ''}.`);
  return lines.join('\n');
}
