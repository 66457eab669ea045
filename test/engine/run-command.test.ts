// `perf-action run` driven in-process through runCommand.run with its own streams and signal.
import { mkdtemp, readFile, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.js';
import { ConfigError, exitCodeFor, UsageError } from '../../src/errors.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { startDelayServer, startServer, type TestServer } from '../support/servers.js';
import { makeIo } from '../support/cli-io.js';

let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});


test('bad flags are usage or config errors (exit 2) naming the flag, and no request is sent', async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-'));
  const io = makeIo(dir);
  const cases: [string[], string][] = [
    [['--target', server.url, '--rat', '10'], '--rat'],
    [['--target', server.url, '--rate', 'fifty'], '--rate'],
    [['--target', server.url, '--duration', '5 minutes'], '--duration'],
    [['--target', server.url, '--connections', '0'], '--connections'],
    [['--rate', '10'], '--target'],
    [['--target', 'ftp://x'], '--target'],
    [['-c', 'perf.yml', '--rate', '5'], '--rate'],
  ];
  for (const [args, flag] of cases) {
    const error = await runCommand.run(args, io).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error instanceof UsageError || error instanceof ConfigError, args.join(' ')).toBe(true);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toContain(flag);
  }
  expect(server.requests()).toBe(0);
  await expect(access(join(dir, 'perf-results'))).rejects.toThrow();
});

test('a quick run writes results.json, prints the table and writes the steady-window summary', async () => {
  server = await startDelayServer(5);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-'));
  const io = makeIo(dir);
  const code = await runCommand.run(['--target', `${server.url}/hello`, '--rate', '100', '--duration', '2s', '--ramp-up', '1s', '--out', 'out', '--summary-json', 'summary.json', '--seed', '5'], io);
  expect(code).toBe(0);
  const result = validateRunResult(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')), 'results.json');
  expect(result.seconds).toBe(3);
  expect(result.endpoints.map((e) => e.name)).toEqual(['GET /hello']);
  expect(result.meta.targetClass).toBe('loopback');
  expect(result.plan.phases.map((p) => p.name)).toEqual(['ramp-up', 'steady']);
  // Ramp 10 → 100 over 1 s (55 arrivals) then 100/s for 2 s.
  expect(result.plan.plannedRequests).toBe(255);
  expect(server.requests()).toBe(255);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  expect(summary.window).toEqual({ startSec: 1, endSec: 3 });
  expect(summary.requests).toBe(200);
  expect(summary.plannedRate).toBe(100);
  expect(summary.achievedRate).toBe(100);
  expect(summary.errors).toBe(0);
  for (const key of ['p50', 'p90', 'p95', 'p99', 'p999', 'max']) {
    expect(summary.latencyMs[key]).toBeGreaterThanOrEqual(5);
    expect(summary.serviceTimeMs[key]).toBeGreaterThanOrEqual(5);
  }
  expect(Object.keys(summary.generator)).toEqual(expect.arrayContaining(['lagP99Ms', 'missedSends', 'saturated']));
  const table = io.out();
  expect(table).toMatch(/^GET \/hello\s+200\s+100\.0\s/m);
  expect(table).toMatch(/^all\s+200\s+100\.0\/100\.0\s/m);
});

test('an abort mid-run stops the load at once and still writes a partial result', async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-'));
  const controller = new AbortController();
  const io = makeIo(dir, { signal: controller.signal });
  const started = Date.now();
  setTimeout(() => controller.abort(), 1_500);
  // Results and reports are written first; then the stop is the command's error (exit 130 at the edge).
  await expect(runCommand.run(['--target', server.url, '--rate', '50', '--duration', '20s', '--ramp-up', '0s'], io)).rejects.toMatchObject({ code: 'PA_SIGINT' });
  const tookMs = Date.now() - started;
  expect(tookMs).toBeLessThan(4_000);
  const result = validateRunResult(JSON.parse(await readFile(join(dir, 'perf-results', 'results.json'), 'utf8')), 'results.json');
  expect(result.meta.partial).toBe(true);
  expect(result.meta.partialReason).toMatch(/^interrupted/);
  expect(result.meta.stoppedBy).toBe('interrupted');
  expect(result.seconds).toBe(2);
  const sent = result.total.requests.reduce((a, b) => a + b, 0);
  // 1.5 s at 50/s: 75 arrivals (one more if the abort lands just after the 76th is due).
  expect(sent).toBeGreaterThanOrEqual(74);
  expect(sent).toBeLessThanOrEqual(77);
  expect(server.requests()).toBe(sent);
  expect(io.err()).toContain('partial run');
});

test('--insecure lets a quick run load an https target with a self-signed certificate', async () => {
  server = await startServer((_req, res) => res.end('ok'), { tls: true });
  dir = await mkdtemp(join(tmpdir(), 'perf-run-'));
  const io = makeIo(dir);
  const quick = ['--target', server.url, '--rate', '20', '--duration', '1s', '--ramp-up', '0s'];
  // Every request failing its TLS handshake means the target cannot be reached: exit 3, results kept.
  await expect(runCommand.run([...quick, '--out', 'strict'], io)).rejects.toMatchObject({ code: 'PA_TARGET', message: expect.stringMatching(/^target unreachable: \S*(CERT|SIGNED)/) });
  const strict = validateRunResult(JSON.parse(await readFile(join(dir, 'strict', 'results.json'), 'utf8')), 'strict');
  expect(Object.keys(strict.total.errors)).toEqual(['tls']);
  expect(server.requests()).toBe(0);
  expect(await runCommand.run([...quick, '--insecure', '--out', 'insecure'], io)).toBe(0);
  const insecure = validateRunResult(JSON.parse(await readFile(join(dir, 'insecure', 'results.json'), 'utf8')), 'insecure');
  expect(insecure.total.errors).toEqual({});
  expect(insecure.total.status).toEqual({ '200': [20] });
  expect(server.requests()).toBe(20);
});
