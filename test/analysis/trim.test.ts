import { describe, expect, test } from 'vitest';
import { countsFromEncoded, quantileUs } from '../../src/analysis/bucket-counts.js';
import { mser5, rampBounds, trimWarmup } from '../../src/analysis/trim.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** One second of `count` samples all at `valueUs`. */
function second(valueUs: number, count = 30) {
  const histogram = createHistogram();
  for (let i = 0; i < count; i++) recordMicros(histogram, valueUs);
  return countsFromEncoded(encodeHistogram(histogram));
}

describe('MSER-5', () => {
  test('cuts exactly a 20 s warm-up from a noiseless series', () => {
    const series = [...Array.from({ length: 20 }, (_, t) => second(50_000 - t * 2000)), ...Array.from({ length: 80 }, () => second(10_000))];
    const result = mser5(series);
    expect(result.batches).toBe(20);
    expect(result.cutSec).toBe(20);
  });

  test('merges quiet seconds into points of at least 20 samples', () => {
    // 10 samples per second: every point spans 2 s, so 100 s give 50 points and 10 batches.
    const series = [...Array.from({ length: 20 }, () => second(40_000, 10)), ...Array.from({ length: 80 }, () => second(10_000, 10))];
    const result = mser5(series);
    expect(result.batches).toBe(10);
    expect(result.cutSec).toBe(20);
  });

  const drifting = [{ name: 'home', ratePerSec: 100, medianMs: 20, sigma: 0.5 }];
  const driftingRun = (seed: number, warmup?: { seconds: number; factor: number }) =>
    syntheticRun({ seed, seconds: 120, endpoints: drifting, drift: { sd: 0.03, correlation: 0.8 }, ...(warmup ? { warmup } : {}) }).total.latency.map(countsFromEncoded);

  test('a stationary run whose g(d) dips late by chance is cut at the start, not at the dip', () => {
    // Seeds 17 and 36: the plain argmin of g lies at 30 s and 35 s; g(0) is within one relative standard error of it.
    for (const [seed, minimumCutSec] of [[17, 30], [36, 35]] as const) {
      const result = mser5(driftingRun(seed));
      expect(result.minimumCutSec).toBe(minimumCutSec);
      expect(result.cutSec).toBe(0);
      expect(mser5(driftingRun(seed), { flatness: 0 }).cutSec).toBe(minimumCutSec);
    }
  });

  test('a 20 s warm-up whose g(d) dips late by chance is cut where the warm-up ends', () => {
    // Seeds 15 and 34: the plain argmin lies at 35 s and 50 s, past the warm-up.
    for (const [seed, minimumCutSec] of [[15, 35], [34, 50]] as const) {
      const result = mser5(driftingRun(seed, { seconds: 20, factor: 3 }));
      expect(result.minimumCutSec).toBe(minimumCutSec);
      expect(result.cutSec).toBe(20);
    }
  });

  test('the cut is the earliest d with g(d) ≤ (1 + sqrt(2/(k − ⌊k/2⌋ − 1))) · min g, checked against a direct evaluation on settled runs', () => {
    for (let seed = 100; seed < 110; seed++) {
      const counts = driftingRun(seed, seed % 2 === 0 ? { seconds: 20, factor: 2 } : undefined);
      // 100 samples a second: one point per second, so batch j starts at 5j s.
      const points = counts.map((c) => Math.log(quantileUs(c, 0.5)));
      const k = Math.floor(points.length / 5);
      const y = Array.from({ length: k }, (_, j) => points.slice(5 * j, 5 * j + 5).reduce((a, b) => a + b, 0) / 5);
      const g = (d: number) => {
        const tail = y.slice(d);
        const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
        return tail.reduce((a, b) => a + (b - mean) ** 2, 0) / tail.length ** 2;
      };
      const half = Math.floor(k / 2);
      const values = Array.from({ length: half + 1 }, (_, d) => g(d));
      const minimum = Math.min(...values);
      const expected = values.findIndex((value) => value <= minimum * (1 + Math.sqrt(2 / (k - half - 1))) * (1 + 1e-9));
      expect(mser5(counts).unrestrictedCutSec).toBeLessThanOrEqual(5 * half); // settled: the tolerance applies
      expect(mser5(counts).cutSec).toBe(5 * expected);
      expect(mser5(counts).minimumCutSec).toBe(5 * values.indexOf(minimum));
    }
  });

  test('too few points give no cut', () => {
    expect(mser5(Array.from({ length: 8 }, () => second(10_000))).cutSec).toBeUndefined();
  });
});

