// `perf-action run --baseline`: the whole CLI pipeline in-process — a baseline run, then a run against
// the same server made 50 % slower, judged against it, with the files written and the exit code that
// --fail-on asks for. A bad baseline file is refused before any request is sent.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Verdict } from '../../src/analysis/types.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { ResultsError, UsageError } from '../../src/errors.js';
import { endAfter, startServer, type TestServer } from '../support/servers.js';
import { makeIo } from '../support/cli-io.js';

let delayMs = 10;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer((_request, response) => endAfter(response, performance.now(), delayMs));
  dir = await mkdtemp(join(tmpdir(), 'perf-run-baseline-'));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const load = (): string[] => ['--target', server.url, '--rate', '200', '--duration', '14s', '--ramp-up', '0s', '--seed', '5'];

test('a run slower than its baseline fails with fail-on regression, and writes every file', async () => {
  const baselineIo = makeIo(dir);
  expect(await runCommand.run([...load(), '--out', 'main'], baselineIo)).toBe(0);

  delayMs = 15;
  const io = makeIo(dir);
  const exitCode = await runCommand.run([...load(), '--out', 'pr', '--baseline', 'main/results.json', '--fail-on', 'regression'], io);
  const verdict = JSON.parse(await readFile(join(dir, 'pr', 'verdict.json'), 'utf8')) as Verdict;
  const p50 = verdict.comparisons.find((row) => row.endpoint === 'all' && row.metric === 'p50')!;
  // A verdict on a lagging generator is rightly inconclusive (exit 0); on a quiet machine it must fail.
  if (verdict.validity.reasons.length === 0) {
    expect(p50.outcome).toBe('fail');
    expect(p50.ratio).toBeGreaterThan(1.3);
    expect(exitCode).toBe(1);
  } else {
    expect(p50.outcome).toBe('inconclusive');
    expect(exitCode).toBe(0);
  }
  expect(io.out()).toContain(`${verdict.overall.toUpperCase()}: ${verdict.headline}`);
  const comment = await readFile(join(dir, 'pr', 'comment.md'), 'utf8');
  expect(comment).toContain('<!-- perf-action:quick:');
  expect(await readFile(join(dir, 'pr', 'report.html'), 'utf8')).toContain('<canvas');

  // The same runs with fail-on none never fail the exit code.
  const again = await runCommand.run([...load(), '--out', 'pr-none', '--baseline', 'main/results.json', '--fail-on', 'none'], makeIo(dir));
  expect(again).toBe(0);
}, 120_000);

test('a malformed baseline or a history without a baseline is refused before any request', async () => {
  const before = server.requests();
  await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'broken.json'), '{"format":"something else"}'));
  await expect(runCommand.run([...load(), '--out', 'x', '--baseline', 'broken.json'], makeIo(dir))).rejects.toBeInstanceOf(ResultsError);
  await expect(runCommand.run([...load(), '--out', 'x', '--history', 'h.json'], makeIo(dir))).rejects.toBeInstanceOf(UsageError);
  await expect(runCommand.run([...load(), '--out', 'x', '--fail-on', 'sometimes'], makeIo(dir))).rejects.toBeInstanceOf(UsageError);
  expect(server.requests()).toBe(before);
});
