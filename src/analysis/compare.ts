// Comparison rows, endpoint × percentile (docs/statistics.md §3–§4). Each row gets the one-baseline block
// bootstrap and, with N ≥ 5 runs of history, the history test. With one baseline only, the row fails when
// the bootstrap fails; with both, when the history test (Hommel-corrected across rows) fails and the
// bootstrap agrees (fails, or at least finds this run slower than the baseline: one-sided lower bound of
// the ratio above 1). The tolerance δ is per percentile, widened to twice the between-run spread that History
// shows when that is larger, and never below the absolute floor (floorMs / baseline). The bootstrap's
// p-value for "ratio ≤ 1 + δ" uses the normal approximation on ln R* (bootstrap standard error around the
// observed ln R): with Holm over 18+ rows the adjusted level falls below 1/B, past the last order statistic
// of B = 2000 resamples, where a percentile interval would be decided by a single resample.

import type { CompareConfig, PercentileName } from '../config/types.js';
import type { History } from '../results/types.js';
import type { BootstrapTest, ComparisonRow, HistoryTest, Outcome } from './types.js';
import { bootstrapRatios, spreadOf } from './bootstrap.js';
import { findHistoryChangePoints, historyKey, type HistoryChangePoints } from './change-points.js';
import { findSeries, windowLatency, type DecodedRun } from './decoded-run.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { atFamilyLevel, historyPValue, historySeries, historyTest, type HistoryTestResult } from './history-test.js';
import { hommel } from './hommel.js';
import { holm } from './holm.js';
import { estimatePercentile } from './percentiles.js';
import { defaultTolerance, percentileQuantile } from '../config/percentile-name.js';
import { createRng } from './rng.js';

export interface RunWindow {
  readonly run: DecodedRun;
  readonly startSec: number;
  readonly endSec: number;
}

export interface CompareInput {
  readonly current: RunWindow;
  /** Absent when there is no usable baseline; `baselineReason` then says why. */
  readonly baseline?: RunWindow;
  readonly baselineReason?: string;
  readonly history?: History;
  readonly compare: CompareConfig;
  /** Gates that make every row inconclusive (generator saturated, empty window). */
  readonly blockingReasons: readonly string[];
}

export interface CompareOutput {
  readonly rows: readonly ComparisonRow[];
  readonly changePoints: HistoryChangePoints;
  readonly blockSec: number;
  readonly holmRows: number;
}

interface Draft {
  endpoint: string;
  metric: PercentileName;
  baselineMs: number;
  currentMs: number;
  tolerance: number;
  widened: boolean;
  effectiveTolerance: number;
  logRatio: number;
  standardError: number;
  pValue: number;
  history?: HistoryTestResult;
  /** δ the history test's size rule used (never below the floor). */
  historyTolerance?: number;
  blocked?: string;
}

const pct = (fraction: number): string => `${Number((fraction * 100).toFixed(1))} %`;
const num = (value: number): string => Number(value.toFixed(3)).toString();

function toleranceFor(compare: CompareConfig, metric: PercentileName): number {
  return compare.tolerance[metric] ?? defaultTolerance(metric);
}

function historyPublic(result: HistoryTestResult): HistoryTest {
  return { runs: result.runs, outlierRuns: result.outlierRuns, centreMs: result.centreMs, t: result.t, threshold: result.threshold, outcome: result.outcome };
}

