// The recorder keeps the seconds after the plan (the drain: a few late requests). The steady window
// ends at the plan's end all the same, for the analysis' rates and percentiles, the CLI's steady
// summary and the report's charts: a 12 s plan at 600 req/s reports 600 req/s, not (600·k + 3)/(k + 1).
import { describe, expect, test } from 'vitest';
import { analyse } from '../../src/analysis/verdict.js';
import { summariseSteady } from '../../src/engine/steady-summary.js';
import { planEndSec } from '../../src/results/plan-end.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { validateRunResult } from '../../src/results/run-result.js';
import type { EndpointSeries, RunResult } from '../../src/results/types.js';
import { reportData } from '../../src/report/html-data.js';
import { syntheticRun } from '../support/synthetic-run.js';

const RATE = 600;
const PLAN_SEC = 12;
const DRAIN_REQUESTS = 3;
const DRAIN_LATENCY_US = 900_000;

function drainSecond(series: EndpointSeries, requests: number): EndpointSeries {
  const histogram = createHistogram();
  for (let i = 0; i < requests; i++) recordMicros(histogram, DRAIN_LATENCY_US);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return {
    ...series,
    latency: [...series.latency, encoded],
    serviceTime: [...series.serviceTime, encoded],
    requests: [...series.requests, requests],
    errors: Object.fromEntries(Object.entries(series.errors).map(([key, perSecond]) => [key, [...(perSecond ?? []), 0]])),
    status: Object.fromEntries(Object.entries(series.status).map(([code, perSecond]) => [code, [...perSecond, code === '200' ? requests : 0]])),
  };
}

/** A 12 s constant-rate plan whose run recorded a 13th second holding 3 slow late requests. */
function runWithDrain(): RunResult {
  const planned = syntheticRun({ seed: 3, seconds: PLAN_SEC, arrivals: 'constant', endpoints: [{ name: 'home', ratePerSec: RATE, medianMs: 10, sigma: 0.2 }] });
  const generator = planned.generator;
  return {
    ...planned,
    seconds: PLAN_SEC + 1,
    endpoints: planned.endpoints.map((series) => drainSecond(series, DRAIN_REQUESTS)),
    total: drainSecond(planned.total, DRAIN_REQUESTS),
    generator: {
      ...generator,
      lagPerSecond: [...generator.lagPerSecond, null],
      missedPerSecond: [...generator.missedPerSecond, 0],
      ...(generator.startedPerSecond ? { startedPerSecond: [...generator.startedPerSecond, 0] } : {}),
    },
  };
}

describe('the steady window ends at the plan end', () => {
  const run = runWithDrain();

  test('the run is a valid results file whose last recorded second lies past the plan', () => {
    expect(validateRunResult(JSON.parse(JSON.stringify(run)), 'drained.json')).toBeDefined();
    expect(run.plan.durationSec).toBe(PLAN_SEC);
    expect(run.seconds).toBe(PLAN_SEC + 1);
    expect(run.total.requests[PLAN_SEC]).toBe(DRAIN_REQUESTS);
    expect(planEndSec(run)).toBe(PLAN_SEC);
  });

  test('analysis: rate = requests in the window / window seconds, the window ending at plan.durationSec; the drain is in no percentile', () => {
    const verdict = analyse({ current: run, config: { trim: { kind: 'fixed', cutMs: 2000 }, slo: [], compare: { percentiles: ['p50'], tolerance: {}, floorMs: 1, alpha: 0.01, resamples: 200, seed: 1, historyWindow: 20 } } });
    expect(verdict.trim.current).toMatchObject({ startSec: 2, endSec: PLAN_SEC });
    const inWindow = run.total.requests.slice(2, PLAN_SEC).reduce((sum, count) => sum + count, 0);
    expect(inWindow).toBe(RATE * (PLAN_SEC - 2));
    expect(verdict.total.requests).toBe(inWindow);
    expect(verdict.total.ratePerSec).toBe(inWindow / (PLAN_SEC - 2));
    expect(verdict.total.ratePerSec).toBe(RATE);
    // The 900 ms drain requests would be the maximum if the window reached them.
    expect(verdict.total.maxMs).toBeLessThan(DRAIN_LATENCY_US / 1000);
  });

  test('auto trim ends there too', () => {
    const verdict = analyse({ current: run });
    expect(verdict.trim.current.endSec).toBe(PLAN_SEC);
    const { startSec } = verdict.trim.current;
    expect(verdict.total.ratePerSec).toBe(RATE);
    expect(verdict.total.requests).toBe(RATE * (PLAN_SEC - startSec));
  });

  test('the CLI steady summary: window [0, 12), 600 req/s, no drain latency', () => {
    const summary = summariseSteady(run);
    expect(summary.window).toEqual({ startSec: 0, endSec: PLAN_SEC });
    expect(summary.requests).toBe(RATE * PLAN_SEC);
    expect(summary.achievedRate).toBe(RATE);
    expect(summary.plannedRate).toBe(RATE);
    expect(summary.latencyMs.max).toBeLessThan(DRAIN_LATENCY_US / 1000);
    // A plan of ramps only has no steady phase: its window is the whole plan, still not the drain.
    const rampOnly = { ...run, plan: { ...run.plan, phases: run.plan.phases.map((phase) => ({ ...phase, rampTo: (phase.rate ?? 0) + 1, isRamp: true })) } };
    expect(summariseSteady(rampOnly).window).toEqual({ startSec: 0, endSec: PLAN_SEC });
  });

  test('the report charts stop at the plan end, so throughput never drops to the drain inside the window', () => {
    const verdict = analyse({ current: run });
    const charts = reportData(verdict, run, undefined).series[0]!.current;
    expect(charts.seconds).toBe(PLAN_SEC);
    expect(charts.steadyEndSec).toBe(PLAN_SEC);
    expect(charts.requestsPerSec).toHaveLength(PLAN_SEC);
    expect(charts.requestsPerSec.every((point) => point.y === RATE)).toBe(true);
    expect(charts.p99).toHaveLength(PLAN_SEC);
  });

  test('an interrupted run (recorded less than the plan) keeps what it recorded, and a 12.5 s plan ends at 12', () => {
    expect(planEndSec({ plan: run.plan, seconds: 7 })).toBe(7);
    expect(planEndSec({ plan: { ...run.plan, durationSec: 12.5 }, seconds: 13 })).toBe(12);
    expect(planEndSec({ plan: { ...run.plan, durationSec: 11.9999999 }, seconds: 13 })).toBe(12);
    expect(planEndSec({ plan: { ...run.plan, durationSec: 0.4 }, seconds: 2 })).toBe(1);
  });
});
