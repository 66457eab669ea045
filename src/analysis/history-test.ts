// The history test (docs/statistics.md §4): with N ≥ 5 past main runs, runs further than 5 robust
// standard deviations (1.4826 · MAD) from the median of ln q are set aside as outliers; over the n runs
// left, m = mean(ln q_i), s = sd(ln q_i), t = (ln q_PR − m) / (s · sqrt(1 + 1/n)); `fail` when
// t > t_{0.99, n−1} and q_PR / e^m − 1 > δ. That is the classical prediction interval for one more run,
// exact under normal between-run noise. The MAD in place of s would be a third as efficient (about 3
// degrees of freedom from 10 runs instead of 9) and t_{N−1} does not describe it: it misses more real
// regressions and raises more false alarms at once (bench/stats-simulations.mjs: +20 % p95 power
// 94.8 % → 96.7 %, A/A 0.8 % → 0.3 %). The Hampel step keeps the MAD's one virtue, that a wild run in
// History cannot widen s. Between-run noise is what this test sees and one-run tests cannot. Across
// the rows of one comparison the level is corrected for multiplicity (atFamilyLevel; Hommel, compare.ts).

import type { PercentileName } from '../config/types.js';
import type { HistoryEntry, PercentileSummary } from '../results/types.js';
import type { HistoryTest } from './types.js';
import { RULES } from './defaults.js';
import { studentTCdf, studentTQuantile } from './distributions.js';
import { hampelInliers, mean, sampleStandardDeviation } from './robust.js';

const SUMMARY_FIELD: Readonly<Partial<Record<PercentileName, keyof PercentileSummary>>> = {
  p50: 'p50Ms',
  p90: 'p90Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
};

/**
 * The spread floor: an HDR bucket is 0.1 % wide, so identical runs can give s = 0 (and MAD = 0); without
 * a floor any change at all would be infinitely significant.
 */
const MIN_LOG_SPREAD = 0.001;

/** Positive values of one metric for one endpoint (`all` = the total), oldest first; NaN where absent. */
export function historySeries(entries: readonly HistoryEntry[], endpoint: string, metric: PercentileName): number[] {
  const field = SUMMARY_FIELD[metric];
  if (field === undefined) return entries.map(() => Number.NaN);
  return entries.map((entry) => {
    const summary = endpoint === 'all' ? entry.total : entry.endpoints[endpoint];
    const value = summary?.[field];
    return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : Number.NaN;
  });
}

export interface HistoryTestResult extends HistoryTest {
  /** Between-run standard deviation of ln q over the runs kept (≈ relative standard deviation). */
  readonly logSpread: number;
  /** s · sqrt(1 + 1/n): the standard error of a new run's ln q around the centre. */
  readonly scale: number;
}

/** Runs the test on the values given (already windowed); undefined with fewer than 5 usable runs. */
export function historyTest(valuesMs: readonly number[], currentMs: number, tolerance: number): HistoryTestResult | undefined {
  const logs = valuesMs.filter((value) => value > 0 && Number.isFinite(value)).map(Math.log);
  if (logs.length < RULES.minHistoryRuns || !(currentMs > 0)) return undefined;
  const kept = hampelInliers(logs, RULES.historyOutlierLimit, MIN_LOG_SPREAD);
  const runs = kept.length;
  if (runs < RULES.minHistoryRuns) return undefined;
  const centre = mean(kept);
  const logSpread = Math.max(sampleStandardDeviation(kept), MIN_LOG_SPREAD);
  const scale = logSpread * Math.sqrt(1 + 1 / runs);
  const t = (Math.log(currentMs) - centre) / scale;
  const threshold = studentTQuantile(RULES.historyQuantile, runs - 1);
  const centreMs = Math.exp(centre);
  const outcome = t > threshold && currentMs / centreMs - 1 > tolerance ? 'fail' : 'pass';
  return { runs, outlierRuns: logs.length - runs, centreMs, t, threshold, outcome, logSpread, scale };
}

/** One-sided p-value of t under Student's t with N − 1 degrees of freedom. */
export function historyPValue(result: HistoryTestResult): number {
  return 1 - studentTCdf(result.t, result.runs - 1);
}

/**
 * The same test decided at a family-corrected level instead of 1 − historyQuantile: `rejected` is the
 * multiple-testing decision for this row, the threshold shown is t_{1 − level, N − 1}, and the size rule
 * still applies.
 */
export function atFamilyLevel(result: HistoryTestResult, currentMs: number, tolerance: number, decision: { rejected: boolean; level: number }): HistoryTestResult {
  const threshold = studentTQuantile(1 - decision.level, result.runs - 1);
  const outcome = decision.rejected && currentMs / result.centreMs - 1 > tolerance ? 'fail' : 'pass';
  return { ...result, threshold, outcome };
}
