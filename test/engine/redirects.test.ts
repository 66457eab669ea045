// Redirects are off by default (a 3xx is the response recorded); with http.followRedirects > 0 the
// engine follows them and records the final answer. Without allowed hosts, a redirect to another host
// is followed to that host; a real loop (on one host or across two) is an error that says so, not
// undici's advice to use an Agent for cross-origin redirects.
import { afterEach, expect, test } from 'vitest';
import { runLoad } from '../../src/engine/run-load.js';
import { startServer, type TestServer } from '../support/servers.js';
import { fixtureConfig } from './fixture-config.js';

let server: TestServer | undefined;
let other: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await other?.close();
  other = undefined;
});

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

/** 127.0.0.2 answers /x with 200 and sends /back to 127.0.0.1's /loop; 127.0.0.1 sends /away and /loop to 127.0.0.2, and /self to itself. */
async function twoHosts(): Promise<{ first: TestServer; second: TestServer }> {
  let firstUrl = '';
  const second = await startServer(
    (req, res) => {
      if (req.url === '/back') {
        res.statusCode = 302;
        res.setHeader('location', `${firstUrl}/loop`);
        return res.end();
      }
      res.end('other host');
    },
    { host: '127.0.0.2' },
  );
  const first = await startServer((req, res) => {
    res.statusCode = 302;
    res.setHeader('location', req.url === '/self' ? '/self' : `${second.url}${req.url === '/loop' ? '/back' : '/x'}`);
    res.end();
  });
  firstUrl = first.url;
  return { first, second };
}

async function loadWithRedirects(path: string): Promise<Awaited<ReturnType<typeof runLoad>>> {
  const base = fixtureConfig({ target: server!.url, paths: [path], phases: [{ durationMs: 1000, rate: 5 }] });
  return runLoad({ ...base, http: { ...base.http, followRedirects: 5 } }, { seed: 1 });
}

test('without allowed hosts, a redirect to another host is followed to that host', async () => {
  const hosts = await twoHosts();
  [server, other] = [hosts.first, hosts.second];
  const result = await loadWithRedirects('/away');
  expect(result.total.status).toEqual({ '200': [5] });
  expect(result.total.errors).toEqual({});
  expect([server.requests(), other.requests()]).toEqual([5, 5]);
});

for (const [kind, path] of [
  ['across two hosts', '/loop'],
  ['on one host', '/self'],
] as const) {
  test(`a redirect loop ${kind} is an error named a redirect loop, without undici's cross-origin advice`, async () => {
    const hosts = await twoHosts();
    [server, other] = [hosts.first, hosts.second];
    const result = await loadWithRedirects(path);
    expect(result.total.errors).toEqual({ other: [5] });
    const sample = result.total.errorSamples.other ?? '';
    expect(sample).toBe(`redirect loop: a redirect to ${server.url} leads back to a URL this request already requested; not followed`);
    expect(sample).not.toMatch(/Agent|cross-origin/);
    // Each URL was requested once; the hop back to 127.0.0.1's first URL is never sent.
    expect(server.requests() + other.requests()).toBe(path === '/self' ? 5 : 10);
  });
}
