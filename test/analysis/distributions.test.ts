import { describe, expect, test } from 'vitest';
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from '../../src/analysis/distributions.js';
import { hampelInliers, mean, median, medianAbsoluteDeviation, robustSpread, sampleStandardDeviation } from '../../src/analysis/robust.js';

describe('Student-t quantiles match the printed tables', () => {
  test.each([
    [0.99, 9, 2.821438],
    [0.99, 4, 3.746947],
    [0.99, 19, 2.539483],
    [0.99, 29, 2.462021],
    [0.975, 10, 2.228139],
    [0.95, 1, 6.313752],
    [0.995, 2, 9.924843],
  ])('t_{%d, %d} = %d', (p, nu, expected) => {
    expect(studentTQuantile(p, nu)).toBeCloseTo(expected, 5);
    expect(studentTCdf(expected, nu)).toBeCloseTo(p, 6);
  });

  test('the lower tail mirrors the upper one', () => {
    expect(studentTQuantile(0.01, 9)).toBeCloseTo(-2.821438, 5);
  });
});

describe('normal distribution', () => {
  test('quantiles and CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
});

describe('median and MAD', () => {
  test('an outlier moves neither', () => {
    expect(median([3, 1, 100, 2, 4])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(robustSpread([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 10);
    expect(median([])).toBeNaN();
  });

  test('mean and sample standard deviation (n − 1), exact', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Sum of squares 32 over 7 degrees of freedom.
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStandardDeviation([3])).toBeNaN();
  });

  test('the Hampel identifier drops what lies beyond k robust sd of the median, and the floor bounds k · sd from below', () => {
    // median 4, MAD 2, 1.4826 · MAD = 2.9652: 5 robust sd reach 14.826 either side, up to 18.826.
    expect(hampelInliers([1, 2, 3, 4, 5, 18, 100], 5)).toEqual([1, 2, 3, 4, 5, 18]);
    expect(hampelInliers([1, 2, 3, 4, 5, 19, 100], 5)).toEqual([1, 2, 3, 4, 5]);
    // Identical values: MAD 0, so without a floor any other value would be an outlier.
    expect(hampelInliers([5, 5, 5, 5, 5.004], 5)).toEqual([5, 5, 5, 5]);
    expect(hampelInliers([5, 5, 5, 5, 5.004], 5, 0.001)).toEqual([5, 5, 5, 5, 5.004]);
  });
});
