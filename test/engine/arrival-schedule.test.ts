import { describe, expect, test } from 'vitest';
import type { Phase } from '../../src/config/types.js';
import { ArrivalSchedule, plannedArrivals, plannedArrivalsUntil } from '../../src/engine/arrival-schedule.js';
import { Rng } from '../../src/engine/scenario/rng.js';

const phase = (durationMs: number, rate: number, rampTo?: number): Phase => ({ name: 'p', durationMs, rate, ...(rampTo === undefined ? {} : { rampTo }), isRamp: rampTo !== undefined && rampTo !== rate });

function allArrivals(schedule: ArrivalSchedule, limit = 1_000_000): number[] {
  const times: number[] = [];
  for (let n = 0; n < limit; n++) {
    const t = schedule.nextArrivalUs(n);
    if (t < 0) break;
    times.push(t);
  }
  return times;
}

describe('constant arrivals', () => {
  test('a flat phase spaces arrivals exactly 1/rate apart, starting at 0', () => {
    const times = allArrivals(new ArrivalSchedule([phase(2000, 4)]));
    expect(times).toEqual([0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000, 1_500_000, 1_750_000]);
  });

  test('the n-th arrival of a ramp is where the area under the ramp reaches n', () => {
    // 0 → 100 req/s over 10 s: A(t) = 5 t², so arrival n is at √(n / 5) s; 500 arrivals in all.
    const schedule = new ArrivalSchedule([phase(10_000, 0, 100)]);
    const times = allArrivals(schedule);
    expect(times.length).toBe(500);
    expect(schedule.plannedRequests).toBe(500);
    for (const n of [1, 5, 20, 125, 499]) expect(times[n]!).toBeCloseTo(Math.sqrt(n / 5) * 1e6, 3);
  });

  test('phases follow each other without drift: a ramp down then a flat phase', () => {
    // 100 → 50 over 2 s (150 arrivals), then 50/s for 1 s (50 arrivals).
    const phases = [phase(2000, 100, 50), phase(1000, 50)];
    const times = allArrivals(new ArrivalSchedule(phases));
    expect(times.length).toBe(200);
    expect(plannedArrivals(phases)).toBe(200);
    // Arrival 150 opens the second phase exactly at 2 s; arrival 175 is 25 / 50 s later.
    expect(times[150]).toBeCloseTo(2_000_000, 6);
    expect(times[175]).toBeCloseTo(2_500_000, 6);
    // Within the ramp: A(t) = 100 t − 12.5 t²; A(1 s) = 87.5, so arrival 87 is just before 1 s.
    expect(times[87]!).toBeLessThan(1_000_000);
    expect(times[88]!).toBeGreaterThan(1_000_000);
    expect(plannedArrivalsUntil(phases, 1_000_000)).toBeCloseTo(87.5, 9);
    expect(plannedArrivalsUntil(phases, 3_000_000)).toBeCloseTo(200, 9);
  });

  test('a phase at rate 0 sends nothing and shifts later arrivals by its length', () => {
    const times = allArrivals(new ArrivalSchedule([phase(1000, 2), phase(1000, 0), phase(1000, 2)]));
    expect(times).toEqual([0, 500_000, 2_000_000, 2_500_000]);
  });
});

describe('Poisson arrivals', () => {
  test('mean rate matches the plan and a seed reproduces the schedule', () => {
    const draw = (seed: number): number[] => {
      const random = new Rng(seed);
      return allArrivals(new ArrivalSchedule([phase(100_000, 200)], () => random.next()));
    };
    const times = draw(42);
    // 20 000 expected arrivals; a Poisson count has sd √20000 ≈ 141, so ±3 sd is ±424.
    expect(Math.abs(times.length - 20_000)).toBeLessThan(424);
    expect(draw(42)).toEqual(times);
    expect(draw(43)).not.toEqual(times);
    // Gaps are exponential: their coefficient of variation is 1 (constant arrivals would give 0).
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(4_800);
    expect(mean).toBeLessThan(5_200);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  test('on a ramp the count in each half follows the area under it', () => {
    const random = new Rng(7);
    const times = allArrivals(new ArrivalSchedule([phase(100_000, 0, 400)], () => random.next()));
    // A(50 s) = 5 000 of 20 000: a quarter of the arrivals fall in the first half.
    const firstHalf = times.filter((t) => t < 50_000_000).length;
    expect(Math.abs(firstHalf - 5_000)).toBeLessThan(3 * Math.sqrt(5_000));
    expect(Math.abs(times.length - 20_000)).toBeLessThan(3 * Math.sqrt(20_000));
  });
});
