import { createRule } from '../src/engine/rule.js';
import type { ParsedModule } from '../src/graph/types.js';
import type { RuleContext } from '../src/engine/rule.js';
import { declarationBlocker, listQuoted, requireView } from './lib/shared.js';

interface Options {
  /** A module counts as a barrel when it re-exports from at least this many modules. */
  minReexports: number;
}

interface Origin {
  file: string;
  imported: string;
}

function reexportTarget(ctx: RuleContext<Options>, barrel: ParsedModule, specifier: string): string | null {
  const rec = barrel.imports.find((r) => r.kind === 'reexport' && r.specifier === specifier && r.resolved);
  return rec?.resolved && ctx.graph.modules.has(rec.resolved) ? rec.resolved : null;
}

/** Follows re-exports (named and `export *`) to the module that defines `name`. */
function trace(ctx: RuleContext<Options>, file: string, name: string, seen: Set<string>): Origin | null {
  const key = `${file}#${name}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const mod = ctx.graph.modules.get(file);
  if (!mod) return null;
  const exact = mod.exports.find((e) => e.exported === name);
  if (exact) {
    if (!exact.from) return { file, imported: name };
    const target = reexportTarget(ctx, mod, exact.from.specifier);
    if (!target) return null;
    if (exact.from.imported === '*') return { file: target, imported: '*' };
    return trace(ctx, target, exact.from.imported, seen);
  }
  if (name === 'default') return null; // `export *` never forwards the default export
  for (const star of mod.exports.filter((e) => e.exported === '*' && e.from)) {
    const target = reexportTarget(ctx, mod, star.from!.specifier);
    if (!target) continue;
    const hit = trace(ctx, target, name, seen);
    if (hit) return hit;
  }
  return null;
}

/** A relative specifier from `fromFile` to `toFile`, in the importer's extension style. */
function relativeSpecifier(fromFile: string, toFile: string, written: string): string {
  const from = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
  const to = toFile.replace(/\\/g, '/').split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.length - i;
  let spec = [...Array<string>(up).fill('..'), ...to.slice(i)].join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  if (/\.(m|c)?js$/.test(written)) return spec.replace(/\.(m|c)?tsx?$/, (_, p: string | undefined) => `.${p ?? ''}js`);
  if (!/\.\w+$/.test(written.split('/').pop() ?? '')) return spec.replace(/\.(m|c)?[jt]sx?$/, '');
  return spec;
}

/**
 * The barrel's own alias style for `toFile` (`@/components` -> `@/components/button`, `#main/index.mjs`
 * -> `#extract/meta.mjs`): when the written specifier is not a path, the part it shares with the
 * barrel's path is swapped for the target's, and the candidate is kept only if it resolves to
 * `toFile`. Null when no candidate does (the caller writes a relative path).
 */
function aliasSpecifier(ctx: RuleContext<Options>, fromFile: string, barrelFile: string, toFile: string, written: string): string | null {
  if (!ctx.resolve || written.startsWith('.') || written.startsWith('/')) return null;
  const barrel = barrelFile.replace(/\\/g, '/');
  const target = toFile.replace(/\\/g, '/');
  const asJs = (file: string): string => file.replace(/\.([cm]?)tsx?$/, (_, p: string) => `.${p}js`);
  // The forms the barrel may have been written in: whole, with a TypeScript extension written as
  // JavaScript's, without its extension, as its folder.
  const forms = [barrel, asJs(barrel), barrel.replace(/\.[cm]?[jt]sx?$/, ''), barrel.replace(/\/index\.[cm]?[jt]sx?$/, '')];
  for (const form of new Set(forms)) {
    // The longest tail the specifier and the form share, starting at a folder boundary of the form.
    let n = 0;
    while (n < written.length && n < form.length && written[written.length - 1 - n] === form[form.length - 1 - n]) n++;
    const cut = form.lastIndexOf('/', form.length - n) + 1;
    const tail = form.slice(cut);
    if (tail === '' || !written.endsWith(tail) || !target.startsWith(form.slice(0, cut))) continue;
    const prefix = written.slice(0, written.length - tail.length);
    const rest = target.slice(cut);
    const stem = rest.replace(/\.[cm]?[jt]sx?$/, '');
    // In the style the barrel was written in: its extension, .ts written as .js, or none.
    const candidates = form === barrel ? [rest, asJs(rest)] : form === asJs(barrel) ? [asJs(rest), rest] : [stem, rest];
    for (const c of candidates) if (ctx.resolve(fromFile, prefix + c) === toFile) return prefix + c;
  }
  return null;
}