export function compareRuns(input: CompareInput): CompareOutput {
  const { current, baseline, compare, history } = input;
  const names = [...current.run.endpoints.map((series) => series.name), 'all'];
  const metrics = compare.percentiles;
  const entries = history?.entries.filter((entry) => entry.runId !== current.run.result.meta.runId) ?? [];
  const changePoints = findHistoryChangePoints(entries, names.flatMap((endpoint) => metrics.map((metric) => ({ endpoint, metric }))), compare.seed);
  const rng = createRng(compare.seed);
  const drafts: Draft[] = [];
  let blockSec = 0;
  for (const endpoint of names) {
    const currentSeries = findSeries(current.run, endpoint)!;
    const currentCounts = windowLatency(currentSeries, current.startSec, current.endSec);
    const baselineSeries = baseline ? findSeries(baseline.run, endpoint) : undefined;
    const baselineCounts = baselineSeries && baseline ? windowLatency(baselineSeries, baseline.startSec, baseline.endSec) : undefined;
    const quantiles = metrics.map((metric) => percentileQuantile(metric));
    const canBootstrap = input.blockingReasons.length === 0 && baselineSeries !== undefined && baseline !== undefined && currentCounts.total > 0 && (baselineCounts?.total ?? 0) > 0;
    const boot = canBootstrap
      ? bootstrapRatios({
          baseline: baselineSeries.latency.slice(baseline.startSec, baseline.endSec),
          current: currentSeries.latency.slice(current.startSec, current.endSec),
          quantiles,
          resamples: compare.resamples,
          rng,
        })
      : undefined;
    if (boot) blockSec = boot.blockSecCurrent;
    metrics.forEach((metric, i) => {
      const q = quantiles[i]!;
      const currentEstimate = estimatePercentile(currentCounts, q);
      const baselineEstimate = baselineCounts ? estimatePercentile(baselineCounts, q) : undefined;
      const tolerance = toleranceFor(compare, metric);
      const windowStart = changePoints.windowStart.get(historyKey(endpoint, metric)) ?? 0;
      const pastValues = historySeries(entries.slice(windowStart), endpoint, metric).slice(-compare.historyWindow);
      // Widening needs the spread, which needs the test's own run count: probe once with δ, then rerun.
      const probe = historyTest(pastValues, currentEstimate.valueMs, tolerance);
      const spreadTolerance = probe ? 2 * (Math.exp(probe.logSpread) - 1) : 0;
      const widened = spreadTolerance > tolerance;
      const rowTolerance = widened ? spreadTolerance : tolerance;
      const baselineMs = baselineEstimate?.valueMs ?? probe?.centreMs ?? Number.NaN;
      const effectiveTolerance = Math.max(rowTolerance, baselineMs > 0 ? compare.floorMs / baselineMs : 0);
      const historyTolerance = probe ? Math.max(rowTolerance, compare.floorMs / probe.centreMs) : Number.NaN;
      const historyResult = probe ? historyTest(pastValues, currentEstimate.valueMs, historyTolerance) : undefined;
      const spread = boot ? spreadOf(boot.logRatios[i]!) : undefined;
      const logRatio = Math.log(currentEstimate.valueMs / baselineMs);
      const standardError = spread?.sd ?? Number.NaN;
      const threshold = Math.log(1 + effectiveTolerance);
      const pValue = !boot || !Number.isFinite(logRatio) ? Number.NaN : standardError > 0 ? 1 - normalCdf((logRatio - threshold) / standardError) : logRatio > threshold ? 0 : 1;
      let blocked: string | undefined;
      if (input.blockingReasons.length > 0) blocked = input.blockingReasons.join('; ');
      else if (!boot && !historyResult) blocked = baseline && !baselineSeries ? `endpoint "${endpoint}" is not in the baseline` : (input.baselineReason ?? 'no baseline');
      else if (!currentEstimate.enoughSamples) blocked = `too few samples for ${metric} in this run (${currentCounts.total} requests)`;
      else if (boot && baselineEstimate && !baselineEstimate.enoughSamples) blocked = `too few samples for ${metric} in the baseline (${baselineCounts?.total ?? 0} requests)`;
      drafts.push({
        endpoint,
        metric,
        baselineMs,
        currentMs: currentEstimate.valueMs,
        tolerance: rowTolerance,
        widened,
        effectiveTolerance,
        logRatio,
        standardError,
        pValue: blocked === undefined ? pValue : Number.NaN,
        ...(historyResult ? { history: historyResult, historyTolerance } : {}),
        ...(blocked === undefined ? {} : { blocked }),
      });
    });
  }
  const tested = drafts.map((draft, index) => ({ draft, index })).filter(({ draft }) => Number.isFinite(draft.pValue));
  const decisions = holm(tested.map(({ draft }) => draft.pValue), compare.alpha);
  const decisionOf = new Map(tested.map(({ index }, k) => [index, decisions[k]!]));
  // The history test carries the significance where History exists (see finishRow), so it carries the
  // multiplicity too, across the rows it decides. At t_{0.99, N−1} per row, p50 rows (δ 5 % against
  // 3 % between-run noise, and a MAD from 10 runs that often reads it low) let A/A with history reach
  // 1.5 % of runs (target ≤ 1 %, docs/statistics.md §7). These rows share the current run's between-run noise,
  // so their statistics are positively dependent: Hommel's closed Simes test keeps the family-wise level
  // there and loses less than Holm (hommel.ts).
  const withHistory = drafts.map((draft, index) => ({ draft, index })).filter(({ draft }) => draft.history !== undefined && draft.blocked === undefined);
  const historyDecisions = hommel(withHistory.map(({ draft }) => historyPValue(draft.history!)), compare.alpha);
  withHistory.forEach(({ draft }, k) => {
    draft.history = atFamilyLevel(draft.history!, draft.currentMs, draft.historyTolerance!, historyDecisions[k]!);
  });
  const rows = drafts.map((draft, index) => finishRow(draft, decisionOf.get(index), compare));
  return { rows, changePoints, blockSec, holmRows: tested.length };
}

