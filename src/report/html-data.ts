// The numbers the HTML report's charts draw, computed from the RunResults' per-second histograms
// (decoded only through src/results/histogram.ts): latency p50/p95/p99 per second, throughput and
// errors per second up to the plan's end, and the latency percentile spectrum over the steady window, for the total and
// for each endpoint (the page's endpoint picker switches between them); with History, p50/p95/p99 of
// main's last runs and this one. The page turns this into
// charts (html-client.ts); nothing here is statistics the Verdict already decided.

import type { EndpointStats, Verdict } from '../analysis/types.js';
import { HISTORY_KEEP } from '../results/history.js';
import { decodeHistogram, mergeEncoded, percentileMicros } from '../results/histogram.js';
import { planEndSec } from '../results/plan-end.js';
import type { EndpointSeries, History, PercentileSummary, RunResult } from '../results/types.js';
import { shortSha } from './format.js';

export interface SeriesPoint {
  readonly x: number;
  readonly y: number | null;
}

export interface RunSeries {
  readonly label: string;
  /** Latency in ms per second since the run's start; null where the second had no response. */
  readonly p50: readonly SeriesPoint[];
  readonly p95: readonly SeriesPoint[];
  readonly p99: readonly SeriesPoint[];
  readonly requestsPerSec: readonly SeriesPoint[];
  readonly errorsPerSec: readonly SeriesPoint[];
  /** Steady window [start, end) in seconds; outside it is shaded as trimmed. */
  readonly steadyStartSec: number;
  readonly steadyEndSec: number;
  readonly seconds: number;
  /** x = 1/(1−q), y = latency ms at quantile q, over the steady window. */
  readonly spectrum: readonly SeriesPoint[];
}

/** Steady-window percentiles of main's last runs (oldest first) and, last, this run ("this run"). */
export interface TrendSeries {
  readonly labels: readonly string[];
  readonly p50: readonly (number | null)[];
  readonly p95: readonly (number | null)[];
  readonly p99: readonly (number | null)[];
}

/** One entry of the endpoint picker: the total (`all`) first, then each endpoint in run order. */
export interface EndpointCharts {
  readonly name: string;
  readonly current: RunSeries;
  /** Present when History holds at least one run with this endpoint. */
  readonly trend?: TrendSeries;
  /** Absent without a baseline run, or when the baseline has no endpoint of this name. */
  readonly baseline?: RunSeries;
}

export interface ReportData {
  readonly series: readonly EndpointCharts[];
  /** Some entry has a trend: the page shows the trend chart. */
  readonly hasTrend: boolean;
  /** Endpoints beyond MAX_CHARTED_ENDPOINTS have no charts of their own (their rows stay in the tables). */
  readonly omittedEndpoints: number;
}

/** Bounds the page: 50 endpoints × 5 per-second series × a few hundred seconds stays well under 1 MB. */
export const MAX_CHARTED_ENDPOINTS = 50;

const MS_PER_US = 1 / 1000;

function perSecondPercentiles(series: EndpointSeries, seconds: number): { p50: SeriesPoint[]; p95: SeriesPoint[]; p99: SeriesPoint[] } {
  const p50: SeriesPoint[] = [];
  const p95: SeriesPoint[] = [];
  const p99: SeriesPoint[] = [];
  for (let second = 0; second < seconds; second += 1) {
    const encoded = series.latency[second] ?? null;
    if (encoded === null) {
      p50.push({ x: second, y: null });
      p95.push({ x: second, y: null });
      p99.push({ x: second, y: null });
      continue;
    }
    const histogram = decodeHistogram(encoded);
    p50.push({ x: second, y: round(percentileMicros(histogram, 50) * MS_PER_US) });
    p95.push({ x: second, y: round(percentileMicros(histogram, 95) * MS_PER_US) });
    p99.push({ x: second, y: round(percentileMicros(histogram, 99) * MS_PER_US) });
    histogram.destroy();
  }
  return { p50, p95, p99 };
}

function round(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : null;
}

/**
 * Quantiles spaced evenly on the log axis x = 1/(1−q) (ten per decade, as HdrHistogram's plots),
 * up to the last quantile the sample can resolve (1/(1−q) ≤ count), plus the maximum.
 */
