import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { startDelayServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

test('every request carries a W3C traceparent of one trace and an x-request-id equal to its span id', async () => {
  server = await startDelayServer(0);
  await runLoad(fixtureConfig({ target: server.url, phases: [{ durationMs: 1000, rate: 30 }] }), { seed: 3 });
  expect(server.seenHeaders.length).toBe(30);
  const traces = new Set<string>();
  const spans = new Set<string>();
  for (const headers of server.seenHeaders) {
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(headers.traceparent));
    expect(match).not.toBeNull();
    traces.add(match![1]!);
    spans.add(match![2]!);
    expect(headers['x-request-id']).toBe(match![2]);
  }
  expect(traces.size).toBe(1);
  expect(spans.size).toBe(30);
});

test('a VU that repeats a static step and alternates it with a templated one sends each its own headers and a fresh span id on every request', async () => {
  server = await startDelayServer(0);
  const step = (path: string, headers: Record<string, string>) => ({ kind: 'request' as const, type: 'http' as const, name: `GET ${path}`, method: 'GET' as const, url: path, headers, query: {}, capture: {} });
  // Iterations of `one step` back to back send the same static step again (its header list is reused
  // with new trace ids); `two steps` switches to a templated step and back (the list is rebuilt).
  const scenarios = [
    { name: 'one step', weight: 1, steps: [step('/static', { 'x-kind': 'static' })] },
    { name: 'two steps', weight: 1, steps: [step('/static', { 'x-kind': 'static' }), step('/templated', { 'x-kind': 'templated', 'x-pick': '{{ random.uuid() }}' })] },
  ];
  // One VU for 300 ms: the same runner sends dozens of requests.
  await runLoad(fixtureConfig({ target: server.url, model: 'closed', phases: [{ durationMs: 300, vus: 1 }], connections: 1, scenarios }), { seed: 5 });
  const seen = server.seenHeaders;
  expect(seen.length).toBeGreaterThanOrEqual(10);
  const spans = new Set<string>();
  const picks = new Set<string>();
  for (const headers of seen) {
    const match = /^00-[0-9a-f]{32}-([0-9a-f]{16})-01$/.exec(String(headers.traceparent));
    expect(match).not.toBeNull();
    expect(headers['x-request-id']).toBe(match![1]);
    spans.add(match![1]!);
    if (headers['x-kind'] === 'static') {
      expect(headers['x-pick']).toBeUndefined();
    } else {
      expect(headers['x-kind']).toBe('templated');
      expect(String(headers['x-pick'])).toMatch(/^[0-9a-f-]{36}$/);
      picks.add(String(headers['x-pick']));
    }
  }
  expect(spans.size).toBe(seen.length);
  // Both kinds were sent, and the templated value was rendered afresh each time.
  const templated = seen.filter((headers) => headers['x-kind'] === 'templated').length;
  expect(templated).toBeGreaterThan(0);
  expect(seen.length - templated).toBeGreaterThan(0);
  expect(picks.size).toBe(templated);
});
