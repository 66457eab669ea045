// The built CLI sends its after-run pushes to loopback receivers as Slack, a JSON webhook and Loki
// would take them. The target echoes the load's credentials into its 401 bodies, so the error
// samples that go to Loki hold a redacted token; the Slack URL carries its own secret path; Loki is
// reached with a bearer token from ${LOKI_TOKEN}. The Loki receiver implements the documented
// push API (POST /loki/api/v1/push, JSON: streams of labels and [ns-string, line, metadata?]) and
// checks label names, nanosecond timestamps inside the run, and time order in each stream. The
// webhook answers 500 once, then 200. Afterwards no secret is in any file or output line.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HISTORY_FORMAT, HISTORY_VERSION } from '../../src/results/types.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

const API_TOKEN = 'tok-51f0c2d9e8a7b346';
const LOKI_TOKEN = 'loki-7d1e90ab33c4f258';
const SLACK_SECRET = 'xoxSlackPath8c1f2e7d';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let target: TestServer;
let slack: TestServer;
let webhook: TestServer;
let loki: TestServer;
const received: Record<'slack' | 'webhook' | 'loki', Received[]> = { slack: [], webhook: [], loki: [] };
const lokiProblems: string[] = [];
let dir: string;

/** Checks one push as Loki's JSON push API defines it; returns the problems found. */
function checkLokiPush(received: Received): string[] {
  const problems: string[] = [];
  if (received.url !== '/loki/api/v1/push') problems.push(`path ${received.url}`);
  if (received.headers['content-type'] !== 'application/json') problems.push(`content-type ${String(received.headers['content-type'])}`);
  let push: { streams?: unknown };
  try {
    push = JSON.parse(received.body) as { streams?: unknown };
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (!Array.isArray(push.streams) || push.streams.length === 0) return [...problems, 'no streams'];
  for (const stream of push.streams as { stream?: Record<string, unknown>; values?: unknown[] }[]) {
    for (const [name, value] of Object.entries(stream.stream ?? {})) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) problems.push(`label name ${name}`);
      if (typeof value !== 'string' || value === '') problems.push(`label ${name} value ${JSON.stringify(value)}`);
    }
    if (!Array.isArray(stream.values) || stream.values.length === 0) problems.push('stream without values');
    let previous = -1n;
    for (const entry of stream.values ?? []) {
      const [time, line, metadata] = entry as [unknown, unknown, unknown];
      if (typeof time !== 'string' || !/^\d{19}$/.test(time)) {
        problems.push(`timestamp ${JSON.stringify(time)} is not a nanosecond string`);
        continue;
      }
      if (BigInt(time) <= previous) problems.push(`timestamp ${time} not after ${previous}`);
      previous = BigInt(time);
      if (typeof line !== 'string') problems.push('line is not a string');
      if (metadata !== undefined && (typeof metadata !== 'object' || Object.values(metadata as object).some((value) => typeof value !== 'string'))) {
        problems.push('structured metadata values must be strings');
      }
    }
  }
  return problems;
}

