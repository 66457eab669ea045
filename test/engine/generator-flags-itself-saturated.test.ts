import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { startDelayServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

test('with too few in-flight slots, sends are missed and the run is marked saturated, not the target blamed', async () => {
  server = await startDelayServer(50);
  // 200 req/s into a 50 ms server needs ~10 slots; 2 slots can carry at most ~40 req/s.
  const result = await runLoad(fixtureConfig({ target: server.url, maxInFlight: 2, phases: [{ durationMs: 2000, rate: 200 }] }), { seed: 1 });
  expect(result.generator.scheduled).toBe(400);
  expect(result.generator.missedSends).toBeGreaterThan(300);
  expect(result.generator.sent + result.generator.missedSends).toBe(400);
  expect(result.generator.missedPerSecond.reduce((a, b) => a + b, 0)).toBe(result.generator.missedSends);
  expect(result.generator.saturated).toBe(true);
  expect(result.generator.saturationReasons.some((reason) => reason.includes('could not be sent on time'))).toBe(true);
  expect(result.generator.saturationReasons.some((reason) => reason.includes('of the planned rate'))).toBe(true);
  // Missed sends are not requests: the target saw only what was sent.
  expect(result.total.requests.reduce((a, b) => a + b, 0)).toBe(result.generator.sent);
});

test('a rate far above what one core can send shows up as lag or missed sends', async () => {
  server = await startDelayServer(0);
  const result = await runLoad(fixtureConfig({ target: server.url, connections: 8, maxInFlight: 64, phases: [{ durationMs: 2000, rate: 200_000 }] }), { seed: 1 });
  expect(result.generator.saturated).toBe(true);
  expect(result.generator.saturationReasons.length).toBeGreaterThanOrEqual(1);
});
