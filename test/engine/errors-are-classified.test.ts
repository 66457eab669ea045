// A run never crashes on a bad target: failures are classified, counted per second and sampled.
import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { refusedPort, startResetServer, startServer, startStatusServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const sum = (values: readonly number[] | undefined): number => (values ?? []).reduce((a, b) => a + b, 0);

test('a refused port gives a result full of refused errors', async () => {
  const port = await refusedPort();
  // The unreachable rule is off: this is about how each failure is classified (stop-rules tests cover the rule).
  const result = await runLoad(fixtureConfig({ target: `http://127.0.0.1:${port}`, phases: [{ durationMs: 1000, rate: 50 }], abort: { unreachableAfterMs: 0 } }), { seed: 1 });
  validateRunResult(JSON.parse(JSON.stringify(result)), 'refused');
  expect(sum(result.total.requests)).toBe(50);
  expect(sum(result.total.errors.refused)).toBe(50);
  expect(Object.keys(result.total.errors)).toEqual(['refused']);
  expect(result.total.errorSamples.refused).toContain('ECONNREFUSED');
  expect(result.total.latency).toEqual([null]);
  expect(result.meta.partial).toBe(false);
});

test('a server that resets every connection gives reset errors', async () => {
  const server = await startResetServer();
  servers.push(server);
  const result = await runLoad(fixtureConfig({ target: server.url, phases: [{ durationMs: 1000, rate: 40 }] }), { seed: 1 });
  expect(sum(result.total.requests)).toBe(40);
  expect(sum(result.total.errors.reset)).toBe(40);
  expect(server.requests()).toBe(40);
});

test('4xx and 5xx responses are errors of their status class, with latency samples', async () => {
  const notFound = await startStatusServer(404);
  const failing = await startStatusServer(503);
  servers.push(notFound, failing);
  const a = await runLoad(fixtureConfig({ target: notFound.url, phases: [{ durationMs: 1000, rate: 20 }] }), { seed: 1 });
  expect(sum(a.total.errors.http4xx)).toBe(20);
  expect(a.total.status).toEqual({ '404': [20] });
  expect(a.total.latency[0]).not.toBeNull();
  const b = await runLoad(fixtureConfig({ target: failing.url, phases: [{ durationMs: 1000, rate: 20 }] }), { seed: 1 });
  expect(sum(b.total.errors.http5xx)).toBe(20);
  expect(b.total.errorSamples.http5xx).toBe('status 503');
});

test('a server slower than the timeout gives timeout errors', async () => {
  const { startDelayServer } = await import('../support/servers.js');
  const slow = await startDelayServer(1_500);
  servers.push(slow);
  const result = await runLoad(fixtureConfig({ target: slow.url, timeoutMs: 300, phases: [{ durationMs: 1000, rate: 10 }] }), { seed: 1 });
  expect(sum(result.total.errors.timeout)).toBe(10);
  // The request's own deadline (from its scheduled start) ends it, not undici's headersTimeout, which starts later.
  expect(result.total.errorSamples.timeout).toMatch(/PA_REQUEST_DEADLINE|UND_ERR_HEADERS_TIMEOUT/);
});

test('a self-signed certificate gives tls errors, and http.insecure accepts it', async () => {
  const server = await startServer((_req, res) => res.end('ok'), { tls: true });
  servers.push(server);
  const phases = [{ durationMs: 1000, rate: 20 }];
  const strict = await runLoad(fixtureConfig({ target: server.url, phases }), { seed: 1 });
  expect(sum(strict.total.requests)).toBe(20);
  expect(sum(strict.total.errors.tls)).toBe(20);
  expect(Object.keys(strict.total.errors)).toEqual(['tls']);
  expect(strict.total.errorSamples.tls).toMatch(/self[- ]signed/i);
  expect(server.requests()).toBe(0);
  const insecure = await runLoad(fixtureConfig({ target: server.url, phases, insecureTls: true }), { seed: 1 });
  expect(sum(insecure.total.requests)).toBe(20);
  expect(insecure.total.errors).toEqual({});
  expect(insecure.total.status).toEqual({ '200': [20] });
  expect(server.requests()).toBe(20);
});
