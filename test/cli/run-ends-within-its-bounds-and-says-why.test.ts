// The run's time and memory are bounded whatever the target does, and its exit code says why it
// ended: each case runs the built CLI in its own process against a real loopback server (or a closed
// port) and checks the exit code, the wall time, the child's peak RSS and the results it wrote.
// - closed port: exit 3 within 10 s, "target unreachable: ECONNREFUSED 127.0.0.1:P";
// - SIGINT at 3 s of a 10 s run: exit 130, partial results with reason "interrupted", and every
//   request sent is in the file, those cut off as `cancelled` (sent = recorded + cancelled); SIGTERM: 143;
// - a target that never answers, 5 s plan, 3 s timeout, 2 connections (so requests queue): under 12 s;
// - a chunked body that never ends (5 s plan, 3 s timeout): under 10 s, RSS under 300 MB;
// - a 600 MB body read by `expect: contains`: judged on its first http.maxBodyBytes, RSS under 300 MB.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { validateRunResult } from '../../src/results/run-result.js';
import type { RunResult } from '../../src/results/types.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE } from '../support/run-cli.js';
import { refusedPort, startServer, type TestServer } from '../support/servers.js';

const MB = 1024 * 1024;
const RSS_LIMIT_KB = 300 * 1024;

let cli: string;
let dir: string;
let server: TestServer | undefined;

beforeAll(async () => {
  cli = ensureBuilt().cli;
  dir = await mkdtemp(join(tmpdir(), 'perf-bounds-'));
}, 240_000);

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sum = (values: readonly number[] | undefined): number => (values ?? []).reduce((a, b) => a + b, 0);

async function results(out: string): Promise<RunResult> {
  return validateRunResult(JSON.parse(await readFile(join(dir, out, 'results.json'), 'utf8')), `${out}/results.json`);
}

async function config(file: string, lines: readonly string[]): Promise<string> {
  await writeFile(join(dir, file), lines.join('\n') + '\n');
  return file;
}

