// Moving-block bootstrap of percentile ratios on per-second histograms (docs/statistics.md §3). A resample
// draws ceil(T/L) start seconds, takes L consecutive seconds from each (wrapping at the end of the
// window) and adds them; blocks keep the within-second and second-to-second correlation that an iid
// bootstrap of requests would ignore. L = max(5 s, ceil(T^(1/3))) (Künsch 1989; Hall, Horowitz & Jing
// 1995 for the T^(1/3) rate). Speed: both runs' seconds are mapped once onto a compact grid of the
// buckets that occur, so a resample is a sum of short count vectors and one scan for all ranks.
//
// Each resample also gives the tail statistic of §3: ln(share of the current resample above
// (1 + δ)·q*(baseline)·m*(current)/m*(baseline) / share of the baseline resample above its own q*), m the
// median (the body of the distribution). The variance of either statistic is read from the resamples and
// then inflated by varianceInflation() (below).

import { bucketHighUs, gridSize, rankForQuantile, type BucketCounts } from './bucket-counts.js';
import { RULES } from './defaults.js';
import type { Rng } from './rng.js';

/** The quantile whose shift between the runs is taken as the body's (the tail statistic's reference). */
export const BODY_QUANTILE = 0.5;

export function blockLengthSec(windowSec: number): number {
  return Math.max(RULES.minBlockSec, Math.ceil(Math.cbrt(windowSec)));
}

/**
 * The circular block bootstrap's variance of a mean-like statistic is short by (T − L) / (b·L), b = ⌈T/L⌉
 * blocks: a resampled block mean varies around the run's own mean, not around the true one, so
 * E[Σ_s (B_s − x̄)² / T] = v·(T − L) / (L·T) for seconds of variance v, where the true variance of a block
 * mean is v / L. Over b blocks the bootstrap gives v·(T − L) / (b·L·T) for a true v / T. Negligible at
 * 90 s (×1.06), it is ×2 for a 10 s window and made identical 20 s pairs fail 8–10 % at a nominal 5 %.
 * Infinite when the window holds no more than one block: the bootstrap then sees no variation at all.
 */
export function varianceInflation(windowSec: number): number {
  const blockSec = blockLengthSec(windowSec);
  if (windowSec <= blockSec) return Number.POSITIVE_INFINITY;
  return (Math.ceil(windowSec / blockSec) * blockSec) / (windowSec - blockSec);
}

interface CompactRun {
  readonly index: readonly Int32Array[];
  readonly count: readonly Float64Array[];
  readonly total: Float64Array;
}

function compact(seconds: readonly BucketCounts[], localOf: Int32Array): CompactRun {
  return {
    index: seconds.map((second) => second.index.map((global) => localOf[global]!)),
    count: seconds.map((second) => second.count),
    total: Float64Array.from(seconds, (second) => second.total),
  };
}

export interface BootstrapResult {
  /** Per quantile (in the order given), ln(q*(current) / q*(baseline)) for each resample; NaN when a side is empty. */
  readonly logRatios: readonly Float64Array[];
  /** Per quantile, ln q* of each side alone (their variances are inflated separately: varianceInflation). */
  readonly logBaseline: readonly Float64Array[];
  readonly logCurrent: readonly Float64Array[];
  /**
   * Per quantile, the tail statistic of each resample: ln(share of current above (1 + δ_i)·q*(baseline)·
   * m*(current)/m*(baseline) / share of baseline above q*(baseline)), m the median; NaN where a share is
   * zero. Present when `tailFactors` was given.
   */
  readonly logTailRatios?: readonly Float64Array[];
  readonly blockSecBaseline: number;
  readonly blockSecCurrent: number;
}

/**
 * Fills `values[i]` with the value (µs) at each quantile's rank of one resample of `run`, and `above[i]`
 * with the share of the resample in buckets past that value's bucket. Leaves the resample's counts in
 * `scratch`; returns its total.
 */
function resampleQuantiles(run: CompactRun, blockSec: number, order: readonly number[], quantiles: readonly number[], highs: Float64Array, scratch: Float64Array, rng: Rng, values: Float64Array, above: Float64Array): number {
  const windowSec = run.total.length;
  scratch.fill(0);
  let total = 0;
  const blocks = Math.ceil(windowSec / blockSec);
  for (let b = 0; b < blocks; b++) {
    const start = rng.int(windowSec);
    for (let j = 0; j < blockSec; j++) {
      const second = (start + j) % windowSec;
      const index = run.index[second]!;
      const count = run.count[second]!;
      for (let e = 0; e < index.length; e++) scratch[index[e]!]! += count[e]!;
      total += run.total[second]!;
    }
  }
  if (total === 0) {
    values.fill(Number.NaN);
    above.fill(Number.NaN);
    return 0;
  }
  let next = 0;
  let rank = rankForQuantile(quantiles[order[0]!]!, total);
  let cumulative = 0;
  for (let g = 0; g < scratch.length && next < order.length; g++) {
    cumulative += scratch[g]!;
    while (next < order.length && cumulative >= rank) {
      values[order[next]!] = highs[g]!;
      above[order[next]!] = (total - cumulative) / total;
      next++;
      if (next < order.length) rank = rankForQuantile(quantiles[order[next]!]!, total);
    }
  }
  return total;
}

