/**
 * Compilers' helpers that wrap `require()` for ES module interop: tsc's `__importDefault` and
 * `__importStar` (also as `tslib_1.__importStar`), Babel's `_interopRequireDefault` and
 * `_interopRequireWildcard` (with a numeric suffix when a name is taken), SWC's
 * `_interop_require_default` and `_interop_require_wildcard`, esbuild's `__toESM` and
 * `__toCommonJS`. The graph sees through them (`const m = __importStar(require('m'))` binds the
 * module as `*`), and so does the lazy codemod (the helper moves into the loader).
 */
const HELPERS: ReadonlySet<string> = new Set(['__importDefault', '__importStar', '_interop_require_default', '_interop_require_wildcard', '__toESM', '__toCommonJS']);

export function isInteropHelperName(name: string): boolean {
  return HELPERS.has(name) || /^_interopRequire(?:Default|Wildcard)\d*$/.test(name);
}