beforeAll(async () => {
  target = await startServer((request, response) => {
    const echoed = `invalid token ${String(request.headers.authorization)}`;
    response.writeHead(request.url === '/login' ? 401 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: echoed }));
  });
  slack = await startServer((request, response, body) => {
    received.slack.push({ url: request.url ?? '', headers: request.headers, body });
    response.end('ok');
  }, { readBody: true });
  webhook = await startServer((request, response, body) => {
    received.webhook.push({ url: request.url ?? '', headers: request.headers, body });
    response.statusCode = received.webhook.length === 1 ? 500 : 200;
    response.end(received.webhook.length === 1 ? 'try again' : 'ok');
  }, { readBody: true });
  loki = await startServer((request, response, body) => {
    const push = { url: request.url ?? '', headers: request.headers, body };
    received.loki.push(push);
    lokiProblems.push(...checkLokiPush(push));
    response.statusCode = request.headers.authorization === `Bearer ${LOKI_TOKEN}` ? 204 : 401;
    response.end();
  }, { readBody: true });
  dir = await mkdtemp(join(tmpdir(), 'perf-pushes-'));
  const config = (pushes: string): string =>
    [
      'name: shop',
      `target: ${target.url}`,
      'labels: { environment: preview, service: shop, buildType: release, platform: linux, version: "1.2.3", build: "77" }',
      'http:',
      '  headers: { authorization: "Bearer ${API_TOKEN}" }',
      'load:',
      '  phases:',
      '    - { name: steady, duration: 3s, rate: 40 }',
      'scenarios:',
      '  - name: login',
      '    steps: [{ name: login, get: /login }]',
      '  - name: browse',
      '    steps: [{ name: items, get: /items, expect: { json: { "$.error": "none" } } }]',
      'slo:',
      '  - { name: available, availability: "10%" }',
      pushes,
    ].join('\n');
  await writeFile(join(dir, 'main.yml'), config(''));
  await writeFile(
    join(dir, 'perf.yml'),
    config(
      [
        'notify:',
        '  on: [finish]',
        '  history: 3',
        '  timeout: 8s',
        '  slack: { webhook: "${SLACK_WEBHOOK_URL}" }',
        `  webhook: { url: "${'$'}{HOOK_URL}" }`,
        'exports:',
        '  loki:',
        `    url: ${loki.url}`,
        '    headers: { authorization: "Bearer ${LOKI_TOKEN}" }',
        '',
      ].join('\n'),
    ),
  );
  const entry = (index: number) => {
    const summary = { requests: 100, ratePerSec: 20, errorRatio: 0.5, p50Ms: 1, p90Ms: 2, p95Ms: 10 + index, p99Ms: 30 };
    return { runId: `main-${index}`, commit: `${index}`.repeat(40).slice(0, 40), date: `2026-11-0${index + 1}T00:00:00.000Z`, total: summary, endpoints: { items: summary } };
  };
  await writeFile(join(dir, 'history.json'), JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_VERSION, configName: 'shop', entries: [0, 1, 2, 3, 4].map(entry) }));
});

