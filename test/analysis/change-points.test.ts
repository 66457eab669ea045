import { describe, expect, test } from 'vitest';
import { eDivisive, findHistoryChangePoints } from '../../src/analysis/change-points.js';
import { historyTest } from '../../src/analysis/history-test.js';
import { syntheticRandom } from '../support/synthetic-run.js';
import type { HistoryEntry } from '../../src/results/types.js';

function noisyStep(seed: number, before: number, after: number, length: number, at: number, noise: number): number[] {
  const random = syntheticRandom(seed);
  return Array.from({ length }, (_, i) => Math.log((i < at ? before : after) * Math.exp(noise * random.normal())));
}

function entry(i: number, p95Ms: number): HistoryEntry {
  const summary = { requests: 1000, ratePerSec: 10, errorRatio: 0, p50Ms: p95Ms / 2, p90Ms: p95Ms * 0.9, p95Ms, p99Ms: p95Ms * 1.5 };
  return { runId: `r${i}`, commit: `c${String(i).padStart(3, '0')}`, date: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`, total: summary, endpoints: { home: summary } };
}

describe('E-Divisive with means', () => {
  test('finds the one known step of +30 % at index 15 in 30 noisy runs', () => {
    expect(eDivisive(noisyStep(3, 100, 130, 30, 15, 0.03))).toEqual([15]);
  });

  test('finds nothing in a series without a step', () => {
    expect(eDivisive(noisyStep(4, 100, 100, 30, 15, 0.03))).toEqual([]);
  });

  test('the history window starts after the last change point', () => {
    const logs = noisyStep(5, 100, 130, 24, 12, 0.02);
    const entries = logs.map((value, i) => entry(i, Math.exp(value)));
    const found = findHistoryChangePoints(entries, [{ endpoint: 'home', metric: 'p95' }], 1);
    expect(found.changePoints).toHaveLength(1);
    expect(found.changePoints[0]).toMatchObject({ commit: 'c012', endpoint: 'home', metric: 'p95' });
    expect(found.changePoints[0]!.ratio).toBeGreaterThan(1.2);
    expect(found.changePoints[0]!.ratio).toBeLessThan(1.4);
    expect(found.windowStart.get('home|p95')).toBe(12);
  });
});

describe('history test (docs/statistics.md §4)', () => {
  const past = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101];

  test('exact t against t_{0.99, 9}: mean and sample sd of ln q, prediction-interval factor', () => {
    const logs = past.map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const s = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (logs.length - 1));
    const expectedT = (Math.log(120) - m) / (s * Math.sqrt(1 + 1 / 10));
    const result = historyTest(past, 120, 0.1)!;
    expect(result).toMatchObject({ runs: 10, outlierRuns: 0, outcome: 'fail' });
    expect(result.t).toBeCloseTo(expectedT, 10);
    expect(result.threshold).toBeCloseTo(2.821438, 5);
    expect(result.centreMs).toBeCloseTo(Math.exp(m), 10);
    expect(result.logSpread).toBeCloseTo(s, 12);
  });

  test('a wild run in History is set aside instead of widening the spread', () => {
    // 100 → 200 ms: 69 % on the log scale, about 40 robust sd from the median of the others.
    const withOutlier = [...past.slice(0, 9), 200];
    const result = historyTest(withOutlier, 120, 0.1)!;
    expect(result).toMatchObject({ runs: 9, outlierRuns: 1, outcome: 'fail' });
    const logs = past.slice(0, 9).map(Math.log);
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    expect(result.centreMs).toBeCloseTo(Math.exp(m), 10);
    expect(result.threshold).toBeCloseTo(2.896459, 5); // t_{0.99, 8}
    // Kept, the same run would have hidden the +20 % (s ≈ 0.22 on the log scale).
    const naive = past.slice(0, 9).concat(200).map(Math.log);
    const naiveMean = naive.reduce((a, b) => a + b, 0) / naive.length;
    const naiveSd = Math.sqrt(naive.reduce((a, b) => a + (b - naiveMean) ** 2, 0) / 9);
    expect((Math.log(120) - naiveMean) / (naiveSd * Math.sqrt(1.1))).toBeLessThan(2.82);
    // A run 5 % out is ordinary between-run noise and stays.
    expect(historyTest([...past.slice(0, 9), 105], 120, 0.1)).toMatchObject({ runs: 10, outlierRuns: 0 });
  });

  test('fewer than 5 runs left once outliers are set aside is no test', () => {
    expect(historyTest([100, 100.1, 99.9, 100, 100.05, 300, 310], 120, 0.1)).toMatchObject({ runs: 5, outlierRuns: 2 });
    expect(historyTest([100, 100.1, 99.9, 100, 300, 310, 320], 120, 0.1)).toBeUndefined();
  });

  test('significant but within tolerance is a pass; fewer than 5 runs is no test', () => {
    expect(historyTest(past, 108, 0.1)!.outcome).toBe('pass');
    expect(historyTest(past, 101, 0.1)!.outcome).toBe('pass');
    expect(historyTest([100, 101, 99, 100], 200, 0.1)).toBeUndefined();
  });
});
