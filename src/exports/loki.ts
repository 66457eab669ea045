// A finished run as a Loki push (JSON form of POST /loki/api/v1/push): one line per run with the
// summary and the verdict as JSON, and up to N error lines, one per endpoint and error class (class,
// status, count, the sample message). Labels follow Loki's advice to keep them few and of low
// cardinality: job, config, profile, kind (summary | error) and, from perf.yml `labels`, environment,
// service, build_type and platform. Ids that change every run (run id, commit, ref, app version,
// build id, any other label) go into structured metadata (Loki ≥ 2.9 with it allowed, on by default
// in 3.x with schema v13), or, with structuredMetadata off, only into the line. Timestamps are
// nanosecond strings, built with BigInt (ms × 10⁶ passes 2⁵³); the entries of a stream are in
// time order with no two alike. The caller redacts the value before it is sent.

import type { Verdict } from '../analysis/types.js';
import type { ErrorClass, RunResult } from '../results/types.js';
import { ERROR_CLASSES } from '../results/types.js';

export type LokiEntry = readonly [string, string] | readonly [string, string, Readonly<Record<string, string>>];

export interface LokiPush {
  readonly streams: readonly { readonly stream: Readonly<Record<string, string>>; readonly values: readonly LokiEntry[] }[];
}

/** perf.yml label keys (as lokiName gives them) that become stream labels; the rest are metadata. */
export const STREAM_LABEL_KEYS: readonly string[] = ['environment', 'service', 'build_type', 'platform'];
/** Label keys renamed on the way to Loki, so queries read alike whichever spelling perf.yml used. */
const LABEL_ALIASES: Readonly<Record<string, string>> = { env: 'environment', version: 'app_version', build: 'build_id' };
/**
 * The summary line stays far below Loki's default max_line_size (256 KB): at most this many
 * endpoints and comparison rows (failing rows first); the rest are counted in `omitted`.
 */
const MAX_SUMMARY_ENDPOINTS = 100;
const MAX_SUMMARY_COMPARISONS = 300;
/** Loki's default max_label_value_length is 2048; stay well inside it. */
const MAX_LABEL_VALUE_CHARS = 1024;
const NS_PER_MS = 1_000_000n;
const NS_PER_SEC = 1_000_000_000n;

export interface LokiOptions {
  readonly errorLines: number;
  readonly structuredMetadata: boolean;
}

export function lokiPush(verdict: Verdict, current: RunResult, options: LokiOptions): LokiPush {
  const meta = current.meta;
  const labels: Record<string, string> = { job: 'perf-action', config: meta.configName, ...(meta.profile === undefined ? {} : { profile: meta.profile }) };
  const metadata: Record<string, string> = { run_id: meta.runId, ...(meta.commit === undefined ? {} : { commit: meta.commit }), ...(meta.ref === undefined ? {} : { ref: meta.ref }) };
  for (const [key, value] of Object.entries(meta.labels)) {
    const name = lokiName(key);
    // Loki drops a label with an empty value; an empty id says nothing either.
    if (value === '' || name in labels || name in metadata || name === 'kind') continue;
    if (STREAM_LABEL_KEYS.includes(name)) labels[name] = value.slice(0, MAX_LABEL_VALUE_CHARS);
    else metadata[name] = value;
  }
  const entry = (timeNs: bigint, line: Record<string, unknown>): LokiEntry =>
    options.structuredMetadata ? [String(timeNs), JSON.stringify(line), metadata] : [String(timeNs), JSON.stringify(line)];

  const summary = entry(msToNs(Date.parse(meta.endedAt)), summaryLine(verdict, current));
  const errors = errorLines(current, options.errorLines);
  return {
    streams: [
      { stream: { ...labels, kind: 'summary' }, values: [summary] },
      ...(errors.length === 0 ? [] : [{ stream: { ...labels, kind: 'error' }, values: errors.map((line) => entry(line.timeNs, line.body)) }]),
    ],
  };
}

/** A Loki label name ([a-zA-Z_][a-zA-Z0-9_]*): "buildType" and "build-type" → "build_type", then the aliases. */
export function lokiName(key: string): string {
  let name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
  if (!/^[a-z_]/.test(name)) name = `_${name}`;
  return LABEL_ALIASES[name] ?? name;
}

function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms)) * NS_PER_MS;
}