/** Share of the counts in `scratch` whose bucket's highest value exceeds each threshold (ascending order given). */
function sharesAbove(scratch: Float64Array, highs: Float64Array, total: number, thresholdsUs: Float64Array, order: readonly number[], shares: Float64Array): void {
  let next = 0;
  let cumulative = 0;
  for (let g = 0; g < scratch.length && next < order.length; g++) {
    while (next < order.length && highs[g]! > thresholdsUs[order[next]!]!) {
      shares[order[next]!] = (total - cumulative) / total;
      next++;
    }
    cumulative += scratch[g]!;
  }
  while (next < order.length) shares[order[next++]!] = 0;
}

export function bootstrapRatios(input: {
  baseline: readonly BucketCounts[];
  current: readonly BucketCounts[];
  quantiles: readonly number[];
  resamples: number;
  rng: Rng;
  /** Per quantile, 1 + δ: the tail statistic counts current requests above (1 + δ)·q*(baseline). */
  tailFactors?: readonly number[];
}): BootstrapResult {
  const { baseline, current, resamples, rng, tailFactors } = input;
  // The median rides along as the last quantile: the tail statistic's line moves with the body (§3).
  const body = input.quantiles.length;
  const quantiles = [...input.quantiles, BODY_QUANTILE];
  const present = new Uint8Array(gridSize());
  for (const second of [...baseline, ...current]) for (const global of second.index) present[global] = 1;
  const localOf = new Int32Array(present.length).fill(-1);
  const highsList: number[] = [];
  for (let global = 0; global < present.length; global++) {
    if (present[global] === 1) {
      localOf[global] = highsList.length;
      highsList.push(bucketHighUs(global));
    }
  }
  const highs = Float64Array.from(highsList);
  const base = compact(baseline, localOf);
  const curr = compact(current, localOf);
  const blockSecBaseline = blockLengthSec(baseline.length);
  const blockSecCurrent = blockLengthSec(current.length);
  const order = quantiles.map((_, i) => i).sort((a, b) => quantiles[a]! - quantiles[b]!);
  const perQuantile = (): Float64Array[] => input.quantiles.map(() => new Float64Array(resamples));
  const logRatios = perQuantile();
  const logBaseline = perQuantile();
  const logCurrent = perQuantile();
  const logTailRatios = tailFactors ? perQuantile() : undefined;
  const scratch = new Float64Array(highs.length);
  const baseValues = new Float64Array(quantiles.length);
  const currValues = new Float64Array(quantiles.length);
  const baseAbove = new Float64Array(quantiles.length);
  const currAbove = new Float64Array(quantiles.length);
  const thresholdsUs = new Float64Array(quantiles.length);
  const currShares = new Float64Array(quantiles.length);
  const thresholdOrder = tailFactors ? input.quantiles.map((_, i) => i) : [];
  const empty = baseline.length === 0 || current.length === 0;
  for (let r = 0; r < resamples; r++) {
    if (empty) {
      for (const series of [logRatios, logBaseline, logCurrent, logTailRatios ?? []]) for (const values of series) values[r] = Number.NaN;
      continue;
    }
    resampleQuantiles(base, blockSecBaseline, order, quantiles, highs, scratch, rng, baseValues, baseAbove);
    const currentTotal = resampleQuantiles(curr, blockSecCurrent, order, quantiles, highs, scratch, rng, currValues, currAbove);
    for (let i = 0; i < body; i++) {
      logBaseline[i]![r] = Math.log(baseValues[i]!);
      logCurrent[i]![r] = Math.log(currValues[i]!);
      logRatios[i]![r] = logCurrent[i]![r]! - logBaseline[i]![r]!;
    }
    if (tailFactors && logTailRatios) {
      const bodyShift = currValues[body]! / baseValues[body]!;
      for (let i = 0; i < body; i++) thresholdsUs[i] = baseValues[i]! * tailFactors[i]! * bodyShift;
      thresholdOrder.sort((a, b) => thresholdsUs[a]! - thresholdsUs[b]!);
      if (currentTotal > 0) sharesAbove(scratch, highs, currentTotal, thresholdsUs, thresholdOrder, currShares);
      else currShares.fill(Number.NaN);
      for (let i = 0; i < body; i++) {
        const ratio = currShares[i]! / baseAbove[i]!;
        logTailRatios[i]![r] = ratio > 0 && Number.isFinite(ratio) ? Math.log(ratio) : Number.NaN;
      }
    }
  }
  return { logRatios, logBaseline, logCurrent, ...(logTailRatios ? { logTailRatios } : {}), blockSecBaseline, blockSecCurrent };
}

/** Mean and standard deviation of the finite entries. */
export function spreadOf(values: Float64Array): { mean: number; sd: number; finite: number } {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    n++;
    sum += value;
    sumSquares += value * value;
  }
  if (n < 2) return { mean: Number.NaN, sd: Number.NaN, finite: n };
  const mean = sum / n;
  return { mean, sd: Math.sqrt(Math.max(0, (sumSquares - n * mean * mean) / (n - 1))), finite: n };
}
