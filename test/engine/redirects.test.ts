// Redirects are off by default (a 3xx is the response recorded); with http.followRedirects > 0 the
// engine follows them and records the final answer.
import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { startServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

function redirectingServer(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.url === '/old') {
      res.statusCode = 302;
      res.setHeader('location', '/new');
      res.end();
    } else {
      res.end('new');
    }
  });
}

test('a 302 is recorded as such when redirects are off', async () => {
  server = await redirectingServer();
  const result = await runLoad(fixtureConfig({ target: server.url, paths: ['/old'], phases: [{ durationMs: 1000, rate: 10 }] }), { seed: 1 });
  expect(result.total.status).toEqual({ '302': [10] });
  expect(result.total.errors).toEqual({});
  expect(server.requests()).toBe(10);
});

test('with followRedirects the final response is recorded', async () => {
  server = await redirectingServer();
  const base = fixtureConfig({ target: server.url, paths: ['/old'], phases: [{ durationMs: 1000, rate: 10 }] });
  const result = await runLoad({ ...base, http: { ...base.http, followRedirects: 2 } }, { seed: 1 });
  expect(result.total.status).toEqual({ '200': [10] });
  expect(server.requests()).toBe(20);
});
