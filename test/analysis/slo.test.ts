import { describe, expect, test } from 'vitest';
import { decodeRun } from '../../src/analysis/decoded-run.js';
import { evaluateSlo } from '../../src/analysis/slo.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import type { RunResult } from '../../src/results/types.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A one-endpoint run where second t holds `samples[t]` (value µs → count) and `failed[t]` 5xx responses among them. */
function runOf(samples: readonly (readonly [number, number][])[], failed: readonly number[] = []): RunResult {
  const base = syntheticRun({ seed: 1, seconds: samples.length, endpoints: [{ name: 'home', ratePerSec: 0, medianMs: 1, sigma: 0 }] });
  const latency = samples.map((second) => {
    const histogram = createHistogram();
    for (const [valueUs, count] of second) for (let i = 0; i < count; i++) recordMicros(histogram, valueUs);
    return encodeHistogram(histogram);
  });
  const requests = samples.map((second) => second.reduce((sum, [, count]) => sum + count, 0));
  const errors = samples.map((_, t) => failed[t] ?? 0);
  const series = { name: 'home', latency, serviceTime: latency, requests, errors: { http5xx: errors }, status: {}, errorSamples: {} };
  return { ...base, endpoints: [series], total: { ...series, name: 'all' } };
}

const latencySlo = { name: 'fast', kind: 'latency' as const, endpoints: ['home'], thresholdMs: 300, objective: 0.99 };

describe('SLO rows', () => {
  test('18 slow of 3000 (evenly spread) pass a 99 % objective with the §5 interval', () => {
    const seconds = Array.from({ length: 30 }, (_, t) => [[100_000, 100 - (t < 18 ? 1 : 0)], ...(t < 18 ? [[500_000, 1]] : [])] as [number, number][]);
    const row = evaluateSlo(latencySlo, decodeRun(runOf(seconds)), 0, 30);
    expect(row).toMatchObject({ good: 2982, valid: 3000, outcome: 'pass', thresholdMs: 300, objective: 0.99 });
    expect(row.designEffect).toBeLessThanOrEqual(1);
    expect(row.sliLow).toBeCloseTo(0.99054, 4);
    expect(row.sliHigh).toBeCloseTo(0.9962, 4);
    expect(row.budgetUsed).toBeCloseTo(0.6, 10);
    expect(row.burnRate).toBeCloseTo(0.6, 10);
  });

  test('3 slow of 500 is inconclusive, with the reason', () => {
    const seconds = Array.from({ length: 5 }, (_, t) => [[100_000, 100 - (t < 3 ? 1 : 0)], ...(t < 3 ? [[500_000, 1]] : [])] as [number, number][]);
    const row = evaluateSlo(latencySlo, decodeRun(runOf(seconds)), 0, 5);
    expect(row).toMatchObject({ good: 497, valid: 500, outcome: 'inconclusive' });
    expect(row.reason).toContain('500 requests');
  });

  test('the bucket holding the threshold counts as bad; the one below it as good', () => {
    // 3 significant digits: 300 000 µs sits in the bucket [299 776, 300 031], 299 700 in [299 520, 299 775].
    const atThreshold = evaluateSlo(latencySlo, decodeRun(runOf([[[300_000, 10]]])), 0, 1);
    const below = evaluateSlo(latencySlo, decodeRun(runOf([[[299_700, 10]]])), 0, 1);
    expect(atThreshold.good).toBe(0);
    expect(below.good).toBe(10);
  });

  test('failed responses are bad even when fast; availability and error-ratio count failures only', () => {
    const run = decodeRun(runOf([[[10_000, 100]], [[10_000, 100]]], [4, 0]));
    expect(evaluateSlo(latencySlo, run, 0, 2)).toMatchObject({ good: 196, valid: 200 });
    expect(evaluateSlo({ name: 'up', kind: 'availability', endpoints: 'all', objective: 0.8 }, run, 0, 2)).toMatchObject({ good: 196, valid: 200, outcome: 'pass' });
    const errorRatio = evaluateSlo({ name: 'errors', kind: 'error-ratio', endpoints: ['home'], maxErrorRatio: 0.001 }, run, 0, 2);
    expect(errorRatio.objective).toBeCloseTo(0.999, 12);
    expect(errorRatio.outcome).toBe('fail');
    // Both failures in one second: the design effect inflates the interval.
    expect(errorRatio.designEffect).toBeGreaterThan(1);
  });

  test('no data is not a pass; an unknown endpoint is named', () => {
    const run = decodeRun(runOf([[[10_000, 10]]]));
    expect(evaluateSlo(latencySlo, run, 1, 1)).toMatchObject({ valid: 0, outcome: 'inconclusive', reason: 'no requests in the steady window' });
    const unknown = evaluateSlo({ ...latencySlo, endpoints: ['nope'] }, run, 0, 1);
    expect(unknown.outcome).toBe('inconclusive');
    expect(unknown.reason).toContain('"nope"');
  });
});