function finishRow(draft: Draft, decision: { rejected: boolean; level: number } | undefined, compare: CompareConfig): ComparisonRow {
  const ratio = Math.exp(draft.logRatio);
  const limit = 1 + draft.effectiveTolerance;
  const historyPart = draft.history
    ? `history: t ${num(draft.history.t)} vs ${num(draft.history.threshold)} over ${draft.history.runs} runs${draft.history.outlierRuns > 0 ? ` (${draft.history.outlierRuns} outlier ${draft.history.outlierRuns === 1 ? 'run' : 'runs'} set aside)` : ''}, geometric mean ${num(draft.history.centreMs)} ms → ${draft.history.outcome}`
    : undefined;
  let ratioLow = Number.NaN;
  let ratioHigh = Number.NaN;
  let bootOutcome: Outcome | undefined;
  let suspicious = false;
  let bootAgrees = false;
  let bootPart: string | undefined;
  let bootstrapTest: BootstrapTest | undefined;
  if (decision) {
    const z = normalQuantile(1 - decision.level);
    ratioLow = Math.exp(draft.logRatio - z * draft.standardError);
    ratioHigh = Math.exp(draft.logRatio + z * draft.standardError);
    bootOutcome = decision.rejected ? 'fail' : ratioHigh < limit ? 'pass' : 'inconclusive';
    const zOneSided = normalQuantile(1 - compare.alpha);
    const lowerOneSided = Math.exp(draft.logRatio - zOneSided * draft.standardError);
    suspicious = ratio > limit && lowerOneSided > 1;
    bootAgrees = bootOutcome === 'fail' || lowerOneSided > 1;
    bootstrapTest = { outcome: bootOutcome, pValue: draft.pValue, holmLevel: decision.level, standardError: draft.standardError };
    bootPart = `bootstrap: ratio ${num(ratio)} (${num(ratioLow)} … ${num(ratioHigh)} at Holm level ${num(decision.level)}) vs limit ${num(limit)} → ${bootOutcome}${bootOutcome !== 'fail' && bootAgrees ? ' (agrees: slower than the baseline, one-sided lower bound above 1)' : ''}`;
  } else if (draft.history && !draft.blocked) {
    ratioLow = Math.exp(draft.logRatio - draft.history.threshold * draft.history.scale);
    ratioHigh = Math.exp(draft.logRatio + draft.history.threshold * draft.history.scale);
  }
  const historyOutcome = draft.blocked ? undefined : draft.history?.outcome;
  let outcome: Outcome;
  let reason: string | undefined;
  if (draft.blocked) {
    outcome = 'inconclusive';
    reason = draft.blocked;
  } else if (bootOutcome && historyOutcome) {
    // With History the history test carries significance and size: it measures the between-run noise
    // that governs false alarms (docs/statistics.md §3, §4), which one baseline run cannot see, so asking the
    // bootstrap for a lower bound above 1 + δ as well would demand that a one-run-pair test clear a margin
    // sized for noise it does not model. Nor is the size of the change better judged against one baseline
    // run than against the mean of n: the baseline carries its own between-run noise (3 % in the
    // simulations), and "ratio above 1 + δ" against it cost one run in a hundred of the +20 % detections.
    // The bootstrap need only agree on the direction: the one-sided (1 − α) lower bound of the ratio is
    // above 1, this run is slower than the baseline beyond its own sampling noise. The history test is
    // Hommel-corrected across rows (compareRuns).
    if (historyOutcome === 'fail' && bootAgrees) outcome = 'fail';
    else if (bootOutcome === 'fail' || historyOutcome === 'fail') {
      outcome = 'inconclusive';
      suspicious = true;
      reason = 'the bootstrap and the history test disagree';
    } else if (bootOutcome === 'pass' || historyOutcome === 'pass') outcome = 'pass';
    else outcome = 'inconclusive';
  } else if (bootOutcome) {
    outcome = bootOutcome;
  } else if (historyOutcome === 'fail') {
    // A missing baseline is inconclusive by design (docs/statistics.md §4): a history-only failure is shown as suspicious, never a fail.
    outcome = 'inconclusive';
    suspicious = true;
    reason = 'no baseline run to confirm what the history test finds';
  } else {
    outcome = historyOutcome ?? 'inconclusive';
  }
  if (outcome === 'inconclusive' && reason === undefined) {
    reason = `the interval ${num(ratioLow)} … ${num(ratioHigh)} includes the ${pct(draft.effectiveTolerance)} tolerance`;
  }
  const improvement = outcome !== 'fail' && ratioHigh < 1 - Math.min(draft.effectiveTolerance, 0.5);
  const rule = [
    `δ ${pct(draft.tolerance)}${draft.widened ? ' (widened to 2× the spread in History)' : ''}, floor ${compare.floorMs} ms`,
    bootPart,
    historyPart,
  ]
    .filter((part) => part !== undefined)
    .join('; ');
  return {
    endpoint: draft.endpoint,
    metric: draft.metric,
    baselineMs: draft.baselineMs,
    currentMs: draft.currentMs,
    ratio,
    ratioLow,
    ratioHigh,
    tolerance: draft.tolerance,
    floorMs: compare.floorMs,
    outcome,
    suspicious: suspicious && outcome !== 'fail',
    improvement,
    rule,
    ...(reason === undefined ? {} : { reason }),
    ...(draft.history ? { history: historyPublic(draft.history) } : {}),
    ...(bootstrapTest ? { bootstrap: bootstrapTest } : {}),
  };
}
