// Finds the steady window of a run (docs/statistics.md §1). Scripted ramp phases are always cut (leading ones
// from the start, trailing ones from the end); then the rule: `auto` runs MSER-5 on the per-second log
// median latency and clamps its cut to [ramp + 10 s, ramp + 50 % of what remains], `fixed` cuts a set
// time from the start, `phase` cuts through the end of a named phase. The same rule runs on baseline and
// current. MSER-5: White (1997); Hoad, Robinson & Davies (2010); where it fails: Wang & Glynn (2016).
// Here MSER-5 takes the earliest near-minimum of g rather than its argmin (see mser5).

import type { TrimRule } from '../config/types.js';
import type { RunPlan } from '../results/types.js';
import { planEndSec } from '../results/plan-end.js';
import type { TrimWindow } from './types.js';
import { quantileUs, sumCounts, type BucketCounts } from './bucket-counts.js';
import { RULES } from './defaults.js';

export interface MserResult {
  /** Seconds after the window start that MSER-5 would cut (unclamped), or undefined with too few points. */
  readonly cutSec: number | undefined;
  /** Where the plain argmin of g(d) over the first half lies; `cutSec` is at or before it. */
  readonly minimumCutSec: number | undefined;
  /** Where the minimum of g(d) lies when d may go past half the series; past halfway means "never settled". */
  readonly unrestrictedCutSec: number | undefined;
  readonly batches: number;
}

export interface MserOptions {
  /** c in the relative tolerance c·sqrt(2/ν) on g (see mser5). Default RULES.mserFlatness. */
  readonly flatness?: number;
}

/**
 * MSER-5 over per-second latency counts of the window. Seconds with fewer than 20 samples are merged with
 * the following ones into one point, so a quiet second's median does not dominate a batch.
 *
 * The cut is the earliest batch d whose g(d) lies within a relative tolerance of the minimum over the first
 * half, not the argmin itself. On a settled series g(d) ≈ s²/(k − d) is flat up to sampling noise, and its
 * argmin falls wherever the tail's sample variance happens to dip (often late: the tail has few degrees of
 * freedom), so plain MSER-5 over-truncates stationary runs. A real warm-up makes g fall steeply (each warm
 * batch adds a squared offset of several batch standard deviations) until the warm-up ends, so a near-minimum
 * is not reached before then. "Near" is c relative standard errors of a variance estimate (chi-square:
 * sqrt(2/ν)); c = 1 meets both trim targets of docs/statistics.md §7 (bench/stats-simulations.mjs), where the
 * plain argmin (c = 0) meets neither.
 */
export function mser5(latencyPerSecond: readonly BucketCounts[], options: MserOptions = {}): MserResult {
  const pointStartSec: number[] = [];
  const pointValue: number[] = [];
  let group: BucketCounts[] = [];
  let groupSamples = 0;
  let groupStart = 0;
  latencyPerSecond.forEach((counts, second) => {
    if (group.length === 0) groupStart = second;
    group.push(counts);
    groupSamples += counts.total;
    if (groupSamples >= RULES.mserMinSamplesPerPoint) {
      pointStartSec.push(groupStart);
      pointValue.push(Math.log(quantileUs(sumCounts(group), 0.5)));
      group = [];
      groupSamples = 0;
    }
  });
  const size = RULES.mserBatchSize;
  const k = Math.floor(pointValue.length / size);
  if (k < 2) return { cutSec: undefined, minimumCutSec: undefined, unrestrictedCutSec: undefined, batches: k };
  // Batch means are centred on their overall mean first, so the suffix-sum form of g(d) does not lose the
  // small variances of a settled run to cancellation.
  const batchMean = new Float64Array(k);
  let grand = 0;
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (let i = 0; i < size; i++) sum += pointValue[j * size + i]!;
    batchMean[j] = sum / size;
    grand += sum / size;
  }
  grand /= k;
  for (let j = 0; j < k; j++) batchMean[j]! -= grand;
  // g(d) = Σ_{j>d} (y_j − ȳ_d)² / (k − d)², from suffix sums of y and y²: O(k).
  const suffix1 = new Float64Array(k + 1);
  const suffix2 = new Float64Array(k + 1);
  for (let j = k - 1; j >= 0; j--) {
    suffix1[j] = suffix1[j + 1]! + batchMean[j]!;
    suffix2[j] = suffix2[j + 1]! + batchMean[j]! * batchMean[j]!;
  }
  const g = (d: number): number => {
    const n = k - d;
    return Math.max(0, suffix2[d]! - (suffix1[d]! * suffix1[d]!) / n) / (n * n);
  };
  // Ties (a settled, noiseless tail gives g = 0 for every d past the warm-up) go to the smallest cut.
  const tieTolerance = 1e-12 * (g(0) + Number.MIN_VALUE);
  const half = Math.floor(k / 2);
  let argmin = 0;
  for (let d = 1; d <= half; d++) if (g(d) < g(argmin) - tieTolerance) argmin = d;
  // "Never settled": the restricted minimum sits on its limit (g still falling at halfway); then look
  // on to k − 2 for where the unrestricted minimum lies. Searching past halfway unconditionally would
  // fire on stationary runs, where g(d) of the last few batches dips by chance (too few degrees of freedom).
  let unrestricted = argmin;
  if (argmin === half) for (let d = argmin + 1; d <= k - 2; d++) if (g(d) < g(unrestricted) - tieTolerance) unrestricted = d;
  // The tolerance is c relative standard errors of a variance estimate, sqrt(2/ν), with ν = k − ⌊k/2⌋ − 1
  // the degrees of freedom of the shortest tail searched: g's chance wobble shrinks as the run grows, so a
  // long run's tolerance is tight enough that a last warm batch (a small share of a long tail) is not
  // waved through. A run that never settled keeps the plain minimum: its g is not flat anywhere.
  let best = argmin;
  if (unrestricted <= half) {
    const flatTolerance = (options.flatness ?? RULES.mserFlatness) * Math.sqrt(2 / Math.max(1, k - half - 1));
    const acceptable = g(argmin) * (1 + flatTolerance) + tieTolerance;
    best = 0;
    while (best < argmin && g(best) > acceptable) best++;
  }
  return {
    cutSec: pointStartSec[best * size]!,
    minimumCutSec: pointStartSec[argmin * size]!,
    unrestrictedCutSec: pointStartSec[unrestricted * size]!,
    batches: k,
  };
}