function summaryLine(verdict: Verdict, current: RunResult): Record<string, unknown> {
  const meta = current.meta;
  const stats = (row: Verdict['total']): Record<string, unknown> => ({
    name: row.name,
    requests: row.requests,
    ratePerSec: finite(row.ratePerSec),
    errors: row.errors,
    errorRatio: finite(row.errorRatio),
    ...Object.fromEntries(Object.entries(row.percentiles).map(([name, estimate]) => [`${name}Ms`, finite(estimate?.valueMs ?? Number.NaN)])),
    meanMs: finite(row.meanMs),
    maxMs: finite(row.maxMs),
  });
  const endpoints = verdict.endpoints.filter((row) => row !== verdict.total && row.name !== verdict.total.name);
  const comparisons = [...verdict.comparisons.filter((row) => row.outcome === 'fail'), ...verdict.comparisons.filter((row) => row.outcome !== 'fail')];
  const omittedEndpoints = Math.max(0, endpoints.length - MAX_SUMMARY_ENDPOINTS);
  const omittedComparisons = Math.max(0, comparisons.length - MAX_SUMMARY_COMPARISONS);
  return {
    kind: 'summary',
    config: meta.configName,
    ...(meta.profile === undefined ? {} : { profile: meta.profile }),
    runId: meta.runId,
    ...(meta.commit === undefined ? {} : { commit: meta.commit }),
    ...(meta.ref === undefined ? {} : { ref: meta.ref }),
    startedAt: meta.startedAt,
    endedAt: meta.endedAt,
    partial: meta.partial,
    labels: meta.labels,
    verdict: { overall: verdict.overall, slo: verdict.slo, regression: verdict.regression, headline: verdict.headline },
    steadyWindow: { startSec: verdict.trim.current.startSec, endSec: verdict.trim.current.endSec },
    ...(verdict.baseline === undefined ? {} : { baseline: { runId: verdict.baseline.runId, ...(verdict.baseline.commit === undefined ? {} : { commit: verdict.baseline.commit }) } }),
    total: stats(verdict.total),
    endpoints: endpoints.slice(0, MAX_SUMMARY_ENDPOINTS).map(stats),
    slos: verdict.slos.map((row) => ({ name: row.name, kind: row.kind, outcome: row.outcome, sli: finite(row.sli), objective: row.objective })),
    comparisons: comparisons.slice(0, MAX_SUMMARY_COMPARISONS).map((row) => ({
      endpoint: row.endpoint,
      metric: row.metric,
      baselineMs: finite(row.baselineMs),
      currentMs: finite(row.currentMs),
      ratio: finite(row.ratio),
      outcome: row.outcome,
    })),
    generator: { saturated: verdict.validity.generatorSaturated, lagP99Ms: finite(verdict.validity.lagP99Ms), missedSends: verdict.validity.missedSends },
    ...(omittedEndpoints + omittedComparisons === 0 ? {} : { omitted: { endpoints: omittedEndpoints, comparisons: omittedComparisons } }),
  };
}

interface ErrorLine {
  readonly timeNs: bigint;
  readonly count: number;
  readonly body: Record<string, unknown>;
}

/** One line per endpoint and error class, the most frequent `limit`, at the first second the class was seen. */
function errorLines(current: RunResult, limit: number): ErrorLine[] {
  if (limit === 0) return [];
  const startNs = msToNs(Date.parse(current.meta.startedAt));
  const lines: ErrorLine[] = [];
  for (const series of current.endpoints) {
    for (const errorClass of ERROR_CLASSES) {
      const perSecond = series.errors[errorClass];
      if (perSecond === undefined) continue;
      const count = perSecond.reduce((sum, n) => sum + n, 0);
      if (count === 0) continue;
      const firstSec = perSecond.findIndex((n) => n > 0);
      const status = commonStatus(series.status, errorClass);
      lines.push({
        timeNs: startNs + BigInt(firstSec) * NS_PER_SEC,
        count,
        body: {
          kind: 'error',
          endpoint: series.name,
          class: errorClass,
          ...(status === undefined ? {} : { status }),
          count,
          firstSecond: firstSec,
          message: series.errorSamples[errorClass] ?? '',
        },
      });
    }
  }
  const kept = lines.sort((a, b) => b.count - a.count).slice(0, limit);
  kept.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  // Equal times are moved 1 ns apart, so the order stays strict and Loki keeps every line.
  const ordered: ErrorLine[] = [];
  for (const line of kept) {
    const previous = ordered[ordered.length - 1];
    ordered.push(previous !== undefined && line.timeNs <= previous.timeNs ? { ...line, timeNs: previous.timeNs + 1n } : line);
  }
  return ordered;
}

/** The most frequent status code of an HTTP error class (4xx, 5xx); none for the others. */
function commonStatus(status: RunResult['total']['status'], errorClass: ErrorClass): number | undefined {
  const first = errorClass === 'http4xx' ? '4' : errorClass === 'http5xx' ? '5' : undefined;
  if (first === undefined) return undefined;
  let best: [string, number] | undefined;
  for (const [code, perSecond] of Object.entries(status)) {
    if (!code.startsWith(first)) continue;
    const count = perSecond.reduce((sum, n) => sum + n, 0);
    if (best === undefined || count > best[1]) best = [code, count];
  }
  return best === undefined ? undefined : Number(best[0]);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
