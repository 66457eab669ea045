import { describe, expect, test } from 'vitest';
import { holm } from '../../src/analysis/holm.js';
import { designEffect, wilsonInterval, wilsonWithDesignEffect } from '../../src/analysis/wilson.js';

const Z = 1.959963984540054;

describe('Wilson interval (docs/statistics.md §5 examples)', () => {
  test('18 slow of 3000 at a 99 % objective: [99.05 %, 99.62 %], a pass', () => {
    const interval = wilsonInterval(3000 - 18, 3000, Z);
    expect(interval.estimate).toBeCloseTo(0.994, 10);
    expect(interval.low).toBeCloseTo(0.99054, 4);
    expect(interval.high).toBeCloseTo(0.9962, 4);
    expect(interval.low >= 0.99).toBe(true);
  });

  test('3 slow of 500: the interval spans 99 %, inconclusive', () => {
    const interval = wilsonInterval(497, 500, Z);
    expect(interval.low).toBeCloseTo(0.98252, 4);
    expect(interval.high).toBeCloseTo(0.99797, 4);
    expect(interval.low < 0.99 && interval.high >= 0.99).toBe(true);
  });

  test('a design effect of 4 widens it like a quarter of the samples', () => {
    const adjusted = wilsonWithDesignEffect(2982, 3000, 4, Z);
    const quarter = wilsonInterval(745.5, 750, Z);
    expect(adjusted.low).toBeCloseTo(quarter.low, 12);
    expect(adjusted.high).toBeCloseTo(quarter.high, 12);
  });

  test('design effect: no inflation (0) when bad requests are spread evenly, above 1 when they cluster in one second', () => {
    expect(designEffect([1, 1, 1, 1], [100, 100, 100, 100])).toBe(0);
    // All 4 bad requests in one second of 100: Var of fractions = 0.0004·(3/4)·4/3 … computed exactly below.
    const clustered = designEffect([4, 0, 0, 0], [100, 100, 100, 100]);
    const fractions = [0.04, 0, 0, 0];
    const mean = 0.01;
    const variance = fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / 3;
    expect(clustered).toBeCloseTo((variance * 100) / (0.01 * 0.99), 10);
    expect(clustered).toBeGreaterThan(1);
    expect(designEffect([0, 0], [10, 10])).toBe(1);
  });
});

describe('Holm step-down', () => {
  test('rejects in order until the first p above α/(m − j + 1)', () => {
    const decisions = holm([0.01, 0.04, 0.03, 0.005], 0.05);
    expect(decisions.map((d) => d.rejected)).toEqual([true, false, false, true]);
    expect(decisions.map((d) => d.level)).toEqual([0.05 / 3, 0.05, 0.05 / 2, 0.05 / 4]);
  });

  test('each sorted p-value meets its own level, or none after the first miss is rejected', () => {
    const decisions = holm([0.02, 0.024], 0.05);
    expect(decisions.map((d) => d.rejected)).toEqual([true, true]);
    expect(holm([0.03, 0.026], 0.05).map((d) => d.rejected)).toEqual([false, false]);
  });

  test('NaN p-values never reject', () => {
    expect(holm([Number.NaN, 0.001], 0.01).map((d) => d.rejected)).toEqual([false, true]);
  });
});
