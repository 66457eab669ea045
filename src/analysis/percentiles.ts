// Percentiles of one series over the steady window, each with a distribution-free interval
// (docs/statistics.md §2): for the p-quantile of n samples the order statistics at ranks np ∓ z·sqrt(np(1 − p))
// bracket it with ~95 % confidence whatever the distribution. A percentile has "enough samples" when at
// least 100 samples lie beyond it and that interval stays within ±5 % of the estimate. Requests in one
// second are correlated, so this interval is optimistic; the comparison uses the block bootstrap instead.

import type { PercentileName } from '../config/types.js';
import type { EndpointStats, PercentileEstimate, ShownPercentile } from './types.js';
import { byQuantile, percentileQuantile } from '../config/percentile-name.js';
import { maxUs, meanUs, quantileUs, valueAtRankUs, type BucketCounts } from './bucket-counts.js';
import { windowLatency, windowSum, type DecodedSeries } from './decoded-run.js';
import { RULES } from './defaults.js';

/** Estimated for every series and shown in the reports' full tables, whatever is compared. */
export const SHOWN_PERCENTILES: readonly ShownPercentile[] = ['p50', 'p90', 'p95', 'p99', 'p99.9'];

const US_PER_MS = 1000;

export function estimatePercentile(counts: BucketCounts, q: number): PercentileEstimate {
  const n = counts.total;
  if (n === 0) return { valueMs: Number.NaN, lowMs: Number.NaN, highMs: Number.NaN, enoughSamples: false };
  const valueMs = quantileUs(counts, q) / US_PER_MS;
  const spread = RULES.intervalZ * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.floor(n * q - spread);
  const highRank = Math.ceil(n * q + spread);
  const lowMs = lowRank >= 1 ? valueAtRankUs(counts, lowRank) / US_PER_MS : Number.NaN;
  const highMs = highRank <= n ? valueAtRankUs(counts, highRank) / US_PER_MS : Number.NaN;
  const beyond = n * (1 - q);
  const enoughSamples =
    beyond >= RULES.minSamplesBeyond &&
    lowMs >= valueMs * (1 - RULES.maxRelativeHalfWidth) &&
    highMs <= valueMs * (1 + RULES.maxRelativeHalfWidth);
  return { valueMs, lowMs, highMs, enoughSamples };
}

/** Everything the reports show for one series over [startSec, endSec): the shown percentiles and `also` (the compared ones). */
export function seriesStats(series: DecodedSeries, startSec: number, endSec: number, also: readonly PercentileName[] = []): EndpointStats {
  const counts = windowLatency(series, startSec, endSec);
  const requests = windowSum(series.requests, startSec, endSec);
  const errors = windowSum(series.errors, startSec, endSec);
  const seconds = Math.max(0, endSec - startSec);
  const percentiles = {} as Record<ShownPercentile, PercentileEstimate> & Record<PercentileName, PercentileEstimate>;
  for (const name of [...new Set([...SHOWN_PERCENTILES, ...also])].sort(byQuantile)) percentiles[name] = estimatePercentile(counts, percentileQuantile(name));
  const status: Record<string, number> = {};
  for (const [code, perSecond] of Object.entries(series.source.status)) {
    const count = windowSum(perSecond, startSec, endSec);
    if (count > 0) status[code] = count;
  }
  const errorClasses: Record<string, { count: number; sample?: string }> = {};
  for (const [errorClass, perSecond] of Object.entries(series.source.errors)) {
    const count = perSecond ? windowSum(perSecond, startSec, endSec) : 0;
    if (count === 0) continue;
    const sample = series.source.errorSamples[errorClass as keyof typeof series.source.errorSamples];
    errorClasses[errorClass] = sample === undefined ? { count } : { count, sample };
  }
  return {
    name: series.name,
    ...(series.method === undefined ? {} : { method: series.method }),
    requests,
    ratePerSec: seconds > 0 ? requests / seconds : 0,
    errors,
    errorRatio: requests > 0 ? errors / requests : Number.NaN,
    percentiles,
    maxMs: maxUs(counts) / US_PER_MS,
    meanMs: meanUs(counts) / US_PER_MS,
    status,
    errorClasses,
  };
}
