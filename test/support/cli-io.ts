// A CliIo for driving CLI commands in-process: its own streams (read back as text), env, cwd and signal.
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

export function makeIo(cwd: string, options: { env?: Record<string, string>; signal?: AbortSignal } = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout, stderr, env: options.env ?? {}, cwd, signal: options.signal ?? new AbortController().signal, out: () => out, err: () => err };
}
