// Comparison rows, endpoint × percentile (docs/statistics.md §3–§4). Each row gets the one-baseline block
// bootstrap (the quantile ratio and the tail test, row-tests.ts) and, with N ≥ 5 runs of history, the
// history test. A row is tested when each run has RULES.minSamplesBeyondToCompare samples beyond its
// percentile; the absolute percentile's precision (§2) only marks the value shown. With one baseline only,
// the row fails when the bootstrap fails; with both, when the history test (Hommel-corrected across rows) fails and the
// bootstrap agrees (fails, or at least finds this run slower than the baseline: one-sided lower bound of
// the ratio above 1). The tolerance δ is per percentile, widened to twice the between-run spread that History
// shows when that is larger, and never below the absolute floor (floorMs / baseline). The bootstrap's
// p-value for "ratio ≤ 1 + δ" uses the normal approximation on ln R* (bootstrap standard error around the
// observed ln R): with a multiplicity correction over 18+ rows the adjusted level falls below 1/B, past the
// last order statistic of B = 2000 resamples, where a percentile interval would be decided by a single resample.

import type { CompareConfig, PercentileName } from '../config/types.js';
import type { History } from '../results/types.js';
import type { BootstrapTest, ComparisonRow, HistoryTest, Outcome, TailTest } from './types.js';
import { bootstrapRatios, varianceInflation } from './bootstrap.js';
import { findHistoryChangePoints, historyKey, type HistoryChangePoints } from './change-points.js';
import { findSeries, windowLatency, type DecodedRun } from './decoded-run.js';
import { RULES } from './defaults.js';
import { normalQuantile } from './distributions.js';
import { atFamilyLevel, historyPValue, historySeries, historyTest, type HistoryTestResult } from './history-test.js';
import { hommel } from './hommel.js';
import { estimatePercentile } from './percentiles.js';
import { defaultTolerance, percentileQuantile } from '../config/percentile-name.js';
import { createRng } from './rng.js';
import { rowTests } from './row-tests.js';

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
  /** Fewer than 100 samples beyond the percentile, or a rank interval wider than ±5 %, in either run (§2): shown, not blocking. */
  imprecise: boolean;
  /** Requests of the current run's window for this endpoint. */
  requests: number;
  /** For a row below the samples floor: the requests per run the floor asks for. */
  floorRequests?: number;
  quantilePValue: number;
  tail?: TailTest;
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
    const baselineReady = input.blockingReasons.length === 0 && baselineSeries !== undefined && baseline !== undefined && currentCounts.total > 0 && (baselineCounts?.total ?? 0) > 0;
    // Tolerances first: the tail statistic of the bootstrap counts requests above (1 + δ)·q(baseline).
    const plans = metrics.map((metric, i) => {
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
      return { metric, q, currentEstimate, baselineEstimate, rowTolerance, widened, baselineMs, effectiveTolerance, historyTolerance, historyResult };
    });
    const boot = baselineReady
      ? bootstrapRatios({
          baseline: baselineSeries.latency.slice(baseline.startSec, baseline.endSec),
          current: currentSeries.latency.slice(current.startSec, current.endSec),
          quantiles,
          resamples: compare.resamples,
          rng,
          tailFactors: plans.map((plan) => 1 + plan.effectiveTolerance),
        })
      : undefined;
    if (boot) blockSec = boot.blockSecCurrent;
    const inflationBaseline = baseline ? varianceInflation(baseline.endSec - baseline.startSec) : Number.NaN;
    const inflationCurrent = varianceInflation(current.endSec - current.startSec);
    plans.forEach((plan, i) => {
      const { metric, q, currentEstimate, baselineEstimate, baselineMs, effectiveTolerance, historyResult } = plan;
      const logRatio = Math.log(currentEstimate.valueMs / baselineMs);
      const threshold = Math.log(1 + effectiveTolerance);
      let standardError = Number.NaN;
      let tail: TailTest | undefined;
      let pValue = Number.NaN;
      let quantilePValue = Number.NaN;
      if (boot && baselineCounts) {
        const tests = rowTests({ boot, index: i, quantile: q, baselineCounts, currentCounts, logRatio, tolerance: effectiveTolerance, inflationBaseline, inflationCurrent });
        standardError = tests.standardError;
        quantilePValue = tests.quantilePValue;
        tail = tests.tail;
        pValue = tests.pValue;
      }
      const currentBeyond = currentCounts.total * (1 - q);
      const baselineBeyond = (baselineCounts?.total ?? 0) * (1 - q);
      let blocked: string | undefined;
      let floorShort: number | undefined;
      const floor = RULES.minSamplesBeyondToCompare;
      if (input.blockingReasons.length > 0) blocked = input.blockingReasons.join('; ');
      else if (!boot && !historyResult) blocked = baseline && !baselineSeries ? `endpoint "${endpoint}" is not in the baseline` : (input.baselineReason ?? 'no baseline');
      else if (currentBeyond < floor || (boot && baselineBeyond < floor)) {
        const side = currentBeyond < floor ? { words: 'this run', beyond: currentBeyond, total: currentCounts.total } : { words: 'the baseline', beyond: baselineBeyond, total: baselineCounts?.total ?? 0 };
        blocked = `too few samples beyond ${metric} in ${side.words} (${Math.floor(side.beyond)} of the ${floor} needed; ${side.total} requests)`;
        floorShort = Math.ceil(floor / (1 - q));
      } else if (boot && !Number.isFinite(standardError)) blocked = `the steady window is too short for the block bootstrap (one ${boot.blockSecCurrent} s block or less)`;
      drafts.push({
        endpoint,
        metric,
        baselineMs,
        currentMs: currentEstimate.valueMs,
        tolerance: plan.rowTolerance,
        widened: plan.widened,
        effectiveTolerance,
        logRatio,
        standardError,
        pValue: blocked === undefined ? pValue : Number.NaN,
        imprecise: !currentEstimate.enoughSamples || (baselineEstimate !== undefined && !baselineEstimate.enoughSamples),
        requests: currentCounts.total,
        ...(floorShort === undefined ? {} : { floorRequests: floorShort }),
        quantilePValue,
        ...(tail ? { tail } : {}),
        ...(historyResult ? { history: historyResult, historyTolerance: plan.historyTolerance } : {}),
        ...(blocked === undefined ? {} : { blocked }),
      });
    });
  }
  const tested = drafts.map((draft, index) => ({ draft, index })).filter(({ draft }) => Number.isFinite(draft.pValue));
  // The bootstrap rows share the same two runs, whose between-run shift moves them together: positively
  // dependent one-sided statistics, where Hommel keeps the family-wise level (hommel.ts). In the
  // simulations it decided exactly as Holm did (docs/statistics.md §7); it is never less powerful.
  const decisions = hommel(tested.map(({ draft }) => draft.pValue), compare.alpha);
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

