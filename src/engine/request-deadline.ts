// The per-request deadline: every request must end within http.timeout of its scheduled start, time
// spent queued for a connection included (undici's own headersTimeout/bodyTimeout start only once a
// request is on a socket, and bodyTimeout is the gap between chunks, so a queue behind a hanging
// target or a body that never ends would outlive them). One coarse timer for the whole run sweeps the
// runners; none is set per request. The runner decides what expiry means (StepRunner.expire).

/** What the sweeper needs of a runner: its deadline check. */
export interface Expirable {
  /** Ends the request in flight as a timeout if `nowUs` is at or past its deadline. */
  expire(nowUs: number): void;
}

/** The error a request is aborted with at its deadline; one object, classified as `timeout`. */
export const DEADLINE_ERROR: Error & { code: string } = Object.assign(new Error('no response within http.timeout of the scheduled start'), { code: 'PA_REQUEST_DEADLINE' });

/** Sweep interval for a timeout: a tenth of it, between 5 and 100 ms, so a deadline is late by at most that. */
export function sweepIntervalMs(timeoutMs: number): number {
  return Math.max(5, Math.min(100, Math.floor(timeoutMs / 10)));
}

export class DeadlineSweeper {
  private readonly runners: Expirable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly sweepBound: () => void;

  constructor(
    private readonly nowUs: () => number,
    readonly intervalMs: number,
  ) {
    this.sweepBound = this.sweep.bind(this);
  }

  /** Runners are created once per slot or VU and live for the run, so they are added, never removed. */
  add(runner: Expirable): void {
    this.runners.push(runner);
  }

  start(): void {
    if (this.timer === undefined) this.timer = setInterval(this.sweepBound, this.intervalMs).unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  sweep(): void {
    const now = this.nowUs();
    const runners = this.runners;
    for (let i = 0; i < runners.length; i++) runners[i]!.expire(now);
  }
}
