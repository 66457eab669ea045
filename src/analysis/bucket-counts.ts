// Sparse bucket counts: an HDR histogram read once into sorted (bucket index, count) arrays over the one
// bucket grid that src/results/histogram.ts defines (µs, 1 µs to 1 h, 3 significant digits). Analysis
// sums and ranks these instead of HDR objects, so a window merge or a bootstrap resample is a sum of
// small vectors. Decoding stays in results/histogram.ts; this module only reads the decoded buckets.

import type { JsHistogram } from 'hdr-histogram-js';
import { createHistogram, decodeHistogram } from '../results/histogram.js';

export interface BucketCounts {
  /** Bucket indexes on the shared grid, strictly increasing. */
  readonly index: Int32Array;
  readonly count: Float64Array;
  readonly total: number;
}

export const EMPTY_COUNTS: BucketCounts = Object.freeze({ index: new Int32Array(0), count: new Float64Array(0), total: 0 });

let grid: JsHistogram | undefined;
let highCache: Float64Array | undefined;

/** The reference histogram that defines the grid; built on first use, never at import time. */
function referenceGrid(): JsHistogram {
  grid ??= createHistogram() as unknown as JsHistogram;
  return grid;
}

export function gridSize(): number {
  return referenceGrid().countsArrayLength;
}

/** Highest value (µs) that falls in the bucket: what HDR reports for a percentile landing there. */
export function bucketHighUs(index: number): number {
  if (highCache === undefined) {
    const reference = referenceGrid();
    highCache = new Float64Array(reference.countsArrayLength);
    for (let i = 0; i < highCache.length; i++) highCache[i] = reference.highestEquivalentValue(reference.valueFromIndex(i));
  }
  return highCache[index] ?? Number.NaN;
}

export function bucketIndexOfUs(valueUs: number): number {
  const reference = referenceGrid();
  const clamped = Math.min(Math.max(Math.round(valueUs), 1), reference.highestTrackableValue);
  return reference.countsArrayIndex(clamped);
}

export function countsFromHistogram(histogram: JsHistogram): BucketCounts {
  if (histogram.totalCount === 0) return EMPTY_COUNTS;
  let first = 0;
  let last = histogram.countsArrayLength - 1;
  if (histogram.maxValue > 0) {
    first = histogram.countsArrayIndex(Math.max(1, histogram.minNonZeroValue));
    last = Math.min(last, histogram.countsArrayIndex(histogram.maxValue));
  }
  const indexes: number[] = [];
  const counts: number[] = [];
  let total = 0;
  for (let i = first; i <= last; i++) {
    const count = histogram.getCountAtIndex(i);
    if (count > 0) {
      indexes.push(i);
      counts.push(count);
      total += count;
    }
  }
  return { index: Int32Array.from(indexes), count: Float64Array.from(counts), total };
}

export function countsFromEncoded(encoded: string | null): BucketCounts {
  if (encoded === null) return EMPTY_COUNTS;
  return countsFromHistogram(decodeHistogram(encoded) as unknown as JsHistogram);
}

/** Sums bucket counts; a dense scratch array over the grid keeps it linear in the entries. */
export function sumCounts(parts: readonly BucketCounts[]): BucketCounts {
  if (parts.length === 1) return parts[0] ?? EMPTY_COUNTS;
  const scratch = new Float64Array(gridSize());
  const touched: number[] = [];
  let total = 0;
  for (const part of parts) {
    for (let j = 0; j < part.index.length; j++) {
      const i = part.index[j]!;
      if (scratch[i] === 0) touched.push(i);
      scratch[i]! += part.count[j]!;
    }
    total += part.total;
  }
  touched.sort((x, y) => x - y);
  const count = new Float64Array(touched.length);
  for (let j = 0; j < touched.length; j++) count[j] = scratch[touched[j]!]!;
  return { index: Int32Array.from(touched), count, total };
}

/** HDR's rank for a quantile q in (0, 1]: the smallest rank whose cumulative share reaches q. */
export function rankForQuantile(q: number, total: number): number {
  const exact = q * total;
  return Math.max(1, Math.ceil(exact - 1e-9 * Math.max(1, exact)));
}

/** Value (µs) of the sample at a 1-based rank, clamped into [1, total]; NaN when empty. */
export function valueAtRankUs(counts: BucketCounts, rank: number): number {
  if (counts.total === 0) return Number.NaN;
  const target = Math.min(Math.max(rank, 1), counts.total);
  let cumulative = 0;
  for (let j = 0; j < counts.index.length; j++) {
    cumulative += counts.count[j]!;
    if (cumulative >= target) return bucketHighUs(counts.index[j]!);
  }
  return bucketHighUs(counts.index[counts.index.length - 1]!);
}

export function quantileUs(counts: BucketCounts, q: number): number {
  return valueAtRankUs(counts, rankForQuantile(q, counts.total));
}

/** Samples in buckets whose highest equivalent value is ≤ the threshold (the bucket holding it is not). */
export function countAtOrBelowUs(counts: BucketCounts, thresholdUs: number): number {
  let good = 0;
  for (let j = 0; j < counts.index.length; j++) {
    if (bucketHighUs(counts.index[j]!) <= thresholdUs) good += counts.count[j]!;
    else break;
  }
  return good;
}

/** Share of the samples in buckets whose highest equivalent value is above the threshold; NaN when empty. */
export function shareAboveUs(counts: BucketCounts, thresholdUs: number): number {
  return counts.total === 0 ? Number.NaN : (counts.total - countAtOrBelowUs(counts, thresholdUs)) / counts.total;
}

export function meanUs(counts: BucketCounts): number {
  if (counts.total === 0) return Number.NaN;
  let sum = 0;
  for (let j = 0; j < counts.index.length; j++) sum += bucketHighUs(counts.index[j]!) * counts.count[j]!;
  return sum / counts.total;
}

export function maxUs(counts: BucketCounts): number {
  return counts.total === 0 ? Number.NaN : bucketHighUs(counts.index[counts.index.length - 1]!);
}