describe('trimWarmup', () => {
  const endpoints = [{ name: 'home', ratePerSec: 100, medianMs: 20, sigma: 0.5 }];

  test('a synthetic 20 s warm-up is cut within [20, 30] s', () => {
    const run = syntheticRun({ seed: 7, seconds: 120, endpoints, warmup: { seconds: 20, factor: 4 }, drift: { sd: 0.02, correlation: 0.8 } });
    const window = trimWarmup({ plan: run.plan, seconds: run.seconds, latencyPerSecond: run.total.latency.map(countsFromEncoded), rule: { kind: 'auto' } });
    expect(window.rampSec).toBe(0);
    expect(window.startSec).toBeGreaterThanOrEqual(20);
    expect(window.startSec).toBeLessThanOrEqual(30);
    expect(window.endSec).toBe(120);
    expect(window.rule).toBe('auto');
  });

  test('a stationary run is cut at the 10 s minimum after the ramp', () => {
    const run = syntheticRun({ seed: 8, seconds: 100, endpoints, rampSec: 15 });
    const window = trimWarmup({ plan: run.plan, seconds: run.seconds, latencyPerSecond: run.total.latency.map(countsFromEncoded), rule: { kind: 'auto' } });
    expect(window).toMatchObject({ startSec: 25, endSec: 100, rampSec: 15, extraCutSec: 10 });
    expect(window.warnings).toEqual([]);
  });

  test('fixed and phase rules, and the ramp is always cut', () => {
    const run = syntheticRun({ seed: 9, seconds: 60, endpoints, rampSec: 10 });
    const counts = run.total.latency.map(countsFromEncoded);
    expect(trimWarmup({ plan: run.plan, seconds: 60, latencyPerSecond: counts, rule: { kind: 'fixed', cutMs: 25_500 } })).toMatchObject({ startSec: 26, rule: 'fixed', extraCutSec: 16 });
    expect(trimWarmup({ plan: run.plan, seconds: 60, latencyPerSecond: counts, rule: { kind: 'fixed', cutMs: 3000 } }).startSec).toBe(10);
    expect(trimWarmup({ plan: run.plan, seconds: 60, latencyPerSecond: counts, rule: { kind: 'phase', phase: 'ramp-up' } })).toMatchObject({ startSec: 10, rule: 'phase' });
    const unknown = trimWarmup({ plan: run.plan, seconds: 60, latencyPerSecond: counts, rule: { kind: 'phase', phase: 'nope' } });
    expect(unknown.rule).toBe('auto');
    expect(unknown.warnings[0]).toContain('"nope"');
  });

  test('MSER-5 never cuts more than half the steady time, and warns when latency never settles', () => {
    const run = syntheticRun({ seed: 10, seconds: 100, endpoints, warmup: { seconds: 100, factor: 5 } });
    const window = trimWarmup({ plan: run.plan, seconds: 100, latencyPerSecond: run.total.latency.map(countsFromEncoded), rule: { kind: 'auto' } });
    expect(window.startSec).toBe(50);
    expect(window.warnings.some((w) => w.includes('never have settled'))).toBe(true);
  });

  test('trailing ramp phases are cut from the end', () => {
    const plan = {
      model: 'open' as const,
      arrivals: 'constant' as const,
      durationSec: 50,
      connections: 1,
      phases: [
        { name: 'up', startSec: 0, durationSec: 10, rate: 1, rampTo: 10, isRamp: true },
        { name: 'hold', startSec: 10, durationSec: 30, rate: 10, isRamp: false },
        { name: 'down', startSec: 40, durationSec: 10, rate: 10, rampTo: 0, isRamp: true },
      ],
    };
    expect(rampBounds(plan, 50)).toEqual({ rampSec: 10, steadyEndSec: 40 });
    expect(rampBounds(plan, 25)).toEqual({ rampSec: 10, steadyEndSec: 25 });
  });

  test('without trailing ramps the steady window ends at the plan end, not at the last recorded second', () => {
    const plan = {
      model: 'open' as const,
      arrivals: 'constant' as const,
      durationSec: 40,
      connections: 1,
      phases: [
        { name: 'up', startSec: 0, durationSec: 10, rate: 1, rampTo: 10, isRamp: true },
        { name: 'hold', startSec: 10, durationSec: 30, rate: 10, isRamp: false },
      ],
    };
    expect(rampBounds(plan, 41)).toEqual({ rampSec: 10, steadyEndSec: 40 });
    expect(rampBounds(plan, 40)).toEqual({ rampSec: 10, steadyEndSec: 40 });
    expect(rampBounds(plan, 30)).toEqual({ rampSec: 10, steadyEndSec: 30 });
  });
});
