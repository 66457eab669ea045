// The analysis defaults used when no perf.yml is given (`perf-action compare` without -c) and the fixed
// thresholds of docs/statistics.md that are not user settings. One place, so the CLI, the action and the
// simulations in bench/ agree.

import { DEFAULT_COMPARE, type CompareConfig, type SloSpec, type TrimRule } from '../config/types.js';

export interface AnalysisSettings {
  readonly trim: TrimRule;
  readonly slo: readonly SloSpec[];
  readonly compare: CompareConfig;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = Object.freeze({
  trim: Object.freeze({ kind: 'auto' as const }),
  slo: Object.freeze([]) as readonly SloSpec[],
  compare: DEFAULT_COMPARE,
});

/** Fixed rules from docs/statistics.md (not user settings). */
export const RULES = Object.freeze({
  /** §1: MSER-5 never cuts more than this fraction of the post-ramp window. */
  maxCutFraction: 0.5,
  /** §1: seconds with fewer samples are merged with their neighbours before MSER. */
  mserMinSamplesPerPoint: 20,
  mserBatchSize: 5,
  /** §1: MSER-5 cuts at the earliest batch whose g(d) is within this many relative standard errors of the minimum (trim.ts). */
  mserFlatness: 1,
  /** §1: MSER-5's cut stands only when the batches cut lie above the rest at this one-sided t level (trim.ts). */
  mserGuardQuantile: 0.99,
  /** §2: a percentile shown without the "imprecise" mark needs this many samples beyond it, and a rank interval within ± this fraction. */
  minSamplesBeyond: 100,
  /** §3: a comparison row needs this many samples beyond its percentile in each run (bench/stats-simulations.mjs: the floor calibration). */
  minSamplesBeyondToCompare: 5,
  maxRelativeHalfWidth: 0.05,
  /** Two-sided 95 % for percentile rank intervals and Wilson intervals (§2, §5). */
  intervalZ: 1.959963984540054,
  /** §3: block length in seconds is max(this, ceil(T^(1/3))). */
  minBlockSec: 5,
  /** §4: the history test needs this many runs, and its one-sided level. */
  minHistoryRuns: 5,
  historyQuantile: 0.99,
  /** §4: History runs further than this many robust standard deviations from the median are outliers. */
  historyOutlierLimit: 5,
  /** §4: E-Divisive permutation test. */
  changePointPValue: 0.001,
  changePointPermutations: 999,
  changePointWindow: 50,
  changePointMinSegment: 3,
  /** §6 validity gates. */
  maxLagP99Ms: 5,
  maxMissedFraction: 0.001,
  minAchievedRateFraction: 0.98,
});
