// `cancelled` (requests the run cut off itself) is kept in results.json, so sent = recorded + cancelled,
// but no error ratio, rate or SLO holds it against the target: analysis, the steady summary and the
// history all count through results/judged-counts.ts.
import { expect, test } from 'vitest';
import { analyse } from '../../src/analysis/verdict.js';
import { summariseSteady } from '../../src/engine/steady-summary.js';
import { summariseSeries } from '../../src/results/history.js';
import { judgedErrors, judgedRequests } from '../../src/results/judged-counts.js';
import { mergeRunResults } from '../../src/results/merge.js';
import { validateRunResult } from '../../src/results/run-result.js';
import type { EndpointSeries, RunResult } from '../../src/results/types.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** The run with `cancelledPerSecond` more requests per second, all cancelled, in every series. */
function withCancelled(run: RunResult, cancelledPerSecond: number): RunResult {
  const add = (series: EndpointSeries): EndpointSeries => ({
    ...series,
    requests: series.requests.map((count) => count + cancelledPerSecond),
    errors: { ...series.errors, cancelled: series.requests.map(() => cancelledPerSecond) },
    errorSamples: { ...series.errorSamples, cancelled: 'in flight when the run stopped' },
  });
  return { ...run, endpoints: run.endpoints.map(add), total: add(run.total) };
}

const plain = syntheticRun({ seed: 5, seconds: 20, arrivals: 'constant', endpoints: [{ name: 'GET /', ratePerSec: 50, medianMs: 10, sigma: 0.2, errorRatio: 0.02 }] });
const cancelled = withCancelled(plain, 7);

test('results with cancelled requests validate and merge, the class kept', () => {
  const valid = validateRunResult(JSON.parse(JSON.stringify(cancelled)), 'cancelled');
  expect(valid.total.errors.cancelled?.[0]).toBe(7);
  const merged = mergeRunResults([cancelled, { ...cancelled, meta: { ...cancelled.meta, runId: 'other' } }]);
  expect(merged.total.errors.cancelled?.[0]).toBe(14);
});

test('judged counts leave cancelled out of requests and errors alike', () => {
  const seconds = cancelled.seconds;
  expect(judgedRequests(cancelled.total, seconds)).toEqual(plain.total.requests);
  expect(judgedErrors(cancelled.total, seconds)).toEqual(judgedErrors(plain.total, seconds));
});

test('the verdict, the steady summary and the history give the same error ratio with or without cancelled requests', () => {
  const before = analyse({ current: plain });
  const after = analyse({ current: cancelled });
  expect(after.total.errorRatio).toBe(before.total.errorRatio);
  expect(after.total.requests).toBe(before.total.requests);
  expect(after.total.errorClasses.cancelled?.count).toBeGreaterThan(0);
  expect(summariseSteady(cancelled).errorRatio).toBe(summariseSteady(plain).errorRatio);
  const window = { startSec: 0, endSec: plain.seconds };
  expect(summariseSeries(cancelled.total, window)).toEqual(summariseSeries(plain.total, window));
});
