// The max-rate cap where requests leave: a token bucket in the form of GCRA (the generic cell rate
// algorithm: one "theoretical arrival time" instead of a token count), shared by every runner of a
// run. A runner asks for a token before each request; when none is free it waits in a FIFO queue
// that one timer drains, each waiter getting its own token, so the achieved rate converges on the cap
// whatever the number of virtual users. The open model takes its iterations' first tokens without
// waiting (its arrivals are the plan's, which checkLimits holds to the cap), so only the steps after
// them wait. Time spent waiting is counted (throttledUs) for the results; a waiter still queued at the
// plan's end or when the run stops is let go with `false` and sends nothing.

/** Called once per queued request: `true` with its token, `false` when the run ended first. */
export type TokenWaiter = (granted: boolean) => void;

/**
 * GCRA's tolerance τ: a token may be taken up to τ before it is due, so 1 + τ / interval requests
 * may go back to back (at least two). 5 ms of it lets a timer fire a few ms late without losing a
 * high rate's tokens. Over a run of T seconds at most rate × (T + τ) + 1 requests are granted.
 */
const MIN_TOLERANCE_US = 5_000;
/** The queue's timer sleeps at most this long, so a stop lets the waiters go within it. */
const MAX_SLEEP_MS = 100;

export interface RateLimiterOptions {
  readonly ratePerSec: number;
  /** Monotonic µs, the run's clock. */
  readonly nowUs: () => number;
  /** No token is granted at or after this time (the plan's end), µs. */
  readonly endUs: number;
  /** True once the run stops: every waiter is let go. */
  readonly stopping: () => boolean;
}

export class RateLimiter {
  readonly ratePerSec: number;
  private readonly intervalUs: number;
  private readonly toleranceUs: number;
  /** When the next token is due if the bucket were drained at exactly the cap (GCRA's TAT), µs. */
  private nextTokenUs = Number.NEGATIVE_INFINITY;
  /** FIFO of waiters as an index pair over two parallel arrays, compacted when it empties. */
  private readonly waiters: TokenWaiter[] = [];
  private readonly waitingSinceUs: number[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly releaseBound: () => void;
  /** Requests that had to wait for their token. */
  throttledRequests = 0;
  /** Their waits added up (one request's wait counts once, however many runners wait at once), µs. */
  throttledUs = 0;

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.ratePerSec > 0)) throw new RangeError(`rate limiter: ratePerSec must be above 0, got ${options.ratePerSec}`);
    this.ratePerSec = options.ratePerSec;
    this.intervalUs = 1e6 / options.ratePerSec;
    this.toleranceUs = Math.max(this.intervalUs, MIN_TOLERANCE_US);
    this.releaseBound = this.release.bind(this);
  }

  get waiting(): number {
    return this.waiters.length - this.head;
  }

  /** Takes a token if one is free and nobody is queued (returns true); else queues `waiter` (returns false). */
  acquire(waiter: TokenWaiter): boolean {
    const nowUs = this.options.nowUs();
    if (this.waiting === 0 && nowUs < this.options.endUs && this.nextTokenUs - this.toleranceUs <= nowUs) {
      this.take(nowUs);
      return true;
    }
    this.waiters.push(waiter);
    this.waitingSinceUs.push(nowUs);
    this.arm(nowUs);
    return false;
  }

  /** Takes a token whether or not one is free: the requests after it wait for the debt. */
  take(nowUs = this.options.nowUs()): void {
    this.nextTokenUs = Math.max(this.nextTokenUs, nowUs) + this.intervalUs;
  }

  private arm(nowUs: number): void {
    if (this.timer !== undefined) return;
    const dueUs = Math.min(this.nextTokenUs - this.toleranceUs, this.options.endUs);
    this.timer = setTimeout(this.releaseBound, Math.min(MAX_SLEEP_MS, Math.max(1, Math.ceil((dueUs - nowUs) / 1000))));
  }

  private release(): void {
    this.timer = undefined;
    const nowUs = this.options.nowUs();
    const over = this.options.stopping() || nowUs >= this.options.endUs;
    // A waiter's callback may queue again (its next step); it lands behind the ones already here.
    while (this.head < this.waiters.length) {
      if (!over && this.nextTokenUs - this.toleranceUs > nowUs) break;
      const waiter = this.waiters[this.head]!;
      const sinceUs = this.waitingSinceUs[this.head]!;
      this.head++;
      if (over) {
        waiter(false);
        continue;
      }
      this.take(nowUs);
      this.throttledRequests++;
      this.throttledUs += nowUs - sinceUs;
      waiter(true);
    }
    if (this.head === this.waiters.length) {
      this.waiters.length = 0;
      this.waitingSinceUs.length = 0;
      this.head = 0;
    } else {
      this.arm(nowUs);
    }
  }

  /** Lets every waiter go at once with `false` (the run is over) and stops the timer. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.head < this.waiters.length) this.waiters[this.head++]!(false);
    this.waiters.length = 0;
    this.waitingSinceUs.length = 0;
    this.head = 0;
  }
}
