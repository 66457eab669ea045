// Moving-block bootstrap of percentile ratios on per-second histograms (docs/statistics.md §3). A resample
// draws ceil(T/L) start seconds, takes L consecutive seconds from each (wrapping at the end of the
// window) and adds them; blocks keep the within-second and second-to-second correlation that an iid
// bootstrap of requests would ignore. L = max(5 s, ceil(T^(1/3))) (Künsch 1989; Hall, Horowitz & Jing
// 1995 for the T^(1/3) rate). Speed: both runs' seconds are mapped once onto a compact grid of the
// buckets that occur, so a resample is a sum of short count vectors and one scan for all ranks.

import { bucketHighUs, gridSize, rankForQuantile, type BucketCounts } from './bucket-counts.js';
import { RULES } from './defaults.js';
import type { Rng } from './rng.js';

export function blockLengthSec(windowSec: number): number {
  return Math.max(RULES.minBlockSec, Math.ceil(Math.cbrt(windowSec)));
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
  readonly blockSecBaseline: number;
  readonly blockSecCurrent: number;
}

/** Fills `values[i]` with the value (µs) at each quantile's rank of one resample of `run`. */
function resampleQuantiles(run: CompactRun, blockSec: number, order: readonly number[], quantiles: readonly number[], highs: Float64Array, scratch: Float64Array, rng: Rng, values: Float64Array): void {
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
    return;
  }
  let next = 0;
  let rank = rankForQuantile(quantiles[order[0]!]!, total);
  let cumulative = 0;
  for (let g = 0; g < scratch.length && next < order.length; g++) {
    cumulative += scratch[g]!;
    while (next < order.length && cumulative >= rank) {
      values[order[next]!] = highs[g]!;
      next++;
      if (next < order.length) rank = rankForQuantile(quantiles[order[next]!]!, total);
    }
  }
}

export function bootstrapRatios(input: {
  baseline: readonly BucketCounts[];
  current: readonly BucketCounts[];
  quantiles: readonly number[];
  resamples: number;
  rng: Rng;
}): BootstrapResult {
  const { baseline, current, quantiles, resamples, rng } = input;
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
  const logRatios = quantiles.map(() => new Float64Array(resamples));
  const scratch = new Float64Array(highs.length);
  const baseValues = new Float64Array(quantiles.length);
  const currValues = new Float64Array(quantiles.length);
  const empty = baseline.length === 0 || current.length === 0;
  for (let r = 0; r < resamples; r++) {
    if (empty) {
      for (const ratios of logRatios) ratios[r] = Number.NaN;
      continue;
    }
    resampleQuantiles(base, blockSecBaseline, order, quantiles, highs, scratch, rng, baseValues);
    resampleQuantiles(curr, blockSecCurrent, order, quantiles, highs, scratch, rng, currValues);
    for (let i = 0; i < quantiles.length; i++) logRatios[i]![r] = Math.log(currValues[i]! / baseValues[i]!);
  }
  return { logRatios, blockSecBaseline, blockSecCurrent };
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
