import { describe, expect, test } from 'vitest';
import { countsFromEncoded } from '../../src/analysis/bucket-counts.js';
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
});
