// sendAfterRunPushes against loopback receivers: a destination whose events were not raised gets no
// request and a "not sent" line; a secret of the run that reached the verdict (an endpoint name
// holding a token) is masked in every body; a failure becomes a warning line, never a throw.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { describePush, sendAfterRunPushes } from '../../src/pipeline/after-run-pushes.js';
import { endpointStats, HEAD_COMMIT, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';
import { refusedPort, startServer, type TestServer } from '../support/servers.js';

const TOKEN = 'tok-in-a-name-4f1e9a';
const bodies: { url: string; body: string }[] = [];
let receiver: TestServer;

beforeAll(async () => {
  receiver = await startServer((request, response, body) => {
    bodies.push({ url: request.url ?? '', body });
    response.end('ok');
  }, { readBody: true });
});
afterAll(() => receiver.close());

const FAST = { maxAttempts: 2, firstBackoffMs: 10, maxBackoffMs: 10 };

test('slo-fail only: not sent for a regression; the webhook and Loki get bodies with the token masked', async () => {
  const config = loadConfigText(
    `name: storefront
target: http://127.0.0.1:8080/
http: { headers: { authorization: "Bearer ${TOKEN}" } }
load:
  phases:
    - { duration: 10s, rate: 5 }
notify:
  on: [finish]
  slack: { webhook: "${receiver.url}/slack", on: [slo-fail] }
  webhook: { url: "${receiver.url}/hook" }
exports:
  loki: { url: "${receiver.url}" }
`,
    { env: {} },
  );
  // A target that put the token into a path would make it part of an endpoint name.
  const leaky = endpointStats(`GET /items?auth=${TOKEN}`, 10, 1, { p50: 1, p90: 2, p95: 3, p99: 4, p999: 5 });
  const base = storefrontVerdict();
  const verdict = { ...base, endpoints: [leaky, ...base.endpoints], headline: `slower on ${TOKEN}` };
  const reports = await sendAfterRunPushes({ config, verdict, current: storefrontRun({ seed: 3, commit: HEAD_COMMIT }), retry: FAST });

  expect(reports.map((report) => report.destination)).toEqual(['slack', 'webhook', 'loki']);
  expect(describePush(reports[0]!)).toEqual({ level: 'info', line: 'slack notification not sent (on: slo-fail; this run raised only regression, finish)' });
  expect(bodies.map((request) => request.url).sort()).toEqual(['/hook', '/loki/api/v1/push']);
  for (const { body } of bodies) {
    expect(body).not.toContain(TOKEN);
    expect(body).toContain('***');
  }
  expect(reports.slice(1).map((report) => describePush(report).level)).toEqual(['info', 'info']);
});

test('a refused port is a warning line, and the call resolves', async () => {
  const port = await refusedPort();
  const config = loadConfigText(
    `name: storefront
target: http://127.0.0.1:8080/
load:
  phases:
    - { duration: 10s, rate: 5 }
exports:
  loki: { url: "http://127.0.0.1:${port}", timeout: 2s }
`,
    { env: {} },
  );
  const [report] = await sendAfterRunPushes({ config, verdict: storefrontVerdict(), current: storefrontRun({ seed: 3, commit: HEAD_COMMIT }), retry: FAST });
  const { level, line } = describePush(report!);
  expect(level).toBe('warning');
  expect(line).toMatch(/^loki export failed: .*ECONNREFUSED.* \(2 attempts, \d+ ms\); the run's results are unaffected$/);
});
