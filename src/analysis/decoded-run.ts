// A RunResult with its per-second latency histograms read once into bucket counts, and the per-second
// request and error counts summed per series. Every later step (trim, window stats, bootstrap, SLO)
// reads this, so each histogram is decoded exactly once per analysis.

import { ResultsError } from '../errors.js';
import type { EndpointSeries, ErrorClass, RunResult } from '../results/types.js';
import { judgedErrors, judgedRequests } from '../results/judged-counts.js';
import { countsFromEncoded, sumCounts, type BucketCounts } from './bucket-counts.js';

/** Error classes that come with a response (and so with a latency sample in the histogram). */
export const ERRORS_WITH_RESPONSE: readonly ErrorClass[] = ['http4xx', 'http5xx', 'expectation'];

export interface DecodedSeries {
  readonly name: string;
  readonly method?: string;
  readonly source: EndpointSeries;
  readonly latency: readonly BucketCounts[];
  /** Requests per second that the target answered or failed: the run's own cancellations left out. */
  readonly requests: readonly number[];
  /** Failed requests per second, every class that is a failure of the target (not `cancelled`). */
  readonly errors: readonly number[];
  /** Failed requests per second that still have a latency sample (4xx, 5xx, failed expectations). */
  readonly errorsWithResponse: readonly number[];
}

export interface DecodedRun {
  readonly result: RunResult;
  readonly endpoints: readonly DecodedSeries[];
  readonly total: DecodedSeries;
}

function decodeSeries(series: EndpointSeries, seconds: number, runId: string): DecodedSeries {
  const errors = judgedErrors(series, seconds);
  const errorsWithResponse = new Array<number>(seconds).fill(0);
  for (const [errorClass, perSecond] of Object.entries(series.errors) as [ErrorClass, readonly number[] | undefined][]) {
    if (!perSecond || !ERRORS_WITH_RESPONSE.includes(errorClass)) continue;
    for (let t = 0; t < seconds; t++) errorsWithResponse[t]! += perSecond[t] ?? 0;
  }
  return {
    name: series.name,
    ...(series.method === undefined ? {} : { method: series.method }),
    source: series,
    latency: series.latency.map((encoded, second) => {
      // Validation checks every histogram in full, so this catches only results that skipped it;
      // hdr-histogram-js throws plain strings as well as Errors.
      try {
        return countsFromEncoded(encoded);
      } catch (error) {
        throw new ResultsError(`results of run ${runId}: ${series.name}.latency[${second}] is not a valid encoded histogram (${error instanceof Error ? error.message : String(error)})`);
      }
    }),
    requests: judgedRequests(series, seconds),
    errors,
    errorsWithResponse,
  };
}

/**
 * RunResults are immutable once validated, so a decode is kept per object: one baseline analysed against
 * several runs (simulations, confirmation runs) is decoded once. Weak, so nothing outlives its result.
 */
const decodedCache = new WeakMap<RunResult, DecodedRun>();

export function decodeRun(result: RunResult): DecodedRun {
  const cached = decodedCache.get(result);
  if (cached) return cached;
  const decoded: DecodedRun = {
    result,
    endpoints: result.endpoints.map((series) => decodeSeries(series, result.seconds, result.meta.runId)),
    total: decodeSeries(result.total, result.seconds, result.meta.runId),
  };
  decodedCache.set(result, decoded);
  return decoded;
}

/** The series named `all` is the total; otherwise an endpoint by name. */
export function findSeries(run: DecodedRun, name: string): DecodedSeries | undefined {
  return name === 'all' ? run.total : run.endpoints.find((series) => series.name === name);
}

/** Latency over [startSec, endSec): the sum of that window's per-second counts. */
export function windowLatency(series: DecodedSeries, startSec: number, endSec: number): BucketCounts {
  return sumCounts(series.latency.slice(Math.max(0, startSec), Math.max(0, endSec)));
}

export function windowSum(values: readonly number[], startSec: number, endSec: number): number {
  let sum = 0;
  for (let t = Math.max(0, startSec); t < endSec && t < values.length; t++) sum += values[t] ?? 0;
  return sum;
}
