import { describe, expect, test } from 'vitest';
import { blockLengthSec, bootstrapRatios } from '../../src/analysis/bootstrap.js';
import { countsFromEncoded } from '../../src/analysis/bucket-counts.js';
import { decodeRun } from '../../src/analysis/decoded-run.js';
import { exitCodeForVerdict, parseFailOn } from '../../src/analysis/exit-policy.js';
import { comparabilityReasons, generatorGate, plannedRate } from '../../src/analysis/gates.js';
import { estimatePercentile } from '../../src/analysis/percentiles.js';
import { createRng } from '../../src/analysis/rng.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { syntheticRun } from '../support/synthetic-run.js';

describe('validity gates', () => {
  test('planned rate follows ramps linearly', () => {
    const run = syntheticRun({ seed: 1, seconds: 30, endpoints: [{ name: 'a', ratePerSec: 100, medianMs: 5, sigma: 0.2 }], rampSec: 10 });
    // Ramp 10 → 100 req/s over 10 s: second t has rate 10 + 90·(t + 0.5)/10.
    expect(plannedRate(run.plan, 0, 10)).toBeCloseTo(55, 10);
    expect(plannedRate(run.plan, 10, 30)).toBe(100);
    expect(plannedRate({ ...run.plan, model: 'closed' }, 10, 30)).toBeUndefined();
  });

  test('a constant schedule 3 % short fails the rate gate; missed sends above 0.1 % fail theirs', () => {
    const short = syntheticRun({ seed: 2, seconds: 20, arrivals: 'constant', endpoints: [{ name: 'a', ratePerSec: 97, medianMs: 5, sigma: 0.2 }] });
    const planned100 = { ...short, plan: { ...short.plan, phases: [{ ...short.plan.phases[0]!, rate: 100 }] } };
    const gate = generatorGate(decodeRun(planned100), 0, 20, 'current');
    expect(gate.achievedRate).toBe(97);
    expect(gate.plannedRate).toBe(100);
    expect(gate.reasons).toEqual(['current run: achieved 97 req/s, more than 2 % below the planned 100 req/s (generator saturated)']);
    const missing = syntheticRun({ seed: 3, seconds: 20, arrivals: 'constant', missedPerSecond: 1, endpoints: [{ name: 'a', ratePerSec: 100, medianMs: 5, sigma: 0.2 }] });
    expect(generatorGate(decodeRun(missing), 0, 20, 'baseline').reasons).toEqual(['baseline run: 20 sends (0.99 %) missed their time, above 0.1 % (generator saturated)']);
  });

  test('comparability names what differs', () => {
    const a = syntheticRun({ seed: 1, seconds: 5, endpoints: [{ name: 'a', ratePerSec: 10, medianMs: 5, sigma: 0.2 }] });
    const b = { ...a, meta: { ...a.meta, profile: 'full' }, plan: { ...a.plan, model: 'closed' as const } };
    expect(comparabilityReasons(a, a)).toEqual([]);
    expect(comparabilityReasons(a, b)).toEqual(['baseline used profile "full", this run "(none)"', 'baseline used the closed model, this run the open model']);
  });
});

describe('exit policy', () => {
  test('only a fail named by fail-on exits 1', () => {
    const failOn = parseFailOn('slo, regression');
    expect([...failOn]).toEqual(['slo', 'regression']);
    expect(exitCodeForVerdict({ slo: 'pass', regression: 'fail' }, failOn)).toBe(1);
    expect(exitCodeForVerdict({ slo: 'inconclusive', regression: 'inconclusive' }, failOn)).toBe(0);
    expect(exitCodeForVerdict({ slo: 'pass', regression: 'fail' }, parseFailOn('slo'))).toBe(0);
    expect(exitCodeForVerdict({ slo: 'fail', regression: 'fail' }, parseFailOn('none'))).toBe(0);
    expect(() => parseFailOn('latency')).toThrow(expect.objectContaining({ code: 'PA_USAGE' }));
    expect(() => parseFailOn('')).toThrow(expect.objectContaining({ code: 'PA_USAGE' }));
  });
});

describe('percentile rank interval and bootstrap', () => {
  test('ranks np ∓ 1.96·sqrt(np(1 − p)) read from the histogram', () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 1000; ms++) recordMicros(histogram, ms * 1000);
    const counts = countsFromEncoded(encodeHistogram(histogram));
    const p50 = estimatePercentile(counts, 0.5);
    // n = 1000: ranks floor(500 − 30.99) = 469 and ceil(530.99) = 531; values within 0.1 % (HDR buckets).
    expect(p50.valueMs).toBeCloseTo(500, 0);
    expect(Math.abs(p50.lowMs - 469)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(p50.highMs - 531)).toBeLessThanOrEqual(0.6);
    expect(p50.enoughSamples).toBe(false); // ±6 % wide: too wide for a verdict
    expect(estimatePercentile(counts, 0.99).enoughSamples).toBe(false); // 10 samples beyond p99
  });

  test('block length is max(5, ceil(T^(1/3))); resampling a run against itself centres on a ratio of 1, reproducibly', () => {
    expect(blockLengthSec(60)).toBe(5);
    expect(blockLengthSec(180)).toBe(6);
    expect(blockLengthSec(1000)).toBe(10);
    const run = syntheticRun({ seed: 4, seconds: 30, endpoints: [{ name: 'a', ratePerSec: 50, medianMs: 5, sigma: 0.3 }] });
    const seconds = run.total.latency.map(countsFromEncoded);
    const result = bootstrapRatios({ baseline: seconds, current: seconds, quantiles: [0.95, 0.5], resamples: 50, rng: createRng(1) });
    expect(result.logRatios).toHaveLength(2);
    // Independent resamples of the same run: ratios vary around 1, and the same seed repeats them.
    const again = bootstrapRatios({ baseline: seconds, current: seconds, quantiles: [0.95, 0.5], resamples: 50, rng: createRng(1) });
    expect(Array.from(again.logRatios[1]!)).toEqual(Array.from(result.logRatios[1]!));
    const mean = result.logRatios[1]!.reduce((s, v) => s + v, 0) / 50;
    expect(Math.abs(mean)).toBeLessThan(0.02);
  });

  test('the seeded generator is reproducible and uniform enough', () => {
    const a = createRng(42);
    const b = createRng(42);
    const draws = Array.from({ length: 10_000 }, () => a.next());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(draws.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(createRng(43).next()).not.toBe(createRng(42).next());
  });
});

describe('decoding', () => {
  test('a base64 string that is not a histogram is a ResultsError naming the series and second', async () => {
    const { decodeRun: decode } = await import('../../src/analysis/decoded-run.js');
    const run = syntheticRun({ seed: 5, seconds: 3, endpoints: [{ name: 'a', ratePerSec: 10, medianMs: 5, sigma: 0.2 }] });
    const broken = { ...run, meta: { ...run.meta, runId: 'broken-run' }, endpoints: [{ ...run.endpoints[0]!, latency: [run.endpoints[0]!.latency[0]!, 'AAAA', null] }] };
    expect(() => decode(broken)).toThrow(expect.objectContaining({ code: 'PA_RESULTS', message: expect.stringContaining('results of run broken-run: a.latency[1] is not a valid encoded histogram') }));
  });
});
