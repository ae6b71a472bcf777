import { statSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import { warn } from '../tty.js';
import { writeUserFile } from '../output.js';

export interface GraphCommandOptions {
  format?: string;
  entry?: string;
  focus?: string;
  externals?: boolean;
  output?: string;
  cache?: boolean;
  root?: string;
  /** -c: the config file (else the one found from the root, as for analyze). */
  config?: string;
}

/**
 * `perf-lint graph [paths...]`: builds the import graph and prints it (json, dot, mermaid, text)
 * to stdout or --output. Returns the exit code: 0, or 2 when a file does not parse or the tsconfig
 * chain cannot be read (the graph is still printed); bad usage and missing inputs throw typed
 * errors (exit 2 too).
 */
export async function graphCommand(paths: string[], opts: GraphCommandOptions): Promise<number> {
  // Loaded here, not at CLI startup: the graph stack (oxc) is only needed by this command.
  const { buildGraph } = await import('../../graph/build.js');
  const { formatGraph, GRAPH_FORMATS } = await import('../../graph/format.js');
  const format = opts.format ?? 'text';
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format '${format}': unknown graph format (use ${GRAPH_FORMATS.join(', ')})`);
  }
  const cwd = process.cwd();
  const absPaths = paths.map((p) => path.resolve(cwd, p));
  let root = opts.root ? path.resolve(cwd, opts.root) : cwd;
  // `perf-lint graph some/dir` analyses that folder as the project when no root is given.
  if (!opts.root && absPaths.length === 1) {
    let isDir = false;
    try {
      isDir = statSync(absPaths[0]).isDirectory();
    } catch {
      throw new InputError(paths[0], 'no such file or directory');
    }
    if (isDir) root = absPaths[0];
  }
  const entry = opts.entry ? path.resolve(cwd, opts.entry) : undefined;
  // The config's include and exclude (relative to its folder) choose the files, as for analyze.
  const { findUserConfig } = await import('../../config/load.js');
  const config = await findUserConfig({ cwd, root, configFile: opts.config });
  const graph = await buildGraph(root, {
    paths: absPaths.length > 0 ? absPaths : undefined,
    include: config.user.include,
    exclude: config.user.exclude,
    globRoot: config.root === root ? undefined : config.root,
    scripts: entry ? [entry] : undefined,
    cache: opts.cache,
    usage: false,
    onWarning: warn,
  });
  const view = {
    entry,
    focus: opts.focus ? path.resolve(cwd, opts.focus) : undefined,
    externals: opts.externals,
  };
  const text = formatGraph(graph, format, view);
  if (opts.output) writeUserFile(path.resolve(cwd, opts.output), text);
  else process.stdout.write(text);
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  // A tsconfig that cannot be read leaves its `paths` unknown (its aliases show as unresolved).
  const broken = graph.tsconfigErrors ?? [];
  for (const p of broken) process.stderr.write(`${rel(p.file)}: ${p.message}\n`);
  for (const e of graph.parseErrors) process.stderr.write(`${rel(e.file)}:${e.line}:${e.column}: parse error: ${e.message}\n`);
  // The graph is still printed, but bad input is a failure (STYLE: exit 2).
  return graph.parseErrors.length > 0 || broken.length > 0 ? 2 : 0;
}
