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
