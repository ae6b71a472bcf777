/** The import graph: discover, parse, resolve, build, query and render. */
export type * from './types.js';
export { discoverFiles, isSourceFile, SOURCE_EXTENSIONS, type DiscoverOptions } from './discover.js';
export { createResolver, packageNameOf, type Resolver, type Resolution, type ResolveMode } from './resolve.js';
export { buildGraph, buildStats, type BuildOptions, type BuildStats } from './build.js';
export { defaultCachePath } from './cache.js';
export {
  dependencies,
  dependents,
  packageDependencies,
  findCycles,
  startupSet,
  packageClosure,
  eagerImportSites,
  eagerPath,
  isEager,
  isTypeOnly,
  type EdgeFilter,
  type StartupSet,
  type ImportSite,
  type GraphTarget,
} from './queries.js';
export {
  graphToJson,
  graphToDot,
  graphToMermaid,
  graphToText,
  formatGraph,
  relPath,
  GRAPH_FORMATS,
  type GraphJson,
  type GraphFormat,
  type ViewOptions,
} from './format.js';
export { parseModule } from './parse.js';
export { scanImports } from './scan.js';
