import { expect, test } from 'vitest';
import { steadyWindow, summariseSteady } from '../../src/engine/steady-summary.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import type { EndpointSeries, PlanPhase, RunResult } from '../../src/results/types.js';

function second(valuesUs: readonly number[]): string | null {
  const histogram = createHistogram();
  for (const value of valuesUs) recordMicros(histogram, value);
  return encodeHistogram(histogram);
}

/** 6 s: a 2 s ramp 50 → 100, 3 s steady at 100, a 1 s ramp down; 10 ms latency, 90 ms in the ramps. */
function run(): RunResult {
  const phases: PlanPhase[] = [
    { name: 'up', startSec: 0, durationSec: 2, rate: 50, rampTo: 100, isRamp: true },
    { name: 'steady', startSec: 2, durationSec: 3, rate: 100, isRamp: false },
    { name: 'down', startSec: 5, durationSec: 1, rate: 100, rampTo: 0, isRamp: true },
  ];
  const requests = [60, 90, 100, 100, 98, 50];
  const latency = requests.map((count, s) => second(Array.from({ length: count }, (_, i) => (s < 2 || s === 5 ? 90_000 : 10_000 + i))));
  const series: EndpointSeries = {
    name: 'home',
    latency,
    serviceTime: latency,
    requests,
    errors: { http5xx: [0, 0, 1, 0, 2, 0] },
    status: { '200': requests },
    errorSamples: {},
  };
  return {
    format: 'perf-action/run-result',
    version: 1,
    meta: { runId: 'r', startedAt: '', endedAt: '', toolVersion: '0', configName: 'x', configHash: 'h', target: 'http://127.0.0.1', targetClass: 'loopback', runner: { os: 'linux', cpus: 2, nodeVersion: 'v24' }, labels: {}, partial: false, shards: 1 },
    plan: { model: 'open', arrivals: 'constant', phases, durationSec: 6, plannedRequests: 500, connections: 8 },
    seconds: 6,
    endpoints: [series],
    total: { ...series, name: 'all' },
    generator: { lag: second([100]), lagPerSecond: [second([100]), null, second([200, 300]), null, null, null], scheduled: 500, sent: 498, missedSends: 2, missedPerSecond: [0, 0, 0, 2, 0, 0], eventLoopDelayP99Ms: 0, saturated: false, saturationReasons: [] },
  };
}

test('the steady window skips leading and trailing ramps', () => {
  expect(steadyWindow(run())).toEqual({ startSec: 2, endSec: 5 });
});

test('figures over the steady window: requests, rates, percentiles, errors, generator', () => {
  const summary = summariseSteady(run());
  expect(summary.requests).toBe(298);
  expect(summary.plannedRate).toBe(100);
  expect(summary.achievedRate).toBeCloseTo(298 / 3, 9);
  expect(summary.errors).toBe(3);
  expect(summary.errorRatio).toBeCloseTo(3 / 298, 9);
  // Steady latencies are 10.000–10.099 ms: the ramps' 90 ms never show.
  expect(summary.latencyMs.max).toBeLessThan(10.2);
  expect(summary.latencyMs.p50).toBeGreaterThanOrEqual(10);
  expect(summary.endpoints.map((e) => e.name)).toEqual(['home']);
  expect(summary.generator.missedSends).toBe(2);
  expect(summary.generator.lagP99Ms).toBeCloseTo(0.3, 2);
  // 2 missed of 300 scheduled (0.67 %) is above the 0.1 % gate.
  expect(summary.generator.saturated).toBe(true);
});