afterAll(async () => {
  await Promise.all([target, slack, webhook, loki].map((server) => server?.close()));
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('Slack, the webhook (after one 500) and Loki receive the run; no secret is written or printed', async () => {
  const { cli } = ensureBuilt();
  const env = { API_TOKEN, LOKI_TOKEN, SLACK_WEBHOOK_URL: `${slack.url}/services/T01/B02/${SLACK_SECRET}`, HOOK_URL: `${webhook.url}/hook` };
  const main = await runCli(cli, ['run', '-c', 'main.yml', '--out', 'main', '--seed', '1'], { cwd: dir, env, timeoutMs: 60_000 });
  expect(main.code, main.stderr).toBe(0);
  const pr = await runCli(
    cli,
    ['run', '-c', 'perf.yml', '--out', 'pr', '--seed', '2', '--baseline', 'main/results.json', '--history', 'history.json', '--run-url', 'https://ci.example/runs/9', '--report-url', 'https://ci.example/runs/9/report.html'],
    { cwd: dir, env, timeoutMs: 60_000 },
  );
  expect(pr.timedOut).toBe(false);
  expect(pr.code, pr.stderr).toBe(0);
  expect(target.requests()).toBeGreaterThan(0);

  // Slack: one message, at the secret path, with the blocks a reader needs.
  expect(received.slack).toHaveLength(1);
  expect(received.slack[0]!.url).toBe(`/services/T01/B02/${SLACK_SECRET}`);
  const message = JSON.parse(received.slack[0]!.body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text?: string; url?: string }[] }[] };
  expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'context', 'actions']);
  const verdict = JSON.parse(await readFile(join(dir, 'pr', 'verdict.json'), 'utf8')) as { overall: string; headline: string; slo: string };
  expect(message.blocks[0]!.text!.text).toBe(`shop: ${verdict.overall.toUpperCase()}`);
  expect(message.blocks[1]!.text!.text).toContain(verdict.headline);
  const table = message.blocks[2]!.text!.text.split('\n');
  expect(table[1]!.split(/\s{2,}/)[0]).toBe('endpoint');
  expect(table.slice(2, -1).map((line) => line.split(/\s{2,}/)[0])).toEqual(['login', 'items', 'all']);
  expect(message.blocks[3]!.text!.text).toMatch(new RegExp(`^\\*SLO ${verdict.slo}\\*: .*available`));
  expect(message.blocks[4]!.elements![0]!.text).toMatch(/^Main's last 3 p95: items: 12 ms → 13 ms → 14 ms \(now .+\) · all: 12 ms → 13 ms → 14 ms/);
  expect(message.blocks[6]!.elements!.map((button) => button.url)).toEqual(['https://ci.example/runs/9', 'https://ci.example/runs/9/report.html']);

  // The webhook: a 500, then the same body again, accepted.
  expect(received.webhook).toHaveLength(2);
  expect(received.webhook[1]!.body).toBe(received.webhook[0]!.body);
  expect(JSON.parse(received.webhook[1]!.body)).toMatchObject({ format: 'perf-action/notification', version: 1, events: ['finish'], configName: 'shop' });
  expect(pr.stderr).toMatch(/webhook notification sent for finish \(HTTP 200, 2 attempts/);
  expect(pr.stderr).toMatch(/slack notification sent for finish \(HTTP 200, 1 attempt,/);
  expect(pr.stderr).toMatch(/loki export sent \(HTTP 204, 1 attempt,/);

  // Loki: one push, valid by the push API, authorised, with the streams and ids laid out as promised.
  expect(received.loki).toHaveLength(1);
  expect(lokiProblems).toEqual([]);
  expect(received.loki[0]!.headers.authorization).toBe(`Bearer ${LOKI_TOKEN}`);
  const push = JSON.parse(received.loki[0]!.body) as { streams: { stream: Record<string, string>; values: [string, string, Record<string, string>][] }[] };
  const labels = { job: 'perf-action', config: 'shop', environment: 'preview', service: 'shop', build_type: 'release', platform: 'linux' };
  expect(push.streams.map((stream) => stream.stream)).toEqual([{ ...labels, kind: 'summary' }, { ...labels, kind: 'error' }]);
  const results = JSON.parse(await readFile(join(dir, 'pr', 'results.json'), 'utf8')) as { meta: { runId: string; startedAt: string; endedAt: string } };
  const [summaryTime, summaryLine, metadata] = push.streams[0]!.values[0]!;
  expect(BigInt(summaryTime)).toBe(BigInt(Date.parse(results.meta.endedAt)) * 1_000_000n);
  expect(metadata).toEqual({ run_id: results.meta.runId, app_version: '1.2.3', build_id: '77' });
  expect(JSON.parse(summaryLine)).toMatchObject({ kind: 'summary', runId: results.meta.runId, verdict: { overall: verdict.overall, headline: verdict.headline } });
  const startNs = BigInt(Date.parse(results.meta.startedAt)) * 1_000_000n;
  const endNs = BigInt(Date.parse(results.meta.endedAt)) * 1_000_000n;
  const errorLines = push.streams[1]!.values.map(([time, line]) => {
    expect(BigInt(time) >= startNs && BigInt(time) <= endNs).toBe(true);
    return JSON.parse(line) as { endpoint: string; class: string; status?: number; message: string };
  });
  expect(errorLines).toEqual(
    expect.arrayContaining([expect.objectContaining({ endpoint: 'login', class: 'http4xx', status: 401 }), expect.objectContaining({ endpoint: 'items', class: 'expectation' })]),
  );
  expect(errorLines).toHaveLength(2);
  // The failed expectation quotes the echoed body, so the search below is not vacuous.
  const echoed = errorLines.find((line) => line.class === 'expectation')!.message;
  expect(echoed).toContain('invalid token');
  expect(echoed).toContain('***');

  const secrets = [API_TOKEN, LOKI_TOKEN, SLACK_SECRET];
  for (const body of [...received.slack, ...received.webhook, ...received.loki].map((request) => request.body)) {
    for (const secret of secrets) expect(body.includes(secret), `${secret} in a pushed body`).toBe(false);
  }
  for (const file of await filesUnder(dir)) {
    const text = await readFile(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
  }
  for (const stream of [main.stdout, main.stderr, pr.stdout, pr.stderr]) for (const secret of secrets) expect(stream).not.toContain(secret);
}, 180_000);
