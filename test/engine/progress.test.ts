import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { progressPrinter } from '../../src/cli/commands/run.js';
import { formatProgress, plannedRateAt, type ProgressSnapshot } from '../../src/engine/progress.js';

const snapshot = (elapsedSec: number, extra: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  elapsedSec,
  durationSec: 30,
  achievedRate: 98.6,
  plannedRate: 100,
  p95Ms: 21.34,
  requests: 2_000,
  errors: 3,
  inFlight: 4,
  ...extra,
});

test('a progress line shows elapsed, achieved/planned rate, p95 and errors', () => {
  expect(formatProgress(snapshot(12.2))).toBe('12s/30s · 99/100 req/s · p95 21.3 ms · errors 3 (0.15 %)');
  expect(formatProgress(snapshot(1, { plannedRate: undefined, activeVus: 8, p95Ms: Number.NaN, errors: 0 }))).toBe('1s/30s · 99 req/s · 8 VUs · p95 – · errors 0 (0.00 %)');
});

test('the planned rate follows the ramp', () => {
  const phases = [{ durationMs: 10_000, rate: 10, rampTo: 110 }, { durationMs: 5_000, rate: 110 }];
  expect(plannedRateAt(phases, 5_000_000)).toBe(60);
  expect(plannedRateAt(phases, 12_000_000)).toBe(110);
  expect(plannedRateAt(phases, 15_000_000)).toBeUndefined();
});

function io(isTTY: boolean): { stderr: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stderr, text: () => text };
}

test('in logs a line every 5 s; in a terminal one live line rewritten in place', () => {
  const log = io(false);
  const printer = progressPrinter({ stdout: new PassThrough(), stderr: log.stderr, env: {}, cwd: '/', signal: new AbortController().signal });
  for (let second = 1; second <= 12; second++) printer.onProgress(snapshot(second));
  printer.done();
  expect(log.text().split('\n').filter(Boolean).map((line) => line.split(' ')[0])).toEqual(['5s/30s', '10s/30s']);

  const tty = io(true);
  const live = progressPrinter({ stdout: new PassThrough(), stderr: tty.stderr, env: {}, cwd: '/', signal: new AbortController().signal });
  for (let second = 1; second <= 3; second++) live.onProgress(snapshot(second));
  live.done();
  expect(tty.text().split('\r').length).toBe(4);
  expect(tty.text().endsWith('\n')).toBe(true);
  expect(tty.text().split('\n').length).toBe(2);
});