/** Writes `chunk` again and again, honouring back-pressure, until `totalBytes` or the client goes away. */
function stream(res: ServerResponse, chunk: Buffer, totalBytes: number): void {
  let written = 0;
  const more = (): void => {
    while (written < totalBytes && !res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  more();
}

test('a closed port: exit 3 within 10 s, naming ECONNREFUSED and the address; results written', async () => {
  const port = await refusedPort();
  const run = await runCli(cli, ['run', '--target', `http://127.0.0.1:${port}/`, '--rate', '20', '--duration', '30s', '--ramp-up', '0s', '--out', 'refused'], { cwd: dir, timeoutMs: 30_000 });
  expect(run.timedOut).toBe(false);
  expect(run.code).toBe(3);
  expect(run.elapsedMs).toBeLessThan(10_000);
  expect(run.stderr).toContain(`target unreachable: ECONNREFUSED 127.0.0.1:${port}`);
  expect(run.stderr).not.toMatch(STACK_LINE);
  const result = await results('refused');
  expect(result.meta.stoppedBy).toBe('unreachable');
  expect(result.meta.partial).toBe(true);
  expect(sum(result.total.errors.refused)).toBeGreaterThan(0);
  expect(sum(result.total.errors.refused) + sum(result.total.errors.cancelled)).toBe(result.generator.sent);
}, 40_000);

for (const [signal, exitCode] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} at 3 s of a 10 s run: exit ${exitCode}, partial results "interrupted", sent = recorded + cancelled`, async () => {
    // Every answer takes 1.5 s, so requests are in flight at the signal; those older than the 1 s
    // grace finish, the rest are cancelled.
    server = await startServer((_req, res) => void setTimeout(() => res.end('ok'), 1_500));
    const out = `signal-${signal}`;
    const run = await runCli(cli, ['run', '--target', server.url, '--rate', '20', '--duration', '10s', '--ramp-up', '0s', '--out', out], {
      cwd: dir,
      timeoutMs: 30_000,
      signal: { name: signal, afterMs: 3_000 },
    });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(exitCode);
    expect(run.signalledAtMs).toBeDefined();
    // Stop grace (1 s) plus writing the reports; well short of the 10 s plan.
    expect(run.elapsedMs - run.signalledAtMs!).toBeLessThan(5_000);
    expect(run.stderr).toContain(`interrupted by ${signal}`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const result = await results(out);
    expect(result.meta.partial).toBe(true);
    expect(result.meta.partialReason).toBe(`interrupted (${signal})`);
    expect(result.meta.stoppedBy).toBe('interrupted');
    const sent = result.generator.sent;
    const cancelled = sum(result.total.errors.cancelled);
    const answered = sum(result.total.status['200']);
    expect(cancelled).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
    expect(answered + cancelled).toBe(sent);
    expect(sum(result.total.requests)).toBe(sent);
    expect(server.requests()).toBe(sent);
    // Cancelled requests are the run's own doing: not errors of the target, and never "saturated".
    const verdict = JSON.parse(await readFile(join(dir, out, 'verdict.json'), 'utf8')) as { overall: string; headline: string; total: { errors: number; errorRatio: number }; };
    expect(verdict.overall).toBe('inconclusive');
    expect(verdict.headline).toContain('interrupted');
    expect(verdict.headline).not.toContain('saturated');
    // (Lag on a busy machine may still flag the generator; a shortfall against the plan never does.)
    expect(result.generator.saturationReasons.filter((reason) => reason.includes('planned rate'))).toEqual([]);
    expect(verdict.total.errors).toBe(0);
  }, 40_000);
}

test('a target that never answers, 5 s plan, 3 s timeout, 2 connections: done in under 12 s', async () => {
  server = await startServer(() => undefined);
  const file = await config('hang.yml', [
    'name: hang',
    `target: ${server.url}`,
    'http: { timeout: 3s, connections: 2 }',
    'load:',
    '  phases:',
    '    - { name: steady, duration: 5s, rate: 20 }',
  ]);
  const run = await runCli(cli, ['run', '-c', file, '--out', 'hang'], { cwd: dir, timeoutMs: 60_000 });
  expect(run.timedOut).toBe(false);
  expect(run.elapsedMs).toBeLessThan(12_000);
  expect(run.code).toBe(0);
  const result = await results('hang');
  expect(result.meta.partial).toBe(false);
  const timeouts = sum(result.total.errors.timeout);
  const cancelled = sum(result.total.errors.cancelled);
  // Most requests waited in the pool's queue behind the two hanging ones: they time out too.
  expect(timeouts).toBeGreaterThan(2 * 2);
  expect(timeouts + cancelled).toBe(result.generator.sent);
  expect(result.total.errorSamples.timeout).toContain('PA_REQUEST_DEADLINE');
}, 70_000);

test('a chunked body that never ends, 5 s plan, 3 s timeout: exits within 10 s, RSS under 300 MB, results written', async () => {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    stream(res, chunk, Number.POSITIVE_INFINITY);
  });
  const file = await config('endless.yml', [
    'name: endless',
    `target: ${server.url}`,
    'http: { timeout: 3s, connections: 4 }',
    'load:',
    '  phases:',
    '    - { name: steady, duration: 5s, rate: 2 }',
    'scenarios:',
    '  - name: read',
    '    steps:',
    '      - { get: /endless, expect: { contains: "never there" } }',
  ]);
  const run = await runCli(cli, ['run', '-c', file, '--out', 'endless'], { cwd: dir, timeoutMs: 60_000 });
  expect(run.timedOut).toBe(false);
  expect(run.elapsedMs).toBeLessThan(10_000);
  expect(run.peakRssKb).toBeGreaterThan(0);
  expect(run.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
  const result = await results('endless');
  expect(sum(result.total.errors.timeout) + sum(result.total.errors.cancelled)).toBe(result.generator.sent);
  expect(result.generator.sent).toBeGreaterThanOrEqual(8);
  console.info(`never-ending body: ${Math.round(run.elapsedMs)} ms, peak RSS ${Math.round(run.peakRssKb / 1024)} MB, ${result.generator.sent} requests`);
}, 70_000);

test('a 600 MB body with expect contains is judged on its first http.maxBodyBytes, RSS under 300 MB', async () => {
  const head = Buffer.from('HEAD-MARKER ');
  const chunk = Buffer.alloc(MB, 'y');
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(head.length + 600 * MB) });
    res.write(head);
    stream(res, chunk, 600 * MB);
  });
  const file = await config('huge.yml', [
    'name: huge',
    `target: ${server.url}`,
    'http: { timeout: 60s, connections: 1 }',
    'load:',
    '  phases:',
    '    - { name: steady, duration: 1s, rate: 1 }',
    'scenarios:',
    '  - name: read',
    '    steps:',
    '      - { get: /huge, expect: { contains: HEAD-MARKER } }',
  ]);
  const run = await runCli(cli, ['run', '-c', file, '--out', 'huge'], { cwd: dir, timeoutMs: 90_000 });
  expect(run.timedOut).toBe(false);
  expect(run.code).toBe(0);
  expect(run.peakRssKb).toBeGreaterThan(0);
  expect(run.peakRssKb).toBeLessThan(RSS_LIMIT_KB);
  const result = await results('huge');
  expect(result.total.status['200']).toEqual([1]);
  expect(result.total.errors).toEqual({});
  expect(result.generator.truncatedBodies).toBe(1);
  console.info(`600 MB body: ${Math.round(run.elapsedMs)} ms, peak RSS ${Math.round(run.peakRssKb / 1024)} MB`);
}, 100_000);

test('an error storm stops the load as perf.yml abort says: exit 5, the reason in results and on stderr', async () => {
  server = await startServer((_req, res) => {
    res.writeHead(503);
    res.end('down');
  });
  const file = await config('storm.yml', [
    'name: storm',
    `target: ${server.url}`,
    'load:',
    '  phases:',
    '    - { name: steady, duration: 20s, rate: 20 }',
    'abort: { errorRatio: 50%, for: 2s }',
  ]);
  const run = await runCli(cli, ['run', '-c', file, '--out', 'storm'], { cwd: dir, timeoutMs: 40_000 });
  expect(run.timedOut).toBe(false);
  expect(run.code).toBe(5);
  expect(run.elapsedMs).toBeLessThan(10_000);
  expect(run.stderr).toMatch(/load stopped by perf\.yml abort: error storm: 100 % of the \d+ requests of the last 2 s failed \(abort\.errorRatio 50 %\)/);
  expect(run.stderr).not.toMatch(STACK_LINE);
  const result = await results('storm');
  expect(result.meta.stoppedBy).toBe('error-storm');
  expect(result.meta.partialReason).toMatch(/^error storm: /);
  expect(sum(result.total.errors.http5xx) + sum(result.total.errors.cancelled)).toBe(result.generator.sent);
}, 50_000);

test('abort.unreachableAfter: 0 turns the unreachable rule off: a closed port runs its plan and exits 0', async () => {
  const port = await refusedPort();
  const file = await config('no-fail-fast.yml', ['name: nofailfast', `target: http://127.0.0.1:${port}`, 'load:', '  phases:', '    - { name: steady, duration: 2s, rate: 10 }', 'abort: { unreachableAfter: 0 }']);
  const run = await runCli(cli, ['run', '-c', file, '--out', 'no-fail-fast'], { cwd: dir, timeoutMs: 30_000 });
  expect(run.code).toBe(0);
  const result = await results('no-fail-fast');
  expect(result.meta.partial).toBe(false);
  expect(sum(result.total.errors.refused)).toBe(20);
}, 40_000);
