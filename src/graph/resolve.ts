import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type { NapiResolveOptions, ResolverFactory, ResolveResult } from 'oxc-resolver';
import type { PackageNode } from './types.js';
import { NODE_MODULES_SEGMENT } from './paths.js';

/** Which condition set applies: `import` for ESM `import`/`import()`, `require` for `require()` and CommonJS. */
export type ResolveMode = 'import' | 'require';

/** The outcome of resolving one specifier from one file. */
export interface Resolution {
  /** Absolute path, or null for builtins and unresolved specifiers. */
  resolved: string | null;
  /** The package (node_modules or workspace) the path belongs to. */
  package?: string;
  builtin?: boolean;
  /** Why it did not resolve (only when resolved is null and it is not a builtin). */
  reason?: string;
}

export interface Resolver {
  readonly root: string;
  /** Workspace package name -> its folder (absolute, real path). */
  readonly workspaces: ReadonlyMap<string, string>;
  /** Resolves `specifier` as written in `fromFile`. `typeOnly` falls back to declaration files. */
  resolve(fromFile: string, specifier: string, mode: ResolveMode, typeOnly?: boolean): Resolution;
  /** The package node for a package name seen by resolve(), or null. */
  getPackage(name: string): PackageNode | null;
  /** The package's own dependencies (package.json deps that exist on disk from its folder), as nodes. */
  packageDependencies(pkg: PackageNode): PackageNode[];
  /** 'esm' or 'cjs' as Node decides without looking at the syntax: extension, then the nearest package.json `type` (default cjs). */
  formatOf(file: string): 'esm' | 'cjs';
  /**
   * The format when the extension or an explicit package.json `type` decides it; undefined when
   * Node 20.19+ detects it from the syntax (no `type` field: ESM syntax makes it ESM).
   */
  formatHint(file: string): 'esm' | 'cjs' | undefined;
}

// TypeScript sources first: a project that keeps compiled .js beside its .ts means the .ts.
export const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.node'];
// `import './x.js'` in TypeScript names the emitted file; the source is x.ts (TS "moduleResolution: node16/bundler").
export const EXTENSION_ALIAS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};
// Node 20.19 matches `module-sync` for both import and require (require(esm) is unflagged there).
const IMPORT_CONDITIONS = ['node', 'import', 'module-sync', 'default'];
const REQUIRE_CONDITIONS = ['node', 'require', 'module-sync', 'default'];

interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** oxc-resolver, loaded when first needed (see createResolver). */
function loadOxcResolver(): typeof import('oxc-resolver') {
  return createRequire(import.meta.url)('oxc-resolver') as typeof import('oxc-resolver');
}

