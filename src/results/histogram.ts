// HDR histograms as every stage uses them: one construction (µs, 1 µs to 1 h, 3 significant digits),
// compressed base64 encoding for results.json, and the merge that shards, re-trims and baselines
// all go through. Nothing else in the code builds or decodes a histogram directly.

import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** 1 µs to 1 h in µs: anything slower than an hour is clamped to an hour. */
export const HISTOGRAM_LOWEST_US = 1;
export const HISTOGRAM_HIGHEST_US = 3_600_000_000;
export const HISTOGRAM_DIGITS = 3;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: HISTOGRAM_LOWEST_US,
    highestTrackableValue: HISTOGRAM_HIGHEST_US,
    numberOfSignificantValueDigits: HISTOGRAM_DIGITS,
    useWebAssembly: false,
  });
}

/** Records a value in µs, clamped into the trackable range so a wild value never throws. */
export function recordMicros(histogram: Histogram, micros: number): void {
  const value = micros < HISTOGRAM_LOWEST_US ? HISTOGRAM_LOWEST_US : micros > HISTOGRAM_HIGHEST_US ? HISTOGRAM_HIGHEST_US : micros;
  histogram.recordValue(Math.round(value));
}

export function encodeHistogram(histogram: Histogram): string | null {
  return histogram.totalCount === 0 ? null : hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Adds every encoded histogram into one new histogram (nulls are empty seconds). */
export function mergeEncoded(encoded: Iterable<string | null>): Histogram {
  const merged = createHistogram();
  for (const item of encoded) {
    if (item !== null) merged.add(decodeHistogram(item));
  }
  return merged;
}

/** Value at a percentile (0–100) in µs; NaN for an empty histogram, since no data is not zero. */
export function percentileMicros(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? Number.NaN : histogram.getValueAtPercentile(percentile);
}
