// --max-rate caps the request rate the run achieves, through the built CLI against a fast loopback
// server: ten closed-model virtual users, who alone would send thousands of requests a second, are
// held within 5 % of the cap, and results.json says how many requests waited and for how long. An
// open-model plan above the cap is still refused before any request; an open plan within it whose
// iterations have a second step is held to the cap by those second steps.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunResult } from '../../src/results/types.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

const MAX_RATE = 50;

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer((_req, res) => res.end('ok'));
  dir = await mkdtemp(join(tmpdir(), 'perf-max-rate-'));
  // A rebuild of dist/ can take minutes on a busy machine; it is paid here, not inside a test's time.
  ensureBuilt();
}, 600_000);

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function writeConfig(file: string, load: readonly string[], steps: readonly string[]): Promise<void> {
  await writeFile(join(dir, file), ['name: capped', `target: ${server.url}`, 'load:', ...load.map((line) => `  ${line}`), 'scenarios:', '  - name: s', '    steps:', ...steps.map((line) => `      ${line}`), ''].join('\n'));
}

function sum(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + count, 0);
}

async function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { cli } = ensureBuilt();
  const outcome = await runCli(cli, args, { cwd: dir, timeoutMs: 60_000 });
  expect(outcome.timedOut).toBe(false);
  expect(outcome.stderr).not.toMatch(STACK_LINE);
  return outcome;
}

test('closed model, 10 VUs, --max-rate 50: the achieved rate is within 5 % of the cap', async () => {
  await writeConfig('closed.yml', ['model: closed', 'phases:', '  - { name: steady, duration: 8s, vus: 10 }'], ['- { name: hit, get: /hit }']);
  const check = await run(['check', '-c', 'closed.yml', '--max-rate', String(MAX_RATE)]);
  expect(check.code).toBe(0);
  expect(check.stdout).toContain(`max rate ${MAX_RATE} req/s (closed model: throttled to it)`);

  const before = server.requests();
  const outcome = await run(['run', '-c', 'closed.yml', '--out', 'closed', '--max-rate', String(MAX_RATE)]);
  expect(outcome.code).toBe(0);
  const result = JSON.parse(await readFile(join(dir, 'closed', 'results.json'), 'utf8')) as RunResult;
  const requests = sum(result.total.requests);
  const achievedRate = requests / result.plan.durationSec;
  expect(Math.abs(achievedRate - MAX_RATE) / MAX_RATE).toBeLessThan(0.05);
  // What the server saw is what the results counted: no request left uncounted.
  expect(server.requests() - before).toBe(requests);
  const throttle = result.generator.throttle!;
  expect(throttle.maxRate).toBe(MAX_RATE);
  // Ten users sharing 50 tokens a second: nearly every request waited, about 10/50 s each.
  expect(throttle.requests).toBeGreaterThan(requests * 0.9);
  expect(throttle.waitedMs / throttle.requests).toBeGreaterThan(100);
  expect(outcome.stderr).toMatch(new RegExp(`max-rate ${MAX_RATE} req/s: \\d+ requests waited for it`));
}, 120_000);

test('open model above --max-rate is refused before any request', async () => {
  await writeConfig('open-over.yml', ['phases:', '  - { name: steady, duration: 2s, rate: 80 }'], ['- { name: hit, get: /hit }']);
  const before = server.requests();
  const outcome = await run(['run', '-c', 'open-over.yml', '--out', 'open-over', '--max-rate', String(MAX_RATE)]);
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain(`above the allowed maximum of ${MAX_RATE} req/s`);
  expect(server.requests()).toBe(before);
}, 60_000);

test('open model within --max-rate whose iterations send two requests is held to the cap', async () => {
  // 40 arrivals/s × 2 requests = 80 req/s wanted; the first steps keep their arrival times.
  await writeConfig('open-two.yml', ['phases:', '  - { name: steady, duration: 6s, rate: 40 }'], ['- { name: first, get: /a }', '- { name: second, get: /b }']);
  const outcome = await run(['run', '-c', 'open-two.yml', '--out', 'open-two', '--max-rate', String(MAX_RATE)]);
  expect(outcome.code).toBe(0);
  const result = JSON.parse(await readFile(join(dir, 'open-two', 'results.json'), 'utf8')) as RunResult;
  const [first, second] = result.endpoints;
  expect(sum(first!.requests)).toBeGreaterThanOrEqual(40 * 6 - 2);
  const achievedRate = sum(result.total.requests) / result.plan.durationSec;
  expect(achievedRate).toBeLessThan(MAX_RATE * 1.05);
  expect(achievedRate).toBeGreaterThan(MAX_RATE * 0.9);
  expect(sum(second!.requests)).toBeLessThan(sum(first!.requests));
  expect(result.generator.throttle!.requests).toBeGreaterThan(0);
}, 120_000);
