// Merges shard results (several generators loading one target at the same time) into one RunResult:
// series are aligned on whole seconds of their start times, per-second histograms are added through
// mergeEncoded (histogram.ts), counts are summed, plan rates are summed (each shard ran its share), and
// meta.shards is the sum. Shards must come from the same config (configHash) and plan shape, and
// overlap in time: the merged series may not outgrow MAX_RESULT_SECONDS, so a start date far apart
// (1970 against 2026) is refused rather than allocated. Inputs are validated RunResults.

import { ResultsError } from '../errors.js';
import { encodeHistogram, mergeEncoded } from './histogram.js';
import { MAX_RESULT_SECONDS, MAX_SHARDS } from './run-result.js';
import type { EndpointSeries, ErrorClass, GeneratorHealth, PlanPhase, RunPlan, RunResult } from './types.js';

function mergeHistogramStrings(items: readonly (string | null)[]): string | null {
  const present = items.filter((item): item is string => item !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return encodeHistogram(mergeEncoded(present));
}

function shifted<T>(values: readonly T[], offset: number, seconds: number, empty: T): T[] {
  const out = new Array<T>(seconds).fill(empty);
  values.forEach((value, t) => {
    if (t + offset < seconds) out[t + offset] = value;
  });
  return out;
}

function sumArrays(arrays: readonly (readonly number[])[], seconds: number): number[] {
  const out = new Array<number>(seconds).fill(0);
  for (const values of arrays) values.forEach((value, t) => (out[t]! += value));
  return out;
}

function mergeHistogramArrays(arrays: readonly (readonly (string | null)[])[], seconds: number): (string | null)[] {
  return Array.from({ length: seconds }, (_, t) => mergeHistogramStrings(arrays.map((values) => values[t] ?? null)));
}

function mergeSeries(parts: readonly { series: EndpointSeries; offset: number }[], seconds: number): EndpointSeries {
  const first = parts[0]!.series;
  const align = (pick: (series: EndpointSeries) => readonly number[]): number[] =>
    sumArrays(parts.map(({ series, offset }) => shifted(pick(series), offset, seconds, 0)), seconds);
  const errors: Partial<Record<ErrorClass, number[]>> = {};
  const errorSamples: Partial<Record<ErrorClass, string>> = {};
  const status: Record<string, number[]> = {};
  for (const { series } of parts) {
    for (const key of Object.keys(series.errors) as ErrorClass[]) errors[key] ??= [];
    for (const key of Object.keys(series.status)) status[key] ??= [];
    for (const [key, sample] of Object.entries(series.errorSamples) as [ErrorClass, string][]) errorSamples[key] ??= sample;
  }
  for (const key of Object.keys(errors) as ErrorClass[]) errors[key] = align((series) => series.errors[key] ?? []);
  for (const key of Object.keys(status)) status[key] = align((series) => series.status[key] ?? []);
  return {
    name: first.name,
    ...(first.method === undefined ? {} : { method: first.method }),
    latency: mergeHistogramArrays(parts.map(({ series, offset }) => shifted(series.latency, offset, seconds, null)), seconds),
    serviceTime: mergeHistogramArrays(parts.map(({ series, offset }) => shifted(series.serviceTime, offset, seconds, null)), seconds),
    requests: align((series) => series.requests),
    errors,
    status,
    errorSamples,
  };
}

function addOptional(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

function mergePlans(plans: readonly RunPlan[], source: readonly string[]): RunPlan {
  const first = plans[0]!;
  const shape = (plan: RunPlan): string => `${plan.model}/${plan.phases.map((p) => `${p.name}@${p.startSec}+${p.durationSec}`).join(',')}`;
  plans.forEach((plan, i) => {
    if (shape(plan) !== shape(first)) throw new ResultsError(`${source[i]}: its load plan (${shape(plan)}) differs from ${source[0]} (${shape(first)}); shards must share one plan`);
  });
  const phases: PlanPhase[] = first.phases.map((phase, p) => {
    const all = plans.map((plan) => plan.phases[p]!);
    const sum = (key: 'rate' | 'rampTo' | 'vus' | 'rampToVus'): number | undefined => all.reduce<number | undefined>((acc, item) => addOptional(acc, item[key]), undefined);
    const merged: PlanPhase = { name: phase.name, startSec: phase.startSec, durationSec: phase.durationSec, isRamp: phase.isRamp };
    const rate = sum('rate');
    const rampTo = sum('rampTo');
    const vus = sum('vus');
    const rampToVus = sum('rampToVus');
    return { ...merged, ...(rate === undefined ? {} : { rate }), ...(rampTo === undefined ? {} : { rampTo }), ...(vus === undefined ? {} : { vus }), ...(rampToVus === undefined ? {} : { rampToVus }) };
  });
  const planned = plans.reduce<number | undefined>((acc, plan) => addOptional(acc, plan.plannedRequests), undefined);
  return {
    model: first.model,
    arrivals: first.arrivals,
    phases,
    durationSec: Math.max(...plans.map((plan) => plan.durationSec)),
    ...(planned === undefined ? {} : { plannedRequests: planned }),
    connections: plans.reduce((sum, plan) => sum + plan.connections, 0),
  };
}

function mergeGenerators(parts: readonly { generator: GeneratorHealth; offset: number; runId: string }[], seconds: number): GeneratorHealth {
  return {
    lag: mergeHistogramStrings(parts.map(({ generator }) => generator.lag)),
    lagPerSecond: mergeHistogramArrays(parts.map(({ generator, offset }) => shifted(generator.lagPerSecond, offset, seconds, null)), seconds),
    scheduled: parts.reduce((sum, { generator }) => sum + generator.scheduled, 0),
    sent: parts.reduce((sum, { generator }) => sum + generator.sent, 0),
    missedSends: parts.reduce((sum, { generator }) => sum + generator.missedSends, 0),
    missedPerSecond: sumArrays(parts.map(({ generator, offset }) => shifted(generator.missedPerSecond, offset, seconds, 0)), seconds),
    // Kept only when every shard has it: a sum over some shards would look like a shortfall.
    ...(parts.every(({ generator }) => generator.startedPerSecond !== undefined)
      ? { startedPerSecond: sumArrays(parts.map(({ generator, offset }) => shifted(generator.startedPerSecond!, offset, seconds, 0)), seconds) }
      : {}),
    eventLoopDelayP99Ms: Math.max(...parts.map(({ generator }) => generator.eventLoopDelayP99Ms)),
    ...(parts.some(({ generator }) => generator.truncatedBodies !== undefined) ? { truncatedBodies: parts.reduce((sum, { generator }) => sum + (generator.truncatedBodies ?? 0), 0) } : {}),
    saturated: parts.some(({ generator }) => generator.saturated),
    saturationReasons: parts.flatMap(({ generator, runId }) => generator.saturationReasons.map((reason) => `${runId}: ${reason}`)),
  };
}

/** `sources` name each result in errors (file paths); defaults to run ids. */
export function mergeRunResults(results: readonly RunResult[], sources: readonly string[] = results.map((r) => r.meta.runId)): RunResult {
  if (results.length === 0) throw new ResultsError('nothing to merge: no results given');
  const first = results[0]!;
  if (results.length === 1) return first;
  results.forEach((result, i) => {
    if (result.meta.configHash !== first.meta.configHash) {
      throw new ResultsError(`${sources[i]}: config hash ${result.meta.configHash} differs from ${sources[0]} (${first.meta.configHash}); only shards of one config can be merged`);
    }
  });
  const shards = results.reduce((sum, result) => sum + result.meta.shards, 0);
  if (shards > MAX_SHARDS) throw new ResultsError(`the results hold ${shards} shards together, more than the maximum of ${MAX_SHARDS}`);
  const startsMs = results.map((result) => Date.parse(result.meta.startedAt));
  const earliestMs = startsMs.reduce((min, start) => Math.min(min, start), Infinity);
  const offsets = startsMs.map((start) => Math.round((start - earliestMs) / 1000));
  const seconds = results.reduce((max, result, i) => Math.max(max, result.seconds + offsets[i]!), 0);
  if (seconds > MAX_RESULT_SECONDS) {
    const latest = offsets.indexOf(Math.max(...offsets));
    throw new ResultsError(
      `${sources[latest]} starts ${offsets[latest]} s after ${sources[startsMs.indexOf(earliestMs)]}: merged, the series would last ${seconds} s, more than the maximum of ${MAX_RESULT_SECONDS} s; shards of one run start together`,
    );
  }
  // Endpoints keyed by name once, so many endpoints do not cost names × results × endpoints.
  const byName = new Map<string, { series: EndpointSeries; offset: number }[]>();
  results.forEach((result, i) => {
    for (const series of result.endpoints) {
      let parts = byName.get(series.name);
      if (parts === undefined) byName.set(series.name, (parts = []));
      parts.push({ series, offset: offsets[i]! });
    }
  });
  const endpoints = [...byName.values()].map((parts) => mergeSeries(parts, seconds));
  const earliest = results[startsMs.indexOf(earliestMs)]!;
  const stoppedBy = results.find((result) => result.meta.stoppedBy !== undefined)?.meta.stoppedBy;
  const partialReasons = results.filter((result) => result.meta.partial).map((result) => `${result.meta.runId}: ${result.meta.partialReason ?? 'stopped early'}`);
  const endedAt = new Date(results.reduce((max, result) => Math.max(max, Date.parse(result.meta.endedAt)), -Infinity)).toISOString();
  return {
    format: first.format,
    version: first.version,
    meta: {
      ...earliest.meta,
      runId: results.map((result) => result.meta.runId).join('+'),
      endedAt,
      partial: partialReasons.length > 0,
      ...(partialReasons.length > 0 ? { partialReason: partialReasons.join('; ') } : {}),
      ...(stoppedBy === undefined ? {} : { stoppedBy }),
      shards,
    },
    plan: mergePlans(results.map((result) => result.plan), sources),
    seconds,
    endpoints,
    total: mergeSeries(results.map((result, i) => ({ series: result.total, offset: offsets[i]! })), seconds),
    generator: mergeGenerators(results.map((result, i) => ({ generator: result.generator, offset: offsets[i]!, runId: result.meta.runId })), seconds),
  };
}
