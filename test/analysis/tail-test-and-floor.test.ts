// The comparison rules of docs/statistics.md §3 as built: the finite-window variance inflation, the tail
// test beside the quantile ratio (Bonferroni over the two), the floor of samples beyond a percentile that
// decides whether a row is tested, and the precision mark that no longer decides anything.
import { describe, expect, test } from 'vitest';
import { varianceInflation } from '../../src/analysis/bootstrap.js';
import { countsFromEncoded, shareAboveUs } from '../../src/analysis/bucket-counts.js';
import { RULES } from '../../src/analysis/defaults.js';
import { normalQuantile } from '../../src/analysis/distributions.js';
import { analyse } from '../../src/analysis/verdict.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { syntheticRun } from '../support/synthetic-run.js';

describe('variance inflation for the window', () => {
  test('is b·L / (T − L) with b = ⌈T/L⌉ blocks, and infinite for one block or less', () => {
    expect(varianceInflation(10)).toBe(2);
    expect(varianceInflation(20)).toBeCloseTo(20 / 15, 12);
    expect(varianceInflation(22)).toBeCloseTo(25 / 17, 12);
    expect(varianceInflation(90)).toBeCloseTo(90 / 85, 12);
    expect(varianceInflation(216)).toBeCloseTo(216 / 210, 12); // L = 6
    expect(varianceInflation(5)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('share above a line', () => {
  test('counts the buckets whose highest value is above the threshold', () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 1000; ms++) recordMicros(histogram, ms * 1000);
    const counts = countsFromEncoded(encodeHistogram(histogram));
    expect(shareAboveUs(counts, 900_500)).toBeCloseTo(0.1, 2);
    expect(shareAboveUs(counts, 2_000_000)).toBe(0);
    expect(shareAboveUs(counts, 0)).toBe(1);
  });
});

describe('comparison rows', () => {
  // The loopback case, simulated: 20 s at 400 req/s, lognormal (10 ms, σ 0.3); the current run
  // has 3 % of its requests 7× slower, a separate slow mode.
  const tailRun = (seed: number, tail?: { fraction: number; factor: number }) =>
    syntheticRun({ seed, seconds: 20, endpoints: [{ name: 'api', ratePerSec: 400, medianMs: 10, sigma: 0.3, ...(tail ? { tail } : {}) }], drift: { sd: 0.03, correlation: 0.8 } });

  test('between-run noise that scales the whole run moves the quantile ratio, not the tail test', () => {
    // The current run 8 % slower throughout: the medians' shift takes it out of the tail statistic.
    const scaled = (seed: number, scale: number) =>
      syntheticRun({ seed, seconds: 60, endpoints: [{ name: 'api', ratePerSec: 200, medianMs: 10, sigma: 0.4, scale }] });
    const verdict = analyse({ current: scaled(6, 1.08), baseline: scaled(5, 1) });
    const p99 = verdict.comparisons.find((r) => r.endpoint === 'api' && r.metric === 'p99')!;
    expect(p99.ratio).toBeGreaterThan(1.03);
    expect(p99.bootstrap!.tail!.bodyShift).toBeGreaterThan(1.05);
    expect(p99.bootstrap!.tail!.bodyShift).toBeLessThan(1.11);
    // Lognormal σ 0.4: about 0.4 % lies above 1.15 × its p99, against the 1 % main had above its own.
    expect(p99.bootstrap!.tail!.currentShare).toBeLessThan(p99.bootstrap!.tail!.baselineShare);
    expect(p99.bootstrap!.tail!.pValue).toBeGreaterThan(0.05);
  });

  test('a slow mode in the tail of a 20 s run fails at p99 and p95, not at p50', () => {
    const verdict = analyse({ current: tailRun(2, { fraction: 0.03, factor: 7 }), baseline: tailRun(1) });
    const row = (metric: string) => verdict.comparisons.find((r) => r.endpoint === 'api' && r.metric === metric)!;
    expect(verdict.trim.current.endSec - verdict.trim.current.startSec).toBe(20);
    expect(row('p99').outcome).toBe('fail');
    expect(row('p99').ratio).toBeGreaterThan(2);
    expect(row('p95').outcome).toBe('fail');
    expect(row('p50').outcome).not.toBe('fail');
    // The tail test: well over the 1 % main had above its own p99.
    const tail = row('p99').bootstrap!.tail!;
    expect(tail.baselineShare).toBeGreaterThan(0.005);
    expect(tail.baselineShare).toBeLessThanOrEqual(0.01);
    expect(tail.currentShare).toBeGreaterThan(0.02);
    expect(tail.logRatio).toBeCloseTo(Math.log(tail.currentShare / tail.baselineShare), 12);
  });

  test("a row's bootstrap p-value is Bonferroni over the quantile-ratio and tail tests", () => {
    const verdict = analyse({ current: tailRun(4, { fraction: 0.01, factor: 2 }), baseline: tailRun(3) });
    const tested = verdict.comparisons.filter((r) => r.bootstrap !== undefined);
    expect(tested).toHaveLength(6);
    for (const row of tested) {
      const { quantilePValue, tail, pValue } = row.bootstrap!;
      expect(row.bootstrap!.standardError).toBeGreaterThan(0);
      if (row.metric === 'p50') {
        // At the median the body is the row itself: the quantile ratio alone.
        expect(tail).toBeUndefined();
        expect(pValue).toBe(quantilePValue);
        continue;
      }
      expect(pValue).toBeCloseTo(Math.min(1, 2 * Math.min(quantilePValue!, tail!.pValue)), 12);
      expect(tail!.standardError).toBeGreaterThan(0);
      const median = tested.find((r) => r.endpoint === row.endpoint && r.metric === 'p50')!;
      expect(tail!.bodyShift).toBeCloseTo(median.ratio, 10);
    }
  });

  test('the floor of samples beyond the percentile decides whether a row is tested; precision only marks it', () => {
    // 30 s at 20 req/s: 600 requests, 6 beyond p99 (above the floor of 5, far below the 100 of §2).
    const small = (seed: number, ratePerSec: number) => syntheticRun({ seed, seconds: 30, arrivals: 'constant', endpoints: [{ name: 'api', ratePerSec, medianMs: 20, sigma: 0.4 }] });
    const enough = analyse({ current: small(2, 20), baseline: small(1, 20) }).comparisons.find((r) => r.endpoint === 'api' && r.metric === 'p99')!;
    expect(RULES.minSamplesBeyondToCompare).toBe(5);
    expect(enough.bootstrap).toBeDefined();
    expect(enough.imprecise).toBe(true);
    expect(enough.requests).toBe(600);
    expect(enough.reason ?? '').not.toContain('too few samples');
    // 15 req/s: 450 requests, 4 beyond: below the floor, inconclusive with the numbers.
    const few = analyse({ current: small(2, 15), baseline: small(1, 15) }).comparisons.find((r) => r.endpoint === 'api' && r.metric === 'p99')!;
    expect(few).toMatchObject({ outcome: 'inconclusive', imprecise: true });
    expect(few.bootstrap).toBeUndefined();
    expect(few.reason).toBe('too few samples beyond p99 in this run (4 of the 5 needed; 450 requests)');
    // What would decide it: the floor's 5 samples beyond p99, 500 requests.
    expect(few.requestsToDecide).toBe(500);
  });

  test('an undecided row says how many requests would decide it, from its standard error', () => {
    // +8 % at p50 against a 5 % tolerance, 20 s: the interval straddles 1.05.
    const run = (seed: number, scale: number) => syntheticRun({ seed, seconds: 20, endpoints: [{ name: 'api', ratePerSec: 30, medianMs: 20, sigma: 0.5, scale }] });
    const verdict = analyse({ current: run(8, 1.08), baseline: run(7, 1) });
    const rows = verdict.comparisons.filter((r) => r.outcome === 'inconclusive' && r.bootstrap !== undefined && r.requestsToDecide !== undefined);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const z = normalQuantile(1 - row.bootstrap!.holmLevel);
      const gap = Math.abs(Math.log(row.ratio) - Math.log(1 + Math.max(row.tolerance, row.floorMs / row.baselineMs)));
      expect(row.requestsToDecide).toBe(Math.ceil(row.requests * ((z * row.bootstrap!.standardError) / gap) ** 2));
      expect(row.requestsToDecide!).toBeGreaterThan(row.requests);
    }
    expect(verdict.comparisons.filter((r) => r.outcome !== 'inconclusive').every((r) => r.requestsToDecide === undefined)).toBe(true);
  });
});
