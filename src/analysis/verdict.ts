// analyse(): the whole analysis from RunResults, History and settings to a Verdict. Pure and
// deterministic given the seed in the settings. Order: decode → trim (same rule for both runs) → gates →
// window stats → SLO rows → comparison rows → outcomes and a one-line headline. Rendering (Markdown,
// HTML, outputs) and the exit code are left to report/ and exit-policy.ts.
//
// Outcomes: `slo` fails if any SLO row fails, passes if every row passes (or none is configured, noted),
// else inconclusive. `regression` fails if any comparison row fails, passes if there is at least one row
// and all pass, else inconclusive. `overall` fails if either fails, passes if both pass, else inconclusive.

import type { PercentileName, PerfConfig } from '../config/types.js';
import type { History, RunResult } from '../results/types.js';
import { VERDICT_FORMAT, VERDICT_VERSION, type BaselineOrigin, type ComparisonRow, type EndpointStats, type Outcome, type SloRow, type TrimWindow, type Verdict } from './types.js';
import { compareRuns, type RunWindow } from './compare.js';
import { decodeRun, type DecodedRun } from './decoded-run.js';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from './defaults.js';
import { comparabilityReasons, generatorGate } from './gates.js';
import { seriesStats } from './percentiles.js';
import { evaluateSlo } from './slo.js';
import { trimWarmup } from './trim.js';

export interface AnalysisInput {
  readonly current: RunResult;
  /** A validated baseline RunResult, or why there is none (missing, expired, malformed). */
  readonly baseline?: RunResult | { readonly missing: string };
  readonly history?: History;
  /** The normalised PerfConfig, or just its trim, slo and compare parts. */
  readonly config?: AnalysisSettings | PerfConfig;
  /** Where the baseline came from (artifact name, file path), for the report. */
  readonly baselineSource?: string;
  /** The CI run that made the baseline, for the report. */
  readonly baselineOrigin?: BaselineOrigin;
}

function trimOf(run: DecodedRun, settings: AnalysisSettings): TrimWindow {
  return trimWarmup({ plan: run.result.plan, seconds: run.result.seconds, latencyPerSecond: run.total.latency, rule: settings.trim });
}

function combine(rows: readonly { outcome: Outcome }[], emptyMeans: Outcome): Outcome {
  if (rows.length === 0) return emptyMeans;
  if (rows.some((row) => row.outcome === 'fail')) return 'fail';
  return rows.every((row) => row.outcome === 'pass') ? 'pass' : 'inconclusive';
}

const pct = (value: number): string => `${Number((value * 100).toFixed(1))} %`;
const ms = (value: number): string => `${Number(value.toPrecision(3))} ms`;

function headlineOf(slo: Outcome, regression: Outcome, slos: readonly SloRow[], rows: readonly ComparisonRow[], reasons: readonly string[], baselineNote: string | undefined): string {
  const failedSlo = slos.filter((row) => row.outcome === 'fail');
  const failedRows = rows.filter((row) => row.outcome === 'fail').sort((a, b) => b.ratio - a.ratio);
  const parts: string[] = [];
  const worst = failedRows[0];
  if (worst) {
    const more = failedRows.length > 1 ? ` (and ${failedRows.length - 1} more regression${failedRows.length > 2 ? 's' : ''})` : '';
    parts.push(`${worst.endpoint} ${worst.metric} is ${pct(worst.ratio - 1)} slower than the baseline (${ms(worst.baselineMs)} → ${ms(worst.currentMs)})${more}`);
  }
  if (failedSlo.length > 0) {
    const first = failedSlo[0]!;
    parts.push(`SLO "${first.name}" missed: ${pct(first.sli)} good against ${pct(first.objective)}${failedSlo.length > 1 ? ` (${failedSlo.length} SLOs missed)` : ''}`);
  }
  if (parts.length > 0) return parts.join('; ');
  const sloWords = slos.length === 0 ? 'no SLOs set' : `${slos.filter((row) => row.outcome === 'pass').length} of ${slos.length} SLOs met`;
  if (reasons.length > 0) return `Inconclusive: ${reasons[0]}; ${sloWords}`;
  if (regression === 'pass') return `No regression against the baseline; ${sloWords}`;
  if (rows.length === 0 || baselineNote) return `No comparison (${baselineNote ?? 'no baseline'}); ${sloWords}`;
  const open = rows.filter((row) => row.outcome === 'inconclusive').length;
  const suspicious = rows.filter((row) => row.suspicious).length;
  return `No regression found, ${open} of ${rows.length} comparisons inconclusive${suspicious > 0 ? ` (${suspicious} suspicious)` : ''}; ${sloWords}${slo === 'inconclusive' ? ' (some SLOs inconclusive)' : ''}`;
}

/** Per endpoint, then the total named `all` (the Verdict contract's order). */
function windowStats(run: DecodedRun, window: TrimWindow, compared: readonly PercentileName[]): EndpointStats[] {
  return [...run.endpoints, run.total].map((series, i) => ({
    ...seriesStats(series, window.startSec, window.endSec, compared),
    ...(i === run.endpoints.length ? { name: 'all' } : {}),
  }));
}