/**
 * Leading ramp phases end at rampSec; trailing ramp phases start at steadyEndSec, which is never past the
 * plan's end (planEndSec): the drain the recorder keeps after the plan is no steady state.
 */
export function rampBounds(plan: RunPlan, recordedSec: number): { rampSec: number; steadyEndSec: number } {
  const seconds = planEndSec({ plan, seconds: recordedSec });
  let rampSec = 0;
  for (const phase of plan.phases) {
    if (!phase.isRamp) break;
    rampSec = phase.startSec + phase.durationSec;
  }
  let steadyEndSec = seconds;
  const hasSteadyPhase = plan.phases.some((phase) => !phase.isRamp);
  if (hasSteadyPhase) {
    for (let i = plan.phases.length - 1; i >= 0; i--) {
      const phase = plan.phases[i]!;
      if (!phase.isRamp) break;
      steadyEndSec = Math.min(steadyEndSec, phase.startSec);
    }
  }
  rampSec = Math.min(rampSec, seconds);
  return { rampSec, steadyEndSec: Math.max(rampSec, Math.min(steadyEndSec, seconds)) };
}

export function trimWarmup(input: { plan: RunPlan; seconds: number; latencyPerSecond: readonly BucketCounts[]; rule: TrimRule }): TrimWindow {
  const { plan, seconds, latencyPerSecond, rule } = input;
  const { rampSec, steadyEndSec: endSec } = rampBounds(plan, seconds);
  const rampWords = rampSec > 0 ? `ramp ${rampSec} s` : 'no ramp';
  const warnings: string[] = [];
  const window = (startSec: number, kind: TrimWindow['rule'], reason: string): TrimWindow => {
    const start = Math.min(Math.max(startSec, rampSec), endSec);
    if (endSec - start <= 0) warnings.push('the steady window is empty: nothing is left after the ramp and the cut');
    return { startSec: start, endSec, rampSec, extraCutSec: start - rampSec, rule: kind, reason, warnings };
  };
  if (rule.kind === 'fixed') {
    const cutSec = Math.ceil(rule.cutMs / 1000);
    return window(cutSec, 'fixed', `${rampWords}; fixed cut at ${cutSec} s`);
  }
  if (rule.kind === 'phase') {
    const phase = plan.phases.find((candidate) => candidate.name === rule.phase);
    if (phase) return window(phase.startSec + phase.durationSec, 'phase', `${rampWords}; cut through phase "${rule.phase}"`);
    warnings.push(`phase "${rule.phase}" is not in this run's plan; MSER-5 decided instead`);
  }
  const available = endSec - rampSec;
  const maxCut = rampSec + Math.floor(available * RULES.maxCutFraction);
  let minCut = rampSec + RULES.minCutAfterRampSec;
  if (minCut > maxCut) {
    warnings.push(`the run is too short for the ${RULES.minCutAfterRampSec} s minimum cut; cut ${maxCut - rampSec} s (half the steady time)`);
    minCut = maxCut;
  }
  const mser = mser5(latencyPerSecond.slice(rampSec, endSec));
  if (mser.cutSec === undefined) {
    return window(minCut, 'auto', `${rampWords}; too few samples for MSER-5, cut the minimum ${minCut - rampSec} s`);
  }
  const proposed = rampSec + mser.cutSec;
  if (mser.unrestrictedCutSec !== undefined && mser.unrestrictedCutSec >= available / 2) {
    warnings.push('latency kept drifting through the second half of the run: it may never have settled');
  }
  if (proposed > maxCut) warnings.push(`MSER-5 wanted to cut ${mser.cutSec} s; cut limited to half the steady time`);
  const start = Math.min(Math.max(proposed, minCut), maxCut);
  const reason =
    proposed <= minCut
      ? `${rampWords}; MSER-5 cut nothing beyond the ${minCut - rampSec} s minimum`
      : `${rampWords}; MSER-5 cut ${start - rampSec} s more`;
  return window(start, 'auto', reason);
}