/**
 * About how many requests of this endpoint would decide an undecided row, from the observed variance: the
 * standard error shrinks as 1/sqrt(n), and the row is decided once its interval at the row's level clears
 * 1 + δ on either side: n' = n·(z·se / |ln R − ln(1 + δ)|)². Below the samples floor, what the floor asks.
 * Undefined when the ratio sits on the limit (no amount of data decides it) or nothing was measured.
 */
function requestsToDecideRow(draft: Draft, decision: { level: number } | undefined, limit: number): number | undefined {
  if (draft.floorRequests !== undefined) return draft.floorRequests;
  if (draft.blocked !== undefined || !decision || !(draft.standardError > 0)) return undefined;
  const gap = Math.abs(draft.logRatio - Math.log(limit));
  if (!(gap > 0)) return undefined;
  const needed = Math.ceil(draft.requests * ((normalQuantile(1 - decision.level) * draft.standardError) / gap) ** 2);
  return Number.isFinite(needed) && needed > draft.requests ? needed : undefined;
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
    // A fail also needs the change shown to be above the tolerance: the tail test may find the share of slow
    // requests significantly up while the quantile's own point estimate sits below 1 + δ (then: suspicious).
    bootOutcome = decision.rejected && ratio > limit ? 'fail' : ratioHigh < limit ? 'pass' : 'inconclusive';
    const zOneSided = normalQuantile(1 - compare.alpha);
    const lowerOneSided = Math.exp(draft.logRatio - zOneSided * draft.standardError);
    suspicious = ratio > limit && lowerOneSided > 1;
    bootAgrees = bootOutcome === 'fail' || lowerOneSided > 1;
    bootstrapTest = {
      outcome: bootOutcome,
      pValue: draft.pValue,
      holmLevel: decision.level,
      standardError: draft.standardError,
      quantilePValue: draft.quantilePValue,
      ...(draft.tail
        ? { tail: { baselineShare: draft.tail.baselineShare, currentShare: draft.tail.currentShare, bodyShift: draft.tail.bodyShift, logRatio: draft.tail.logRatio, standardError: draft.tail.standardError, pValue: draft.tail.pValue } }
        : {}),
    };
    const tailWords = draft.tail ? `, share above ${num(limit)}× main's ${draft.metric} (moved with the median, ×${num(draft.tail.bodyShift)}) ${pct(draft.tail.currentShare)} vs main's ${pct(draft.tail.baselineShare)} above its own` : '';
    bootPart = `bootstrap: ratio ${num(ratio)} (${num(ratioLow)} … ${num(ratioHigh)} at Hommel level ${num(decision.level)})${tailWords} vs limit ${num(limit)} → ${bootOutcome}${bootOutcome !== 'fail' && bootAgrees ? ' (agrees: slower than the baseline, one-sided lower bound above 1)' : ''}`;
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
  const requestsToDecide = outcome === 'inconclusive' ? requestsToDecideRow(draft, decision, limit) : undefined;
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
    suspicious: (suspicious || (decision?.rejected === true && bootOutcome !== 'fail')) && outcome !== 'fail',
    imprecise: draft.imprecise,
    requests: draft.requests,
    ...(requestsToDecide === undefined ? {} : { requestsToDecide }),
    improvement,
    rule,
    ...(reason === undefined ? {} : { reason }),
    ...(draft.history ? { history: historyPublic(draft.history) } : {}),
    ...(bootstrapTest ? { bootstrap: bootstrapTest } : {}),
  };
}
