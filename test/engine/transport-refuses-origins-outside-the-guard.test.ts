// The transport asks the origin guard before every dispatch and every redirect hop, with redirects
// off (the handler interface StepRunner implements) and on (undici's redirect handler in between):
// a refused origin gets no socket, the handler's error callback gets a BlockedHostError, and a
// redirect is routed to its own origin's pool.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Dispatcher } from 'undici';
import { OriginGuard } from '../../src/engine/origin-guard.js';
import { Transport } from '../../src/engine/transport.js';
import { startServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let allowed: TestServer;
let other: TestServer;

beforeAll(async () => {
  other = await startServer((_req, res) => res.end('other'), { host: '127.0.0.2' });
  allowed = await startServer((req, res) => {
    if (req.url === '/away') {
      res.writeHead(302, { location: `${other.url}/x` });
      return res.end();
    }
    res.end('allowed');
  });
});
afterAll(async () => {
  await Promise.all([allowed?.close(), other?.close()]);
});

/** Dispatches once and reports how the request ended. */
function send(transport: Transport, origin: string, path: string): Promise<{ status?: number; error?: Error & { code?: string } }> {
  return new Promise((resolve) => {
    let status: number | undefined;
    const handler: Dispatcher.DispatchHandler = {
      onConnect() {},
      onHeaders(statusCode) {
        status = statusCode;
        return true;
      },
      onData() {
        return true;
      },
      onComplete() {
        resolve(status === undefined ? {} : { status });
      },
      onError(error) {
        resolve({ error });
      },
    };
    transport.dispatcherFor(origin).dispatch({ origin, path, method: 'GET', headers: [] }, handler);
  });
}

for (const followRedirects of [0, 3]) {
  test(`redirects ${followRedirects === 0 ? 'off' : 'on'}: a refused origin is never dialled`, async () => {
    const http = fixtureConfig({ target: allowed.url, paths: ['/'], phases: [{ durationMs: 1000, rate: 1 }] }).http;
    const transport = new Transport({ ...http, followRedirects }, new OriginGuard([`127.0.0.1:${allowed.port}`]));
    const before = other.requests();
    const outcome = await send(transport, other.url, '/x');
    expect(outcome.error?.code).toBe('PA_BLOCKED_HOST');
    expect(outcome.error?.message).toContain(`${other.url}/x is not an allowed host (allowed: 127.0.0.1:${allowed.port})`);
    expect((await send(transport, allowed.url, '/')).status).toBe(200);
    if (followRedirects > 0) {
      const hop = await send(transport, allowed.url, '/away');
      expect(hop.error?.code).toBe('PA_BLOCKED_HOST');
    }
    expect(other.requests()).toBe(before);
    await transport.close(true);
  });
}

test('a redirect to another allowed origin goes to that origin', async () => {
  const http = fixtureConfig({ target: allowed.url, paths: ['/'], phases: [{ durationMs: 1000, rate: 1 }] }).http;
  const transport = new Transport({ ...http, followRedirects: 3 }, new OriginGuard([`127.0.0.1:${allowed.port}`, `127.0.0.2:${other.port}`]));
  const before = other.requests();
  expect((await send(transport, allowed.url, '/away')).status).toBe(200);
  expect(other.requests()).toBe(before + 1);
  await transport.close(true);
});