/** An import through an index that re-exports many modules, evaluating modules the importer never uses. */
export default createRule<Options>({
  id: 'no-barrel-import',
  meta: {
    description: 'Import from the module that defines a name instead of a barrel that evaluates many modules.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: true,
    messages: {
      barrel: "'{{specifier}}' is a barrel: importing {{names}} through it evaluates {{saved}} this file never uses; import from {{direct}} instead.",
    },
    defaultOptions: { minReexports: 3 },
    optionsSchema: {
      minReexports: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : 'an integer >= 1'),
    },
  },
  check(ctx) {
    const view = requireView(ctx, 'no-barrel-import');
    // Per module imported: whether it re-exports from enough modules to be a barrel.
    const barrels = new Map<string, boolean>();
    const isBarrel = (barrel: ParsedModule): boolean => {
      let is = barrels.get(barrel.file);
      if (is === undefined) {
        is = new Set(barrel.exports.filter((e) => e.from && !e.isType).map((e) => e.from!.specifier)).size >= ctx.options.minReexports;
        barrels.set(barrel.file, is);
      }
      return is;
    };
    // What a barrel evaluates beyond the modules that define what is imported, per barrel and set
    // of defining modules: many files import the same names from the same barrel.
    const savings = new Map<string, { modules: number; packages: string[] }>();
    const savingOf = (barrel: string, origins: readonly Origin[]): { modules: number; packages: string[] } => {
      const files = [...new Set(origins.map((o) => o.file))].sort();
      const key = `${barrel}\0${files.join('\0')}`;
      let saving = savings.get(key);
      if (!saving) {
        const whole = view.closure(barrel);
        const keepModules = new Set<string>();
        const keepPackages = new Set<string>();
        for (const file of files) {
          const c = view.closure(file);
          c.modules.forEach((m) => keepModules.add(m));
          c.packages.forEach((p) => keepPackages.add(p));
        }
        let modules = 0;
        for (const m of whole.modules) if (!keepModules.has(m)) modules++;
        saving = { modules, packages: [...whole.packages].filter((p) => !keepPackages.has(p)).sort() };
        savings.set(key, saving);
      }
      return saving;
    };
    for (const mod of [...ctx.graph.modules.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      mod.imports.forEach((rec, importIndex) => {
        if (rec.kind !== 'static' && rec.kind !== 'require') return;
        const barrel = rec.resolved ? ctx.graph.modules.get(rec.resolved) : undefined;
        if (!barrel || !isBarrel(barrel) || !view.isRuntimeEdge(mod.file, importIndex)) return;
        const values = rec.names.filter((n) => !n.isType);
        if (values.length === 0 || values.some((n) => n.imported === '*' || n.local === null)) return;
        const origins: Origin[] = [];
        for (const n of values) {
          const o = trace(ctx, barrel.file, n.imported, new Set());
          if (!o || o.file === barrel.file) return;
          origins.push(o);
        }
        const { modules: savedModuleCount, packages: savedPackages } = savingOf(barrel.file, origins);
        if (savedModuleCount === 0 && savedPackages.length === 0) return;
        let modules = savedModuleCount;
        let ms: number | null = null;
        let source: 'measured' | 'static' = 'static';
        for (const p of savedPackages) {
          const c = ctx.cost.get(p);
          if (!c) continue;
          modules += c.modules;
          if (c.ms !== null) {
            ms = (ms ?? 0) + c.ms;
            source = 'measured';
          }
        }
        const rewrites = values.map((n, i) => ({ name: n.imported, specifier: aliasSpecifier(ctx, mod.file, barrel.file, origins[i].file, rec.specifier) ?? relativeSpecifier(mod.file, origins[i].file, rec.specifier), imported: origins[i].imported }));
        const byDirect = new Map<string, string[]>();
        for (const r of rewrites) byDirect.set(r.specifier, [...(byDirect.get(r.specifier) ?? []), r.name]);
        const direct = [...byDirect].map(([s, names]) => `'${s}' (${names.join(', ')})`).join(', ');
        const pkgNote = savedPackages.length > 0 ? ` (including ${listQuoted(savedPackages)})` : '';
        const inPackage = rec.package !== undefined;
        const blocker = declarationBlocker(mod, importIndex);
        ctx.report({
          file: mod.file,
          line: rec.line,
          column: rec.column,
          messageId: 'barrel',
          data: {
            specifier: rec.specifier,
            names: listQuoted(values.map((n) => n.imported)),
            saved: `${modules} module${modules === 1 ? '' : 's'}${pkgNote}`,
            direct,
          },
          cost: { ms, modules, mb: null, source },
          fix: inPackage || blocker ? undefined : { kind: 'barrel', file: mod.file, importIndex, rewrites },
          unfixableReason: inPackage ? `the defining modules are internal files of '${rec.package}', not its public entry points` : (blocker ?? undefined),
          key: `${rec.specifier}:${values.map((n) => n.imported).sort().join(',')}`,
        });
      });
    }
  },
});