export function spectrum(series: EndpointSeries, fromSec: number, toSec: number): SeriesPoint[] {
  const histogram = mergeEncoded(series.latency.slice(Math.max(0, fromSec), Math.max(fromSec, toSec)));
  const count = histogram.totalCount;
  const points: SeriesPoint[] = [];
  if (count === 0) return points;
  for (let step = 0; step <= 70; step += 1) {
    const x = 10 ** (step / 10);
    if (x > count) break;
    const q = 1 - 1 / x;
    points.push({ x: round(x) ?? x, y: round(percentileMicros(histogram, q * 100) * MS_PER_US) });
  }
  points.push({ x: count, y: round(histogram.maxValue * MS_PER_US) });
  histogram.destroy();
  return points;
}

function errorsPerSecond(series: EndpointSeries, seconds: number): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let second = 0; second < seconds; second += 1) {
    let errors = 0;
    for (const perSecond of Object.values(series.errors)) errors += perSecond?.[second] ?? 0;
    points.push({ x: second, y: errors });
  }
  return points;
}

/** Charts end where the plan ends (planEndSec): the drain after it would draw a drop to 0 req/s that no load caused. */
export function runSeries(run: RunResult, series: EndpointSeries, label: string, steadyStartSec: number, steadyEndSec: number): RunSeries {
  const seconds = planEndSec(run);
  const { p50, p95, p99 } = perSecondPercentiles(series, seconds);
  return {
    label,
    p50,
    p95,
    p99,
    requestsPerSec: series.requests.slice(0, seconds).map((y, x) => ({ x, y })),
    errorsPerSec: errorsPerSecond(series, seconds),
    steadyStartSec,
    steadyEndSec: Math.min(steadyEndSec, seconds),
    seconds,
    spectrum: spectrum(series, steadyStartSec, steadyEndSec),
  };
}

function trendSeries(history: History | undefined, endpoint: string, stats: EndpointStats | undefined): TrendSeries | undefined {
  const entries = (history?.entries ?? [])
    .map((entry) => ({ entry, summary: endpoint === 'all' ? entry.total : entry.endpoints[endpoint] }))
    .filter((item): item is { entry: (typeof item)['entry']; summary: PercentileSummary } => item.summary !== undefined)
    .slice(-HISTORY_KEEP);
  if (entries.length === 0) return undefined;
  const value = (ms: number | undefined): number | null => (ms !== undefined && Number.isFinite(ms) ? round(ms) : null);
  return {
    labels: [...entries.map(({ entry }) => shortSha(entry.commit) ?? entry.runId.slice(0, 12)), 'this run'],
    p50: [...entries.map(({ summary }) => value(summary.p50Ms)), value(stats?.percentiles.p50?.valueMs)],
    p95: [...entries.map(({ summary }) => value(summary.p95Ms)), value(stats?.percentiles.p95?.valueMs)],
    p99: [...entries.map(({ summary }) => value(summary.p99Ms)), value(stats?.percentiles.p99?.valueMs)],
  };
}

export function reportData(verdict: Verdict, current: RunResult, baseline: RunResult | undefined, history?: History): ReportData {
  const currentTrim = verdict.trim.current;
  const baselineTrim = verdict.trim.baseline;
  const charted = current.endpoints.slice(0, MAX_CHARTED_ENDPOINTS);
  const entries: { name: string; current: EndpointSeries; baseline: EndpointSeries | undefined }[] = [
    { name: 'all', current: current.total, baseline: baseline?.total },
    ...charted.map((series) => ({ name: series.name, current: series, baseline: baseline?.endpoints.find((candidate) => candidate.name === series.name) })),
  ];
  const series = entries.map((entry, index) => {
    const stats = index === 0 ? verdict.total : verdict.endpoints.find((candidate) => candidate.name === entry.name);
    const trend = trendSeries(history, entry.name, stats);
    return {
      name: entry.name,
      current: runSeries(current, entry.current, 'this run', currentTrim.startSec, currentTrim.endSec),
      ...(trend === undefined ? {} : { trend }),
      ...(baseline === undefined || entry.baseline === undefined
        ? {}
        : { baseline: runSeries(baseline, entry.baseline, 'main', baselineTrim?.startSec ?? 0, baselineTrim?.endSec ?? planEndSec(baseline)) }),
    };
  });
  return { series, hasTrend: series.some((entry) => entry.trend !== undefined), omittedEndpoints: current.endpoints.length - charted.length };
}
