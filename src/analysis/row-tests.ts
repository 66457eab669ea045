// The bootstrap's two tests of one comparison row (docs/statistics.md §3), from the resamples of
// bootstrap.ts.
// - The quantile ratio: ln R = ln q_p(current) − ln q_p(baseline) against ln(1 + δ). It tests
//   H0: q_p(current) ≤ (1 + δ)·q_p(baseline).
// - The tail test, for percentiles above the median: ln(share of current above (1 + δ)·q_p(baseline)·s /
//   share of baseline above q_p(baseline)) against 0, with s = m(current) / m(baseline) the shift of the
//   median. It asks whether more requests are slow than on main once the body's own shift is allowed for:
//   H0: the tail of the current run is no heavier, relative to its body, than main's stretched by 1 + δ.
//   Between-run noise (a slower machine) scales the whole distribution, so s takes it out of this test,
//   which the quantile ratio cannot do with one baseline run; a shift of everything is the quantile
//   ratio's to find. Where the slow requests form a separate mode, q_p sits in the gap between modes and
//   jumps between them from resample to resample, so the ratio's interval is wide while the share of
//   requests past a line moves smoothly.
// The row's p-value is Bonferroni over both (the quantile ratio alone at the median). A fail also needs
// the quantile ratio's point estimate above 1 + δ (compare.ts): the change shown is above the tolerance.
// Standard errors are the resamples' standard deviations inflated for the finite window
// (varianceInflation in bootstrap.ts).

import type { BootstrapResult } from './bootstrap.js';
import type { TailTest } from './types.js';
import { BODY_QUANTILE, spreadOf } from './bootstrap.js';
import { quantileUs, shareAboveUs, type BucketCounts } from './bucket-counts.js';
import { normalCdf } from './distributions.js';

export interface RowTests {
  /** Inflated bootstrap standard error of ln R. */
  readonly standardError: number;
  readonly quantilePValue: number;
  /** Absent at the median and below, where the body is the row itself. */
  readonly tail?: TailTest;
  /** Bonferroni over the tests' one-sided p-values. */
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
  if (quantile <= BODY_QUANTILE) return { standardError, pValue: quantilePValue, quantilePValue };
  const baselineValueUs = quantileUs(baselineCounts, quantile);
  const bodyShift = quantileUs(currentCounts, BODY_QUANTILE) / quantileUs(baselineCounts, BODY_QUANTILE);
  const baselineShare = shareAboveUs(baselineCounts, baselineValueUs);
  const currentShare = shareAboveUs(currentCounts, baselineValueUs * (1 + tolerance) * bodyShift);
  const tailLogRatio = Math.log(currentShare / baselineShare);
  // The tail statistic mixes both runs in one number (its line comes from both), so its variance takes
  // the larger of the two inflations.
  const tailSpread = boot.logTailRatios ? spreadOf(boot.logTailRatios[index]!) : { sd: Number.NaN };
  const tailStandardError = tailSpread.sd * Math.sqrt(Math.max(inflationBaseline, inflationCurrent));
  const tailPValue = currentShare === 0 ? 1 : upperPValue(tailLogRatio, tailStandardError);
  return {
    standardError,
    quantilePValue,
    tail: { baselineShare, currentShare, bodyShift, logRatio: tailLogRatio, standardError: tailStandardError, pValue: tailPValue },
    pValue: bonferroni([quantilePValue, tailPValue]),
  };
}
