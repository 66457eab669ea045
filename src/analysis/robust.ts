// Location and scale for the history test (history-test.ts): the median and the MAD (scaled by 1.4826 so
// it estimates the standard deviation of normal data) to find outlier runs, then the mean and sample
// standard deviation of the runs that are left, whose prediction interval follows Student's t exactly.

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

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Sample standard deviation (n − 1 in the denominator); NaN below two values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - centre) ** 2;
  return Math.sqrt(sumOfSquares / (values.length - 1));
}

/**
 * The Hampel identifier: the values within `limit` robust standard deviations (1.4826 · MAD, never
 * below `floor`) of the median. What it drops is an outlier by a margin the MAD itself cannot hide.
 */
export function hampelInliers(values: readonly number[], limit: number, floor = 0): number[] {
  const centre = median(values);
  const reach = limit * Math.max(robustSpread(values), floor);
  return values.filter((value) => Math.abs(value - centre) <= reach);
}
