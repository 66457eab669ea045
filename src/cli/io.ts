// What a CLI command may touch of the outside world, passed in so tests can drive commands in-process
// with their own streams, environment and signal source.

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM: a run stops its load and still writes what it gathered. */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the exit code; throws a PerfActionError for bad input (mapped to its exit code). */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
