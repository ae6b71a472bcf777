/**
 * Known failures: printed as one line (what, where, why) and exit code 2.
 * Anything else is an internal error and keeps its stack.
 */
export class PerfLintError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly code: string, readonly file?: string) {
    super(message);
    this.name = 'PerfLintError';
  }
}

/** A config file that cannot be loaded or does not validate. */
export class ConfigError extends PerfLintError {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`, 'CONFIG', file);
    this.name = 'ConfigError';
  }
}

/** A bad command-line usage (unknown format, missing path, bad number). */
export class UsageError extends PerfLintError {
  constructor(message: string) {
    super(message, 'USAGE');
    this.name = 'UsageError';
  }
}

/** An input path or entry that does not exist or cannot be read. */
export class InputError extends PerfLintError {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`, 'INPUT', file);
    this.name = 'InputError';
  }
}

/** The reason of a Node fs error without the paths: "ENOENT: no such file or directory, open 'x'" -> "ENOENT: no such file or directory". */
export function fsReason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split(',')[0];
}
