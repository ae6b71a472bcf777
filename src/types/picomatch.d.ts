// picomatch ships no type declarations; the calls perf-lint makes, typed once here.
declare module 'picomatch' {
  type Matcher = (test: string) => boolean;
  function picomatch(glob: string | string[], options?: { dot?: boolean; posix?: boolean }): Matcher;
  export default picomatch;
}
