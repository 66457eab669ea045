import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { mergeEncoded } from '../../src/results/histogram.js';
import { startDelayServer, type TestServer } from '../support/servers.js';
import { fixtureConfig, getStep } from './fixture-config.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

test('4 VUs looping a 10 ms request and 40 ms of think time send about 4 × 20 requests a second', async () => {
  server = await startDelayServer(10);
  const config = fixtureConfig({
    target: server.url,
    model: 'closed',
    phases: [{ durationMs: 2000, vus: 4 }],
    scenarios: [{ name: 'loop', weight: 1, steps: [getStep('/a', 'a'), { kind: 'think', durationMs: 40 }] }],
  });
  const result = await runLoad(config, { seed: 1 });
  const requests = result.total.requests.reduce((a, b) => a + b, 0);
  // Each iteration takes ≥ 50 ms (10 ms answer + 40 ms think), so at most 4 × 2 s / 50 ms = 160;
  // timers and scheduling add a few ms per iteration, so expect at least 70 % of that.
  expect(requests).toBeLessThanOrEqual(164);
  expect(requests).toBeGreaterThanOrEqual(112);
  expect(result.plan.model).toBe('closed');
  expect(result.plan.plannedRequests).toBeUndefined();
  // Latency equals service time in the closed model: the scheduled start is the send.
  const latency = mergeEncoded(result.total.latency);
  const service = mergeEncoded(result.total.serviceTime);
  expect(latency.getValueAtPercentile(50)).toBeGreaterThanOrEqual(10_000);
  expect(Math.abs(latency.getValueAtPercentile(50) - service.getValueAtPercentile(50))).toBeLessThan(1_000);
  expect(result.generator.missedSends).toBe(0);
});

test('VUs follow a ramp: 1 → 6 over 2 s sends fewer requests in the first second than in the second', async () => {
  server = await startDelayServer(20);
  const config = fixtureConfig({ target: server.url, model: 'closed', phases: [{ durationMs: 2000, vus: 1, rampToVus: 6 }] });
  const result = await runLoad(config, { seed: 1 });
  const [first, second] = result.total.requests as [number, number];
  // ~2 VUs on average in second 1 (≈ 90 requests at 20 ms), ~4.5 in second 2 (≈ 220).
  expect(second).toBeGreaterThan(first * 1.5);
  expect(result.plan.phases[0]!.isRamp).toBe(true);
});

test('no iteration starts after the plan ends: every request falls inside its seconds', async () => {
  server = await startDelayServer(5);
  const result = await runLoad(fixtureConfig({ target: server.url, model: 'closed', phases: [{ durationMs: 2000, vus: 3 }] }), { seed: 1 });
  expect(result.seconds).toBe(2);
  expect(result.total.requests.length).toBe(2);
  expect(server.requests()).toBe(result.total.requests.reduce((a, b) => a + b, 0));
});
