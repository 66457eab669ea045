// Robust location and scale for the history test (STATISTICS.md §4): the median, and the MAD scaled by
// 1.4826 so it estimates the standard deviation of normal data while one outlier run cannot move it.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median absolute deviation from the median, unscaled. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/** 1.4826 · MAD: a standard-deviation estimate that tolerates outliers. */
export function robustSpread(values: readonly number[]): number {
  return 1.4826 * medianAbsoluteDeviation(values);
}
