// Waits for a freshly deployed target: GET it about once a second until it answers 2xx or 3xx, for
// at most the wait-for-ready duration. Redirects are not followed (a 3xx already proves it is up).
// Runs after checkLimits, so only an allowed host is polled. Uses the engine's HTTP client (undici)
// so that perf.yml's `http.insecure` applies to this check as it does to the load.

import { Agent, fetch } from 'undici';
import { TargetError } from '../errors.js';

export interface ReadyOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Accept any TLS certificate, as the run will (perf.yml `http.insecure`). */
  readonly insecureTls?: boolean;
}

/** fetch() fails with "fetch failed"; the reason (refused, certificate, …) is in its cause. */
function describeFailure(error: unknown): string {
  const message = (error as Error).message;
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== '' ? `${message}: ${cause.message}` : message;
}

/** Returns the number of attempts it took; throws a TargetError when the time is up. */
export async function waitForReady(url: string, options: ReadyOptions): Promise<number> {
  const intervalMs = options.intervalMs ?? 1000;
  const deadline = Date.now() + options.timeoutMs;
  let attempts = 0;
  let last = 'no answer yet';
  const dispatcher = new Agent(options.insecureTls === true ? { connect: { rejectUnauthorized: false } } : {});
  try {
    while (Date.now() < deadline) {
      if (options.signal?.aborted) throw new TargetError(`wait-for-ready: stopped while waiting for ${url}`);
      attempts++;
      const attemptMs = Math.max(1, Math.min(10_000, deadline - Date.now()));
      try {
        const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(attemptMs), dispatcher });
        await response.body?.cancel();
        if (response.status >= 200 && response.status < 400) return attempts;
        last = `HTTP ${response.status}`;
      } catch (error) {
        // An attempt cut off by the deadline itself says nothing about the target: the answer before it stands.
        const cutByDeadline = (error as Error).name === 'TimeoutError' && Date.now() >= deadline && attempts > 1;
        if (!cutByDeadline) last = describeFailure(error);
      }
      options.log?.(`wait-for-ready: ${url} not ready (${last}); attempt ${attempts}`);
      const pauseMs = Math.min(intervalMs, deadline - Date.now());
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await dispatcher.close();
  }
  throw new TargetError(`wait-for-ready: ${url} did not answer 2xx or 3xx within ${options.timeoutMs} ms (${attempts} attempts; last: ${last})`);
}