export function analyse(input: AnalysisInput): Verdict {
  const settings: AnalysisSettings = input.config ?? DEFAULT_ANALYSIS_SETTINGS;
  const current = decodeRun(input.current);
  const currentTrim = trimOf(current, settings);
  const currentGate = generatorGate(current, currentTrim.startSec, currentTrim.endSec, 'current');
  const notes: string[] = [...currentTrim.warnings.map((warning) => `current run: ${warning}`)];
  if (input.current.meta.partial) notes.push(`current run stopped early: ${input.current.meta.partialReason ?? 'no reason given'}`);

  let baseline: DecodedRun | undefined;
  let baselineTrim: TrimWindow | undefined;
  let baselineReason: string | undefined;
  const reasons: string[] = [...currentGate.reasons];
  const baselineInput = input.baseline;
  if (baselineInput === undefined) baselineReason = 'no baseline';
  else if ('missing' in baselineInput) baselineReason = `no usable baseline: ${baselineInput.missing}`;
  else {
    baseline = decodeRun(baselineInput);
    baselineTrim = trimOf(baseline, settings);
    notes.push(...baselineTrim.warnings.map((warning) => `baseline run: ${warning}`));
    const baselineGate = generatorGate(baseline, baselineTrim.startSec, baselineTrim.endSec, 'baseline');
    const mismatch = comparabilityReasons(input.current, baselineInput);
    const unusable = [...baselineGate.reasons, ...mismatch];
    if (unusable.length > 0) {
      baselineReason = unusable.join('; ');
      reasons.push(...unusable);
    }
  }
  if (baselineReason !== undefined && !reasons.includes(baselineReason)) notes.push(baselineReason);

  const currentWindow: RunWindow = { run: current, startSec: currentTrim.startSec, endSec: currentTrim.endSec };
  const usableBaseline: RunWindow | undefined =
    baseline && baselineTrim && baselineReason === undefined ? { run: baseline, startSec: baselineTrim.startSec, endSec: baselineTrim.endSec } : undefined;
  const comparison = compareRuns({
    current: currentWindow,
    ...(usableBaseline ? { baseline: usableBaseline } : {}),
    ...(baselineReason === undefined ? {} : { baselineReason }),
    ...(input.history ? { history: input.history } : {}),
    compare: settings.compare,
    blockingReasons: currentGate.reasons,
  });
  const slos = settings.slo.map((spec) => evaluateSlo(spec, current, currentTrim.startSec, currentTrim.endSec, currentGate.reasons));
  if (settings.slo.length === 0) notes.push('no SLOs configured');
  for (const point of comparison.changePoints.changePoints) {
    notes.push(`change point on main at ${point.commit.slice(0, 7)} (${point.endpoint} ${point.metric} ×${Number(point.ratio.toFixed(2))}): history before it is not used`);
  }
  const allStats = windowStats(current, currentTrim, settings.compare.percentiles);
  const currentStats = allStats.slice(0, -1);
  const totalStats = allStats[allStats.length - 1]!;
  const slo = combine(slos, 'pass');
  const regression = combine(comparison.rows, 'inconclusive');
  const overall: Outcome = slo === 'fail' || regression === 'fail' ? 'fail' : slo === 'pass' && regression === 'pass' ? 'pass' : 'inconclusive';
  const historyRuns = input.history?.entries.length ?? 0;
  const profile = input.current.meta.profile;
  return {
    format: VERDICT_FORMAT,
    version: VERDICT_VERSION,
    overall,
    slo,
    regression,
    headline: headlineOf(slo, regression, slos, comparison.rows, reasons, baselineReason),
    configName: input.current.meta.configName,
    ...(profile === undefined ? {} : { profile }),
    trim: { current: currentTrim, ...(baselineTrim ? { baseline: baselineTrim } : {}) },
    current: {
      runId: input.current.meta.runId,
      ...(input.current.meta.commit === undefined ? {} : { commit: input.current.meta.commit }),
      steadySeconds: currentTrim.endSec - currentTrim.startSec,
    },
    ...(baseline
      ? {
          baseline: {
            runId: baseline.result.meta.runId,
            ...(baseline.result.meta.commit === undefined ? {} : { commit: baseline.result.meta.commit }),
            ...(baseline.result.meta.ref === undefined ? {} : { ref: baseline.result.meta.ref }),
            startedAt: baseline.result.meta.startedAt,
            historyRuns,
            ...(input.baselineSource === undefined ? {} : { source: input.baselineSource }),
            ...(input.baselineOrigin === undefined ? {} : { origin: input.baselineOrigin }),
          },
        }
      : {}),
    endpoints: [...currentStats, totalStats],
    total: totalStats,
    ...(baseline && baselineTrim ? { baselineEndpoints: windowStats(baseline, baselineTrim, settings.compare.percentiles) } : {}),
    comparisons: comparison.rows,
    slos,
    changePoints: comparison.changePoints.changePoints,
    validity: {
      generatorSaturated: currentGate.reasons.some((reason) => reason.includes('generator saturated')),
      lagP99Ms: currentGate.lagP99Ms,
      missedSends: currentGate.missedSends,
      achievedRate: currentGate.achievedRate,
      ...(currentGate.plannedRate === undefined ? {} : { plannedRate: currentGate.plannedRate }),
      reasons: baselineReason !== undefined && !reasons.includes(baselineReason) ? [...reasons, baselineReason] : reasons,
    },
    method: {
      resamples: settings.compare.resamples,
      alpha: settings.compare.alpha,
      blockSeconds: comparison.blockSec,
      seed: settings.compare.seed,
      holmRows: comparison.holmRows,
    },
    notes,
  };
}
