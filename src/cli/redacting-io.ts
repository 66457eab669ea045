// The CLI's last safety net for secrets: a CliIo whose stdout and stderr redact every line the run
// prints (progress, the table, paths, the headline), and an error whose message is redacted before
// main() prints it. The values are the run's secrets (src/config/secrets.ts); redaction itself is
// src/config/redact.ts.

import { Writable } from 'node:stream';
import { redactSecrets } from '../config/redact.js';
import { PerfActionError } from '../errors.js';
import type { CliIo } from './io.js';

/** `io` with its streams redacted; `io` itself when there are no secrets. */
export function redactingIo(io: CliIo, secrets: readonly string[]): CliIo {
  if (secrets.length === 0) return io;
  return { ...io, stdout: redactingStream(io.stdout, secrets), stderr: redactingStream(io.stderr, secrets) };
}

function redactingStream(target: CliIo['stdout'], secrets: readonly string[]): CliIo['stdout'] {
  const stream: Writable & { isTTY?: boolean } = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback): void {
      target.write(redactSecrets(typeof chunk === 'string' ? chunk : chunk.toString('utf8'), secrets));
      callback();
    },
  });
  // Progress chooses a live line or log lines by this; the wrapper answers as its target would.
  if (target.isTTY === true) stream.isTTY = true;
  return stream;
}

/** Redacts the message (and problems, stack) of an error in place and returns it, for main() to print. */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || !(error instanceof Error)) return error;
  Object.defineProperty(error, 'message', { value: redactSecrets(error.message, secrets), configurable: true, writable: true });
  if (error.stack !== undefined) Object.defineProperty(error, 'stack', { value: redactSecrets(error.stack, secrets), configurable: true, writable: true });
  if (error instanceof PerfActionError) {
    Object.defineProperty(error, 'problems', { value: error.problems.map((problem) => redactSecrets(problem, secrets)), configurable: true });
  }
  return error;
}
