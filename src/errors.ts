// The few error classes users can meet, each with a stable code, and the one table that maps codes to
// exit codes. Code matches on `code`, never on message text. Impossible states are assertions, not
// these classes.

export type ErrorCode =
  | 'PA_CONFIG' // perf.yml or CLI flags are wrong: names the field, file and line
  | 'PA_USAGE' // the command line itself is wrong
  | 'PA_TARGET' // the target cannot be reached at all (not per-request failures, which are data)
  | 'PA_RESULTS' // a results/verdict/history file is malformed or of an unknown version
  | 'PA_BASELINE' // the baseline cannot be found or used
  | 'PA_GITHUB' // a GitHub API call failed after its retries
  | 'PA_LIMIT' // a run asks for more than the workflow's limits allow (host, rate, duration)
  | 'PA_ABORTED' // perf.yml's abort rule stopped the load (an error storm); results are written
  | 'PA_SIGINT' // interrupted by SIGINT (Ctrl-C); partial results are written
  | 'PA_SIGTERM'; // interrupted by SIGTERM (a CI cancel, kill); partial results are written

/** A base for every error a user can cause; `problems` lists each one when there are several. */
export class PerfActionError extends Error {
  readonly code: ErrorCode;
  readonly problems: readonly string[];
  constructor(code: ErrorCode, message: string, options: { problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.problems = options.problems ?? [message];
  }
}

export class ConfigError extends PerfActionError {
  constructor(problems: readonly string[], file?: string) {
    const head = file ? `${file}: ` : '';
    const message =
      problems.length === 1 ? `${head}${problems[0]}` : `${head}${problems.length} problems\n  - ${problems.join('\n  - ')}`;
    super('PA_CONFIG', message, { problems });
  }
}

export class UsageError extends PerfActionError {
  constructor(message: string) {
    super('PA_USAGE', message);
  }
}

export class TargetError extends PerfActionError {
  constructor(message: string, cause?: unknown) {
    super('PA_TARGET', message, { cause });
  }
}

export class ResultsError extends PerfActionError {
  constructor(message: string, problems?: readonly string[]) {
    super('PA_RESULTS', message, problems ? { problems } : {});
  }
}

export class BaselineError extends PerfActionError {
  constructor(message: string, cause?: unknown) {
    super('PA_BASELINE', message, { cause });
  }
}

export class GitHubApiError extends PerfActionError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, cause?: unknown) {
    super('PA_GITHUB', message, { cause });
    this.status = status;
  }
}

/** The edge aborts the load with this as the AbortSignal's reason; its code gives the exit code. */
export class InterruptedError extends PerfActionError {
  readonly signal: 'SIGINT' | 'SIGTERM';
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(signal === 'SIGTERM' ? 'PA_SIGTERM' : 'PA_SIGINT', `interrupted by ${signal}: the load was stopped; the results gathered so far are written (partial, reason "interrupted")`);
    this.signal = signal;
  }
}

/** perf.yml's `abort` rule stopped the load: the target failed under it. */
export class LoadAbortedError extends PerfActionError {
  constructor(message: string) {
    super('PA_ABORTED', message);
  }
}

export class LimitError extends PerfActionError {
  constructor(problems: readonly string[]) {
    super('PA_LIMIT', problems.join('; '), { problems });
  }
}

/**
 * Exit codes, in one place; every path of the CLI ends in one of them.
 *
 * | code | when                                                                                   |
 * |------|----------------------------------------------------------------------------------------|
 * | 0    | the verdict passed or is inconclusive (`--help` too)                                   |
 * | 1    | a failing verdict that --fail-on names                                                 |
 * | 2    | bad input, before any request is sent: perf.yml and flags (PA_CONFIG, PA_USAGE),       |
 * |      | results/history/verdict files and baselines (PA_RESULTS, PA_BASELINE), limits (PA_LIMIT)|
 * | 3    | the run itself could not happen: target unreachable (PA_TARGET: nothing but connection |
 * |      | errors in the first abort.unreachableAfter, default 5 s; results written), GitHub      |
 * |      | (PA_GITHUB)                                                                            |
 * | 4    | internal error: a bug in perf-action, never a user's input; the message asks for a     |
 * |      | report and the stack is printed only with --debug                                      |
 * | 5    | perf.yml's abort rule stopped the load: an error storm (PA_ABORTED); results written   |
 * | 130  | SIGINT (128 + 2): the load stopped, partial results written with reason "interrupted"; |
 * |      | a second signal gives up at once without writing                                       |
 * | 143  | SIGTERM (128 + 15): as SIGINT                                                          |
 */
export const EXIT_CODES: Readonly<Record<ErrorCode | 'ok' | 'verdict-fail' | 'internal', number>> = Object.freeze({
  ok: 0,
  'verdict-fail': 1,
  PA_CONFIG: 2,
  PA_USAGE: 2,
  PA_RESULTS: 2,
  PA_LIMIT: 2,
  PA_BASELINE: 2,
  PA_TARGET: 3,
  PA_GITHUB: 3,
  internal: 4,
  PA_ABORTED: 5,
  PA_SIGINT: 130,
  PA_SIGTERM: 143,
});

export function exitCodeFor(error: unknown): number {
  return error instanceof PerfActionError ? EXIT_CODES[error.code] : EXIT_CODES.internal;
}

/**
 * What a user sees for an error that is not a PerfActionError: a bug, so one line that says so and
 * where to report it, and the stack only when asked for (--debug), since it helps us, not them.
 */
export function describeInternalError(error: unknown, debug: boolean): string {
  const summary = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error).split('\n')[0];
  const head = `internal error (a bug in perf-action; please report it with the command and the input that caused it): ${summary}`;
  if (!debug) return `${head}\n(run again with --debug for the stack trace)`;
  return `${head}\n${error instanceof Error ? (error.stack ?? '') : ''}`;
}
