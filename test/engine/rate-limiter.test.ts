// The max-rate token bucket on a fake clock: busy waiters get the cap and no more, in order; tokens
// taken without waiting (the open model's arrivals) make the next waiter wait for the debt; a waiter
// still queued at the plan's end or at a stop is let go with `false`.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RateLimiter } from '../../src/engine/rate-limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const nowUs = (): number => Date.now() * 1000;

describe('RateLimiter', () => {
  test('ten busy waiters over 2 s at 100 req/s get 200 tokens (GCRA tolerance: at most 2 more)', () => {
    let stopping = false;
    const limiter = new RateLimiter({ ratePerSec: 100, nowUs, endUs: 2e6, stopping: () => stopping });
    let granted = 0;
    let denied = 0;
    const grantTimesUs: number[] = [];
    // A VU sends as soon as it has its token and asks again for the next one.
    const vu = (): void => {
      const next = (ok: boolean): void => {
        if (!ok) {
          denied++;
          return;
        }
        granted++;
        grantTimesUs.push(nowUs());
        vu();
      };
      if (limiter.acquire(next)) next(true);
    };
    for (let i = 0; i < 10; i++) vu();
    vi.advanceTimersByTime(2_500);
    expect(granted).toBeGreaterThanOrEqual(199);
    expect(granted).toBeLessThanOrEqual(202);
    expect(denied).toBe(10);
    expect(limiter.waiting).toBe(0);
    // No second holds more than the cap plus the tolerance.
    const perSecond = [0, 0];
    for (const atUs of grantTimesUs) perSecond[Math.floor(atUs / 1e6)]!++;
    expect(perSecond[1]).toBeLessThanOrEqual(101);
    expect(limiter.throttledRequests).toBeGreaterThan(190);
    // Ten waiters share 100 tokens a second: each waits about 100 ms per token.
    expect(limiter.throttledUs / limiter.throttledRequests).toBeGreaterThan(80_000);
    stopping = true;
  });

  test('tokens taken without waiting are a debt the next waiter pays', () => {
    const limiter = new RateLimiter({ ratePerSec: 100, nowUs, endUs: 10e6, stopping: () => false });
    for (let i = 0; i < 10; i++) limiter.take();
    let grantedAtUs = -1;
    expect(limiter.acquire(() => (grantedAtUs = nowUs()))).toBe(false);
    vi.advanceTimersByTime(200);
    // Ten tokens at 10 ms each, less the 10 ms tolerance: due at 90 ms.
    expect(grantedAtUs).toBeGreaterThanOrEqual(89_000);
    expect(grantedAtUs).toBeLessThanOrEqual(92_000);
  });

  test('waiters queued at the plan end or at a stop are let go without a token', () => {
    let stopping = false;
    const limiter = new RateLimiter({ ratePerSec: 1, nowUs, endUs: 1.5e6, stopping: () => stopping });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) if (limiter.acquire((ok) => outcomes.push(ok))) outcomes.push(true);
    // Two go at once (tolerance), one at 1 s, the last is still queued at the end (1.5 s).
    vi.advanceTimersByTime(1_600);
    expect(outcomes).toEqual([true, true, true, false]);

    const second = new RateLimiter({ ratePerSec: 0.1, nowUs, endUs: 1e9, stopping: () => stopping });
    const later: boolean[] = [];
    for (let i = 0; i < 5; i++) if (second.acquire((ok) => later.push(ok))) later.push(true);
    stopping = true;
    // A stop is seen within the timer's longest sleep (100 ms), not when the next token is due (10 s).
    vi.advanceTimersByTime(150);
    expect(later).toEqual([true, true, false, false, false]);
  });

  test('close lets every waiter go at once', () => {
    const limiter = new RateLimiter({ ratePerSec: 1, nowUs, endUs: 1e9, stopping: () => false });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) if (limiter.acquire((ok) => outcomes.push(ok))) outcomes.push(true);
    limiter.close();
    expect(outcomes).toEqual([true, true, false, false]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
