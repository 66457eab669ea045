// Figures of a finished run over its steady window (the seconds after the scripted ramp-up and before
// any ramp-down or the plan's end), per endpoint and in total: requests, achieved and planned rate, latency and service
// time percentiles in ms, errors, and the generator's health over the same window. What the CLI
// prints and writes with --summary-json. Histograms are merged through src/results/histogram.ts.
// MSER-5 trimming and verdicts are the analysis' job, not this one.

import { mergeEncoded, percentileMicros, type Histogram } from '../results/histogram.js';
import { planEndSec } from '../results/plan-end.js';
import type { EndpointSeries, RunResult } from '../results/types.js';
import { saturationReasons } from './saturation.js';
import { judgedErrors, judgedRequests } from '../results/judged-counts.js';

export interface PercentilesMs {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
}

export interface SeriesSummary {
  readonly name: string;
  readonly requests: number;
  readonly achievedRate: number;
  readonly errors: number;
  readonly errorRatio: number | null;
  readonly latencyMs: PercentilesMs;
  readonly serviceTimeMs: PercentilesMs;
}

export interface SteadySummary extends SeriesSummary {
  readonly window: { readonly startSec: number; readonly endSec: number };
  /** Open model: arrivals per second the plan asked for over the window; closed model: null. */
  readonly plannedRate: number | null;
  readonly endpoints: readonly SeriesSummary[];
  readonly partial: boolean;
  readonly generator: { readonly lagP99Ms: number | null; readonly missedSends: number; readonly saturated: boolean; readonly saturationReasons: readonly string[] };
}

/** From the end of the leading ramp phases to the start of the trailing ones, never past the plan's end (planEndSec). */
export function steadyWindow(result: RunResult): { startSec: number; endSec: number } {
  const phases = result.plan.phases;
  const planEnd = planEndSec(result);
  let first = 0;
  while (first < phases.length && phases[first]!.isRamp) first++;
  let last = phases.length - 1;
  while (last >= first && phases[last]!.isRamp) last--;
  if (first > last) return { startSec: 0, endSec: planEnd };
  const startSec = Math.min(planEnd, Math.floor(phases[first]!.startSec));
  const endSec = Math.min(planEnd, Math.ceil(phases[last]!.startSec + phases[last]!.durationSec));
  return endSec > startSec ? { startSec, endSec } : { startSec: 0, endSec: planEnd };
}

function percentiles(histogram: Histogram): PercentilesMs {
  const at = (percentile: number): number | null => {
    const micros = percentileMicros(histogram, percentile);
    return Number.isNaN(micros) ? null : Math.round(micros) / 1000;
  };
  return {
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: histogram.totalCount === 0 ? null : histogram.maxValue / 1000,
  };
}

function sum(values: readonly number[], startSec: number, endSec: number): number {
  let total = 0;
  for (let i = startSec; i < endSec; i++) total += values[i] ?? 0;
  return total;
}

function summariseSeries(series: EndpointSeries, startSec: number, endSec: number): SeriesSummary {
  const requests = sum(judgedRequests(series, endSec), startSec, endSec);
  const errors = sum(judgedErrors(series, endSec), startSec, endSec);
  return {
    name: series.name,
    requests,
    achievedRate: requests / Math.max(1e-9, endSec - startSec),
    errors,
    errorRatio: requests === 0 ? null : errors / requests,
    latencyMs: percentiles(mergeEncoded(series.latency.slice(startSec, endSec))),
    serviceTimeMs: percentiles(mergeEncoded(series.serviceTime.slice(startSec, endSec))),
  };
}

/** Arrivals the open-model plan asks for between two instants (seconds), the area under the ramps. */
function plannedBetween(result: RunResult, startSec: number, endSec: number): number | null {
  if (result.plan.model !== 'open') return null;
  let area = 0;
  for (const phase of result.plan.phases) {
    const r0 = phase.rate ?? 0;
    const r1 = phase.rampTo ?? r0;
    const from = Math.max(startSec, phase.startSec);
    const to = Math.min(endSec, phase.startSec + phase.durationSec);
    if (to <= from || phase.durationSec <= 0) continue;
    const rateAt = (t: number): number => r0 + ((r1 - r0) * (t - phase.startSec)) / phase.durationSec;
    area += ((rateAt(from) + rateAt(to)) / 2) * (to - from);
  }
  return area;
}

export function summariseSteady(result: RunResult): SteadySummary {
  const window = steadyWindow(result);
  const { startSec, endSec } = window;
  const total = summariseSeries(result.total, startSec, endSec);
  const planned = plannedBetween(result, startSec, endSec);
  const lag = mergeEncoded(result.generator.lagPerSecond.slice(startSec, endSec));
  const lagP99Us = percentileMicros(lag, 99);
  const missedSends = sum(result.generator.missedPerSecond, startSec, endSec);
  const lagP99Ms = Number.isNaN(lagP99Us) ? null : lagP99Us / 1000;
  const reasons = saturationReasons({
    lagP99Ms: lagP99Ms ?? 0,
    scheduled: total.requests + missedSends,
    missed: missedSends,
    ...(planned !== null && !result.meta.partial && result.plan.arrivals === 'constant' ? { plannedRequests: planned, sentWithinPlan: total.requests } : {}),
  });
  return {
    ...total,
    window,
    plannedRate: planned === null ? null : planned / Math.max(1e-9, endSec - startSec),
    endpoints: result.endpoints.map((series) => summariseSeries(series, startSec, endSec)),
    partial: result.meta.partial,
    generator: { lagP99Ms, missedSends, saturated: reasons.length > 0 || result.generator.saturated, saturationReasons: reasons.length > 0 ? reasons : result.generator.saturationReasons },
  };
}