function readJson(file: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

function isBareSpecifier(spec: string): boolean {
  return !(spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#') || /^[a-zA-Z]:[\\/]/.test(spec) || spec.startsWith('file:'));
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
export function packageNameOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Reads the workspace globs of a root: npm/yarn `workspaces` and pnpm-workspace.yaml `packages`. */
function workspacePatterns(dir: string): string[] | null {
  const pkg = readJson(path.join(dir, 'package.json'));
  const patterns: string[] = [];
  if (pkg?.workspaces) {
    patterns.push(...(Array.isArray(pkg.workspaces) ? pkg.workspaces : pkg.workspaces.packages ?? []));
  }
  const pnpmFile = path.join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpmFile)) patterns.push(...parsePnpmWorkspace(readFileSync(pnpmFile, 'utf8')));
  return patterns.length > 0 ? patterns : null;
}

/** The `packages:` list of pnpm-workspace.yaml; a tiny reader so the graph path needs no YAML library. */
export function parsePnpmWorkspace(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '');
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:/.test(line);
      const inline = /^packages\s*:\s*\[(.*)\]/.exec(line);
      if (inline) out.push(...inline[1].split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean));
      continue;
    }
    const item = inPackages ? /^\s*-\s*(.+?)\s*$/.exec(line) : null;
    if (item) out.push(item[1].replace(/^['"]|['"]$/g, ''));
  }
  return out;
}

/** Finds the workspace packages of the nearest monorepo root at or above `root`. */
function findWorkspaces(root: string, inRootSpace: (p: string) => string): Map<string, string> {
  const map = new Map<string, string>();
  let dir = root;
  for (;;) {
    const patterns = workspacePatterns(dir);
    if (patterns) {
      const positive = patterns.filter((p) => !p.startsWith('!')).map((p) => `${p.replace(/\/$/, '')}/package.json`);
      const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
      // Loaded only for a monorepo (synchronously: the resolver is created synchronously).
      const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
      const files = globSync(positive, { cwd: dir, absolute: true, ignore: ['**/node_modules/**', ...negative] });
      for (const file of files) {
        const pkg = readJson(file);
        if (pkg?.name) map.set(pkg.name, inRootSpace(realpathSync(path.dirname(file))));
      }
      return map;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return map;
    dir = parent;
  }
}

/**
 * Maps real paths back to the project's own spelling when the root is reached through a symbolic
 * link (`/tmp` on macOS is `/private/tmp`). The resolver answers with real paths, as Node and
 * TypeScript do, while discovered files keep the path they were found under; without this, no
 * resolved path would match a module. The mapping is lifted to the link itself, so sibling
 * workspace folders under the same link map too. Identity when nothing on the way is a link.
 */
export function rootSpace(absRoot: string): (p: string) => string {
  let spelled = absRoot;
  let real: string;
  try {
    real = realpathSync(absRoot);
  } catch {
    return (p) => p;
  }
  if (real === spelled) return (p) => p;
  // Climb while both sides name the same folder and the parent is still the linked one.
  for (;;) {
    const up = path.dirname(spelled);
    const realUp = path.dirname(real);
    if (up === spelled || realUp === real || path.basename(spelled) !== path.basename(real)) break;
    let upReal: string;
    try {
      upReal = realpathSync(up);
    } catch {
      break;
    }
    if (upReal !== realUp) break;
    spelled = up;
    real = realUp;
  }
  const from = real;
  const to = spelled;
  return (p) => (p === from ? to : p.startsWith(from + path.sep) ? to + p.slice(from.length) : p);
}

/**
 * oxc-resolver's errors for a tsconfig it cannot load: "Tsconfig not found", "Tsconfig extends
 * configs circularly", "Tsconfig's project reference path points to this tsconfig", "Failed to
 * load tsconfig" (not a module whose name merely contains the word).
 */
function isTsconfigError(error: string): boolean {
  return /^(Tsconfig\b|Failed to load tsconfig)/.test(error);
}

/**
 * Creates the resolver of a project: one oxc-resolver cache shared by the import and require
 * condition sets, tsconfig discovered per file (paths/baseUrl through extends), workspaces mapped.
 */
export function createResolver(root: string): Resolver {
  const absRoot = path.resolve(root);
  const inRootSpace = rootSpace(absRoot);
  const base: NapiResolveOptions = {
    tsconfig: 'auto',
    extensions: EXTENSIONS,
    extensionAlias: EXTENSION_ALIAS,
    conditionNames: IMPORT_CONDITIONS,
    mainFields: ['main'],
    builtinModules: true,
    symlinks: true,
    // A user's NODE_PATH must not change what the project graph is.
    nodePath: false,
  };
  // oxc-resolver (a native addon, about 30 ms to load) is loaded on the first specifier that needs
  // it: a cached build whose relative imports are all reused and whose other imports are builtins
  // never does.
  let factories: { import: ResolverFactory; require: ResolverFactory } | undefined;
  const resolvers = (): { import: ResolverFactory; require: ResolverFactory } => {
    if (!factories) {
      const { ResolverFactory: Factory } = loadOxcResolver();
      const importResolver = new Factory(base);
      factories = { import: importResolver, require: importResolver.cloneWithOptions({ ...base, conditionNames: REQUIRE_CONDITIONS }) };
    }
    return factories;
  };
  const workspaces = findWorkspaces(absRoot, inRootSpace);
  // Longest folder first, so a nested workspace wins over its parent.
  const workspaceDirs = [...workspaces.entries()].sort((a, b) => b[1].length - a[1].length);
  const packages = new Map<string, PackageNode>();
  const pkgJsonCache = new Map<string, PackageJson | null>();
  const typeCache = new Map<string, 'esm' | 'cjs' | undefined>();

  const pkgJsonAt = (dir: string): PackageJson | null => {
    let v = pkgJsonCache.get(dir);
    if (v === undefined) {
      v = readJson(path.join(dir, 'package.json'));
      pkgJsonCache.set(dir, v);
    }
    return v;
  };

  const packageNode = (name: string, pkgRoot: string, workspace: boolean): PackageNode => {
    let node = packages.get(name);
    if (!node) {
      const json = pkgJsonAt(pkgRoot);
      node = { name, version: json?.version ?? null, root: pkgRoot, workspace };
      packages.set(name, node);
    }
    return node;
  };

  /** The package a resolved file lives in: the last node_modules segment, or a workspace folder. */
  const packageOfPath = (file: string): PackageNode | null => {
    const marker = NODE_MODULES_SEGMENT;
    const idx = file.lastIndexOf(marker);
    if (idx !== -1) {
      const rest = file.slice(idx + marker.length).split(path.sep);
      const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
      const pkgRoot = file.slice(0, idx + marker.length) + name.split('/').join(path.sep);
      return packageNode(name, pkgRoot, false);
    }
    for (const [name, dir] of workspaceDirs) {
      if (file === dir || file.startsWith(dir + path.sep)) return packageNode(name, dir, true);
    }
    return null;
  };

  // Without tsconfig: for a file whose tsconfig cannot be loaded (an `extends` or reference to a
  // file that is not there, as in a package that ships its src/ but not the repository's shared
  // configs). TypeScript reports such a tsconfig and still resolves relative imports; so do we.
  let bare: { import: ResolverFactory; require: ResolverFactory } | undefined;
  // oxc-resolver reports a tsconfig it cannot load on the first resolution that needs it and
  // then stops saying so, so the reason would depend on which import happened to be resolved
  // first (and a cached build resolves only the changed files). The error is kept per tsconfig.
  const tsconfigErrors = new Map<string, string>();
  const nearestTsconfig = new Map<string, string | null>();
  const tsconfigOf = (dir: string): string | null => {
    let found = nearestTsconfig.get(dir);
    if (found === undefined) {
      const here = path.join(dir, 'tsconfig.json');
      const parent = path.dirname(dir);
      found = existsSync(here) ? here : parent === dir ? null : tsconfigOf(parent);
      nearestTsconfig.set(dir, found);
    }
    return found;
  };
  const run = (mode: ResolveMode, fromFile: string, spec: string): ResolveResult => {
    const { import: importResolver, require: requireResolver } = resolvers();
    let res = (mode === 'require' ? requireResolver : importResolver).resolveFileSync(fromFile, spec);
    if (res.path || !res.error) return res;
    const tsconfig = tsconfigOf(path.dirname(fromFile));
    if (res.error && isTsconfigError(res.error)) {
      if (tsconfig) tsconfigErrors.set(tsconfig, res.error);
    } else {
      const known = tsconfig ? tsconfigErrors.get(tsconfig) : undefined;
      if (known === undefined) return res;
      res = { ...res, error: known };
    }
    bare ??= {
      import: importResolver.cloneWithOptions({ ...base, tsconfig: undefined }),
      require: importResolver.cloneWithOptions({ ...base, tsconfig: undefined, conditionNames: REQUIRE_CONDITIONS }),
    };
    const retry = bare[mode === 'require' ? 'require' : 'import'].resolveFileSync(fromFile, spec);
    // Unresolved either way: the tsconfig's problem is the more useful reason.
    return retry.path || retry.builtin ? retry : { ...retry, error: `${res.error} (the tsconfig cannot be loaded, so its paths are unknown)` };
  };

  /** A workspace package not linked into node_modules (no install yet): resolve it from its own folder. */
  const resolveWorkspace = (mode: ResolveMode, spec: string): { path: string | null; error?: string } => {
    const name = packageNameOf(spec);
    const dir = workspaces.get(name) as string;
    // Self-reference: from inside the package its own name resolves through its `exports`.
    const { import: importResolver, require: requireResolver } = resolvers();
    const self = (mode === 'require' ? requireResolver : importResolver).sync(dir, spec);
    if (self.path) return { path: self.path };
    const json = pkgJsonAt(dir) as (PackageJson & { exports?: unknown }) | null;
    if (json && json.exports !== undefined) {
      return { path: null, error: `workspace package '${name}' does not export '.${spec.slice(name.length)}' for the ${mode} condition` };
    }
    const direct = importResolver.sync(dir, `.${spec.slice(name.length)}`);
    return { path: direct.path ?? null, error: direct.error };
  };

  const resolve = (fromFile: string, spec: string, mode: ResolveMode, typeOnly = false): Resolution => {
    if (isBuiltin(spec)) return { resolved: null, builtin: true };
    // A workspace package wins over a same-named package higher up (and needs no install).
    let file: string | null = null;
    let reason: string | undefined;
    if (isBareSpecifier(spec) && workspaces.has(packageNameOf(spec))) {
      const ws = resolveWorkspace(mode, spec);
      file = ws.path;
      reason = ws.error;
    }
    if (!file) {
      const res = run(mode, fromFile, spec);
      if (!res.path && res.builtin) return { resolved: null, builtin: true };
      file = res.path ?? null;
      reason ??= res.error;
    }
    if (!file && typeOnly) {
      // A type-only import may legitimately point at declarations only (`@types/*`, `.d.ts`).
      const dts = resolvers().import.resolveDtsSync(fromFile, spec);
      if (dts.path) file = dts.path;
    }
    if (!file) return { resolved: null, reason: reason ?? 'cannot resolve' };
    reason = undefined;
    file = inRootSpace(file);
    const pkg = packageOfPath(file);
    if (!pkg) return { resolved: file };
    if (pkg.workspace) {
      // Inside a workspace, only a bare specifier that crosses into another workspace package is a
      // package edge; relative imports between a package's own files are plain module edges.
      const importerPkg = packageOfPath(fromFile);
      if (!isBareSpecifier(spec) || importerPkg?.name === pkg.name) return { resolved: file };
    }
    return { resolved: file, package: pkg.name };
  };

  const findInstalled = (fromDir: string, name: string): string | null => {
    // Node's lookup: node_modules/<name> in this folder and every ancestor.
    let dir = fromDir;
    for (;;) {
      if (path.basename(dir) !== 'node_modules') {
        const candidate = path.join(dir, 'node_modules', name);
        if (existsSync(path.join(candidate, 'package.json'))) {
          try {
            return inRootSpace(realpathSync(candidate));
          } catch {
            return candidate;
          }
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  };

  const packageDependencies = (pkg: PackageNode): PackageNode[] => {
    const json = pkgJsonAt(pkg.root);
    if (!json) return [];
    const names = new Set([
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.optionalDependencies ?? {}),
      ...Object.keys(json.peerDependencies ?? {}),
    ]);
    const out: PackageNode[] = [];
    for (const name of [...names].sort()) {
      const ws = workspaces.get(name);
      if (ws) {
        out.push(packageNode(name, ws, true));
        continue;
      }
      const dir = findInstalled(pkg.root, name);
      if (!dir) continue;
      // Installed under a real path (pnpm store, symlink): keep the node_modules-relative identity.
      out.push(packageOfPath(path.join(dir, 'package.json')) ?? packageNode(name, dir, false));
    }
    return out;
  };

  const formatHint = (file: string): 'esm' | 'cjs' | undefined => {
    const ext = path.extname(file);
    if (ext === '.mjs' || ext === '.mts') return 'esm';
    if (ext === '.cjs' || ext === '.cts') return 'cjs';
    const dir = path.dirname(file);
    if (typeCache.has(dir)) return typeCache.get(dir);
    let cur = dir;
    let format: 'esm' | 'cjs' | undefined;
    for (;;) {
      const json = pkgJsonAt(cur);
      if (json) {
        format = json.type === 'module' ? 'esm' : json.type === 'commonjs' ? 'cjs' : undefined;
        break;
      }
      const parent = path.dirname(cur);
      if (parent === cur) break;
      cur = parent;
    }
    typeCache.set(dir, format);
    return format;
  };

  return {
    root: absRoot,
    workspaces,
    resolve,
    getPackage: (name) => packages.get(name) ?? null,
    packageDependencies,
    formatOf: (file) => formatHint(file) ?? 'cjs',
    formatHint,
  };
}
