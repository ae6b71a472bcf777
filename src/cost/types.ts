/** What evaluating a package costs at startup, measured in isolation or estimated statically. */
export interface PackageCost {
  name: string;
  version: string | null;
  /** Import time in ms (median of the measured runs), or null when only the static fallback is known. */
  ms: number | null;
  /** Modules evaluated by loading the package alone. */
  modules: number;
  /** Heap growth in MB from loading it. */
  heapMb: number | null;
  /** 'measured' in a child process, or 'static' (files and bytes of the eager closure). */
  source: 'measured' | 'static';
  /**
   * The subpath specifiers priced together (`lodash/chunk`), when the project loads the package by
   * those and not by its name: the figures are then theirs, not the main entry's.
   */
  specifiers?: string[];
  /**
   * What loading it loads, by package (itself included), from the measuring run with the import
   * tree: modules, and its share of `ms` by self time. A rule subtracts the packages other startup
   * imports keep loaded from the saving of deferring this one. Absent for static figures and for
   * costs measured before it was recorded.
   */
  packages?: { name: string; modules: number; ms: number }[];
  /** Static fallback figures. */
  files?: number;
  bytes?: number;
}

/** Cost lookup used by rules. */
export interface CostModel {
  get(packageName: string): PackageCost | undefined;
  all(): PackageCost[];
}
