// History (history.json): summaries of past main runs, oldest first, carried from one baseline artifact
// to the next. This module validates it at the door, summarises a run's steady window into an entry
// (percentiles through histogram.ts), and appends with a bounded length (30 by default). Which window is
// steady is the analysis' decision; callers pass it in (verdict.trim.current).

import { ResultsError } from '../errors.js';
import { mergeEncoded, percentileMicros } from './histogram.js';
import { HISTOGRAM_HIGHEST_US, MAX_TOTAL_COUNT } from './histogram.js';
import { checkDate, Problems, readJsonFile, throwIfAny } from './run-result.js';
import { HISTORY_FORMAT, HISTORY_VERSION, type EndpointSeries, type History, type HistoryEntry, type PercentileSummary, type RunResult } from './types.js';
import { judgedErrors, judgedRequests } from './judged-counts.js';

export const HISTORY_KEEP = 30;

export function emptyHistory(configName: string, profile?: string): History {
  return { format: HISTORY_FORMAT, version: HISTORY_VERSION, configName, ...(profile === undefined ? {} : { profile }), entries: [] };
}

function checkSummary(problems: Problems, value: unknown, path: string): void {
  const summary = problems.object(value, path);
  if (!summary) return;
  // NaN is written as null by JSON.stringify: a summary of an empty window keeps null percentiles.
  const check = (key: keyof PercentileSummary, rule: { max: number; integer?: boolean }): void => {
    if (summary[key] !== null) problems.number(summary[key], `${path}.${key}`, { min: 0, ...rule });
  };
  check('requests', { max: MAX_TOTAL_COUNT, integer: true });
  check('ratePerSec', { max: MAX_TOTAL_COUNT });
  check('errorRatio', { max: 1 });
  // Latencies come from histograms that stop at an hour (with room for the top bucket's upper edge).
  for (const key of ['p50Ms', 'p90Ms', 'p95Ms', 'p99Ms'] as const) check(key, { max: (2 * HISTOGRAM_HIGHEST_US) / 1000 });
}

export function validateHistory(value: unknown, source: string): History {
  const problems = new Problems();
  const root = problems.object(value, '$');
  if (!root) throw new ResultsError(`${source}: not a perf-action history file`, problems.list);
  if (root.format !== HISTORY_FORMAT) throw new ResultsError(`${source}: not a perf-action history file ($.format is ${JSON.stringify(root.format)}, expected "${HISTORY_FORMAT}")`);
  if (root.version !== HISTORY_VERSION) throw new ResultsError(`${source}: history format version ${JSON.stringify(root.version)} is not supported (this version reads ${HISTORY_VERSION})`);
  problems.string(root.configName, '$.configName');
  problems.string(root.profile, '$.profile', true);
  problems.array(root.entries, '$.entries')?.forEach((item, i) => {
    const path = `$.entries[${i}]`;
    const entry = problems.object(item, path);
    if (!entry) return;
    problems.string(entry.runId, `${path}.runId`);
    problems.string(entry.commit, `${path}.commit`);
    problems.string(entry.ref, `${path}.ref`, true);
    checkDate(problems, entry.date, `${path}.date`);
    checkSummary(problems, entry.total, `${path}.total`);
    const endpoints = problems.object(entry.endpoints, `${path}.endpoints`);
    if (endpoints) for (const [name, summary] of Object.entries(endpoints)) checkSummary(problems, summary, `${path}.endpoints[${JSON.stringify(name)}]`);
  });
  throwIfAny(problems, source, 'history');
  return value as History;
}

export async function readHistory(path: string): Promise<History> {
  return validateHistory(await readJsonFile(path), path);
}

function sumOver(values: readonly number[] | undefined, startSec: number, endSec: number): number {
  let sum = 0;
  for (let t = startSec; t < endSec; t++) sum += values?.[t] ?? 0;
  return sum;
}

export function summariseSeries(series: EndpointSeries, window: { startSec: number; endSec: number }): PercentileSummary {
  const { startSec, endSec } = window;
  const histogram = mergeEncoded(series.latency.slice(startSec, endSec));
  const requests = sumOver(judgedRequests(series, endSec), startSec, endSec);
  const errors = sumOver(judgedErrors(series, endSec), startSec, endSec);
  const ms = (percentile: number): number => percentileMicros(histogram, percentile) / 1000;
  const summary = {
    requests,
    ratePerSec: endSec > startSec ? requests / (endSec - startSec) : 0,
    errorRatio: requests > 0 ? errors / requests : 0,
    p50Ms: ms(50),
    p90Ms: ms(90),
    p95Ms: ms(95),
    p99Ms: ms(99),
  };
  histogram.destroy();
  return summary;
}

/** One History entry for a run's steady window [startSec, endSec). */
export function summariseRun(result: RunResult, window: { startSec: number; endSec: number }): HistoryEntry {
  const endpoints: Record<string, PercentileSummary> = {};
  for (const series of result.endpoints) endpoints[series.name] = summariseSeries(series, window);
  return {
    runId: result.meta.runId,
    commit: result.meta.commit ?? 'unknown',
    ...(result.meta.ref === undefined ? {} : { ref: result.meta.ref }),
    date: result.meta.startedAt,
    total: summariseSeries(result.total, window),
    endpoints,
  };
}

/**
 * Appends the run's summary (replacing an entry of the same run id, so a re-run does not count twice) and
 * keeps the newest `keep`. A history of another config or profile is refused: mixing them would make the
 * history test compare unlike runs.
 */
export function appendToHistory(history: History | undefined, result: RunResult, window: { startSec: number; endSec: number }, options: { keep?: number } = {}): History {
  const keep = options.keep ?? HISTORY_KEEP;
  const base = history ?? emptyHistory(result.meta.configName, result.meta.profile);
  if (base.configName !== result.meta.configName || (base.profile ?? '') !== (result.meta.profile ?? '')) {
    throw new ResultsError(
      `history is of config "${base.configName}"${base.profile ? ` profile "${base.profile}"` : ''}, the run of "${result.meta.configName}"${result.meta.profile ? ` profile "${result.meta.profile}"` : ''}`,
    );
  }
  const entry = summariseRun(result, window);
  const entries = [...base.entries.filter((candidate) => candidate.runId !== entry.runId), entry].slice(-keep);
  return { ...base, entries };
}
