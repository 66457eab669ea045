// The bootstrap's two tests of one comparison row (docs/statistics.md §3), from the resamples of
// bootstrap.ts. Both test the same hypothesis, H0: q_p(current) ≤ (1 + δ)·q_p(baseline), which holds
// exactly when at most a share 1 − p of the current run lies above (1 + δ)·q_p(baseline):
// - the quantile ratio: ln R = ln q_p(current) − ln q_p(baseline) against ln(1 + δ);
// - the tail test: ln(share of current above (1 + δ)·q_p(baseline) / share of baseline above q_p(baseline))
//   against 0. Where the slow requests form a separate mode, q_p sits in the gap between modes and jumps
//   between them from resample to resample, so the ratio's interval is wide; the share of requests past a
//   fixed line moves smoothly, and it is the question asked: are more requests slow than on main?
// Asymptotically the two are the same test (Bahadur: q̂ ≈ q + (p − F̂(q)) / f(q)); they differ in
// finite samples. The row's p-value is Bonferroni over both. Standard errors are the resamples' standard
// deviations inflated for the finite window (varianceInflation in bootstrap.ts).

import type { BootstrapResult } from './bootstrap.js';
import { spreadOf } from './bootstrap.js';
import { quantileUs, shareAboveUs, type BucketCounts } from './bucket-counts.js';
import { normalCdf } from './distributions.js';

export interface TailTest {
  /** Share of the baseline above its own q_p, and of this run above (1 + δ)·q_p(baseline). */
  readonly baselineShare: number;
  readonly currentShare: number;
  readonly logRatio: number;
  readonly standardError: number;
  readonly pValue: number;
  /** The quantile-ratio test's p-value, kept beside the tail test's for the Verdict. */
  readonly quantilePValue: number;
}

export interface RowTests {
  /** Inflated bootstrap standard error of ln R. */
  readonly standardError: number;
  readonly tail: TailTest;
  /** Bonferroni over the two tests' one-sided p-values. */
  readonly pValue: number;
}

/** One-sided p-value of "the statistic is ≤ 0" from its estimate and standard error. */
export function upperPValue(excess: number, standardError: number): number {
  if (!Number.isFinite(excess)) return Number.NaN;
  if (!(standardError > 0)) return excess > 0 ? 0 : 1;
  return 1 - normalCdf(excess / standardError);
}

/** Bonferroni over the finite p-values given: valid whatever their dependence. */
export function bonferroni(pValues: readonly number[]): number {
  const finite = pValues.filter((p) => Number.isFinite(p));
  if (finite.length === 0) return Number.NaN;
  return Math.min(1, finite.length * Math.min(...finite));
}

export function rowTests(input: {
  readonly boot: BootstrapResult;
  /** Which quantile of the bootstrap this row is. */
  readonly index: number;
  readonly quantile: number;
  readonly baselineCounts: BucketCounts;
  readonly currentCounts: BucketCounts;
  /** Observed ln R. */
  readonly logRatio: number;
  /** δ with the floor applied: the tail statistic's resamples were drawn with 1 + tolerance. */
  readonly tolerance: number;
  readonly inflationBaseline: number;
  readonly inflationCurrent: number;
}): RowTests {
  const { boot, index, quantile, baselineCounts, currentCounts, logRatio, tolerance, inflationBaseline, inflationCurrent } = input;
  const baselineSpread = spreadOf(boot.logBaseline[index]!);
  const currentSpread = spreadOf(boot.logCurrent[index]!);
  // The two runs are resampled independently: the variance of ln R* is the sum of theirs, each inflated for its own window.
  const standardError = Math.sqrt(inflationBaseline * baselineSpread.sd ** 2 + inflationCurrent * currentSpread.sd ** 2);
  const quantilePValue = upperPValue(logRatio - Math.log(1 + tolerance), standardError);
  const baselineValueUs = quantileUs(baselineCounts, quantile);
  const baselineShare = shareAboveUs(baselineCounts, baselineValueUs);
  const currentShare = shareAboveUs(currentCounts, baselineValueUs * (1 + tolerance));
  const tailLogRatio = Math.log(currentShare / baselineShare);
  // The tail statistic mixes both runs in one number (its line comes from the baseline), so its variance
  // takes the larger of the two inflations.
  const tailSpread = boot.logTailRatios ? spreadOf(boot.logTailRatios[index]!) : { sd: Number.NaN };
  const tailStandardError = tailSpread.sd * Math.sqrt(Math.max(inflationBaseline, inflationCurrent));
  const tailPValue = currentShare === 0 ? 1 : upperPValue(tailLogRatio, tailStandardError);
  return {
    standardError,
    tail: { baselineShare, currentShare, logRatio: tailLogRatio, standardError: tailStandardError, pValue: tailPValue, quantilePValue },
    pValue: bonferroni([quantilePValue, tailPValue]),
  };
}
