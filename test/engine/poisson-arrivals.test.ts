import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { startDelayServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

test('Poisson arrivals: the count follows the plan, and a seed reproduces it', async () => {
  server = await startDelayServer(0);
  const config = fixtureConfig({ target: server.url, arrivals: 'poisson', phases: [{ durationMs: 2000, rate: 200 }] });
  const first = await runLoad(config, { seed: 11 });
  const second = await runLoad(config, { seed: 11 });
  // 400 expected, Poisson sd 20: ±3 sd.
  expect(first.generator.scheduled).toBeGreaterThanOrEqual(340);
  expect(first.generator.scheduled).toBeLessThanOrEqual(460);
  expect(second.generator.scheduled).toBe(first.generator.scheduled);
  expect(first.total.requests).toEqual(second.total.requests);
  expect(first.plan.arrivals).toBe('poisson');
  expect(server.requests()).toBe(2 * first.generator.scheduled);
});
