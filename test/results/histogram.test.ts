import { describe, expect, test } from 'vitest';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeEncoded,
  percentileMicros,
  recordMicros,
} from '../../src/results/histogram.js';

describe('histogram', () => {
  test('encodes, decodes and merges without losing counts or percentiles', () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 1000; ms++) recordMicros(histogram, ms * 1000);
    const encoded = encodeHistogram(histogram);
    expect(encoded).toBeTypeOf('string');
    const decoded = decodeHistogram(encoded!);
    expect(decoded.totalCount).toBe(1000);
    // 3 significant digits: 990 ms is read back within 0.1 %.
    expect(Math.abs(decoded.getValueAtPercentile(99) - 990_000)).toBeLessThanOrEqual(990);
    const merged = mergeEncoded([encoded, null, encoded]);
    expect(merged.totalCount).toBe(2000);
    expect(Math.abs(percentileMicros(merged, 50) - 500_000)).toBeLessThanOrEqual(500);
  });

  test('an empty histogram encodes as null and has no percentile', () => {
    const histogram = createHistogram();
    expect(encodeHistogram(histogram)).toBeNull();
    expect(percentileMicros(histogram, 99)).toBeNaN();
  });

  test('values outside 1 µs to 1 h are clamped, not thrown', () => {
    const histogram = createHistogram();
    recordMicros(histogram, 0);
    recordMicros(histogram, 10 * 3_600_000_000);
    expect(histogram.totalCount).toBe(2);
    expect(histogram.minNonZeroValue).toBe(1);
    expect(histogram.maxValue).toBeGreaterThanOrEqual(3_599_000_000);
  });
});
