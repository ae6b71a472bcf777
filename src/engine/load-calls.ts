/**
 * Uses that run at startup because another module calls a function while it loads.
 *
 * The parser classifies each use of an imported binding within its own file: a use inside a
 * function is "only inside functions" unless that file itself calls the function while it loads.
 * A CLI is usually split: `bin/tool.js` calls `cli()` of `lib/cli.js` at top level, and `cli()`
 * uses the heavy package. Deferring that import saves nothing, since the call runs at startup.
 * ParsedModule.callReach lists, per exported function or class, the bindings a call of it uses
 * (through the functions it calls in turn); this module follows calls and `new` made at load by
 * the modules of a startup set into those exports, and on through the calls those uses make.
 *
 * Only calls made on every run count (not in a branch, a loop body, a `catch`, the right of `&&`):
 * a CLI's dispatcher calls each command's handler on some runs only, and those handlers' imports
 * are what is worth deferring. What is followed: a call or `new` of an imported binding itself (`cli()`, `new API()`, a
 * CommonJS `module.exports = function`), a member called on a namespace import or a whole
 * `require()` result (`cli.run()`), through `export { x } from` re-exports. What is not: a method
 * called on an object a function returned (`new API().connect()`), which needs types to follow.
 */
import type { ImportGraph, ParsedModule } from '../graph/types.js';

/** Where a function that uses the binding is called while a module loads. */
export interface LoadCall {
  /** The module whose loading makes the call (absolute path). */
  file: string;
  line: number;
  /** The imported name called there. */
  name: string;
  /**
   * The function, as the module that calls it names it, whose run uses the binding: `name` itself
   * when the module that loads calls it directly, else the last call on the way (`cli()` calls
   * `build()` of another module, which uses it: `build`).
   */
  via: string;
}

/** Per module (absolute path), per binding index: the load-time call that makes its uses run at startup. */
export type LoadCalls = ReadonlyMap<string, ReadonlyMap<number, LoadCall>>;

/** How deep `export { x } from` chains are followed. */
const MAX_REEXPORTS = 8;

export function loadCalls(graph: ImportGraph, startup: ReadonlySet<string>): LoadCalls {
  const out = new Map<string, Map<number, LoadCall>>();
  const done = new Set<string>();
  const queue: { file: string; exported: string; cause: LoadCall }[] = [];

  /** Queues the export `imported` of the module `rec` of `mod` resolves to, when it is local. */
  const follow = (mod: ParsedModule, importIndex: number, imported: string, cause: LoadCall): void => {
    let file = mod.imports[importIndex]?.resolved;
    let name = imported;
    for (let hop = 0; hop <= MAX_REEXPORTS && file; hop++) {
      const target = graph.modules.get(file);
      if (!target) return;
      // A CommonJS module's whole `require()` result is its `module.exports` (exports.x: its member x).
      if (name === '*') {
        if (target.format !== 'cjs') return;
        name = 'default';
      }
      if (target.callReach?.some((c) => c.exported === name)) {
        queue.push({ file, exported: name, cause });
        return;
      }
      const re = target.exports.find((e) => e.exported === name && e.from);
      if (!re?.from) return;
      const spec = re.from.specifier;
      file = target.imports.find((r) => r.specifier === spec && r.kind !== 'type')?.resolved ?? undefined;
      name = re.from.imported;
    }
  };

  for (const file of startup) {
    const mod = graph.modules.get(file);
    if (!mod) continue;
    for (const c of mod.loadCalls ?? []) {
      const b = mod.bindings[c.binding];
      if (!b) continue;
      // `ns.init()` on a namespace import or a whole `require()` result calls its export `init`.
      if (c.member === null) follow(mod, b.importIndex, b.imported, { file, line: c.line, name: b.local, via: b.local });
      else if (b.imported === '*') {
        const name = `${b.local}.${c.member}`;
        follow(mod, b.importIndex, c.member, { file, line: c.line, name, via: name });
      }
    }
  }

  for (let head = 0; head < queue.length; head++) {
    const { file, exported, cause } = queue[head];
    const key = `${file}\0${exported}`;
    if (done.has(key)) continue;
    done.add(key);
    const mod = graph.modules.get(file)!;
    const reach = mod.callReach?.find((c) => c.exported === exported);
    if (!reach) continue;
    let marked = out.get(file);
    if (!marked) out.set(file, (marked = new Map()));
    for (const index of reach.bindings) if (mod.bindings[index] && !marked.has(index)) marked.set(index, cause);
    // What the export always calls of its imports runs at startup too, in the module it comes from.
    for (const index of reach.calls) {
      const b = mod.bindings[index];
      if (b) follow(mod, b.importIndex, b.imported, { ...cause, via: b.local });
    }
  }
  return out;
}
