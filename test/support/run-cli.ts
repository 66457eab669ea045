// Runs the built CLI (dist/cli.js) as a user does, in its own process, and reports the exit code,
// both streams, the wall time and the peak memory; a run past its time limit is killed by its pid
// and reported as such, so a hang fails the test instead of stalling the suite.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
  readonly timedOut: boolean;
  /** Peak resident memory of the child (VmHWM from /proc, last read before it exited), KiB; 0 where /proc has none. */
  readonly peakRssKb: number;
  /** When the signal asked for was sent, ms after the start (undefined if the child ended first). */
  readonly signalledAtMs?: number;
}

export interface RunCliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  /** Sends this signal to the child (by its pid) this long after the start, as Ctrl-C or a CI cancel would. */
  readonly signal?: { readonly name: NodeJS.Signals; readonly afterMs: number };
}

/** VmHWM (peak RSS) of a live process in KiB, or undefined once it is gone. */
function peakRssKbOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function runCli(cli: string, args: readonly string[], options: RunCliOptions): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  let exited = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined && !exited) process.kill(child.pid, 'SIGKILL');
  }, options.timeoutMs ?? 20_000);
  let peakRssKb = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined && !exited) peakRssKb = Math.max(peakRssKb, peakRssKbOf(child.pid) ?? 0);
  }, 50);
  let signalledAtMs: number | undefined;
  const signalTimer =
    options.signal === undefined
      ? undefined
      : setTimeout(() => {
          if (child.pid === undefined || exited) return;
          signalledAtMs = performance.now() - started;
          process.kill(child.pid, options.signal!.name);
        }, options.signal.afterMs);
  child.once('exit', () => (exited = true));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  clearInterval(poll);
  if (signalTimer !== undefined) clearTimeout(signalTimer);
  return { code, stdout, stderr, elapsedMs: performance.now() - started, timedOut, peakRssKb, ...(signalledAtMs === undefined ? {} : { signalledAtMs }) };
}

/** A Node stack frame line ("    at fn (file:1:2)"): none may reach a user for bad input. */
export const STACK_LINE = /^\s+at .+[:(]/m;
