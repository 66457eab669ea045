// Real runs through the engine against a loopback server: the same server is not a regression, a server
// made 50 % slower is, and a slow tail added to the server (every 25th request 60 ms later) fails at p99
// and not at p50. Short runs (15 s at 200 req/s: about 30 samples beyond p99, above the floor of §3).
// The machine is shared with other test runs: a run whose generator lagged (the validity gate) is run
// once more, since a verdict on it would rightly be inconclusive and prove nothing here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/analysis/verdict.js';
import { quickConfig } from '../../src/config/quick.js';
import { runLoad } from '../../src/engine/run-load.js';
import { validateRunResult } from '../../src/results/run-result.js';
import type { RunResult } from '../../src/results/types.js';

let delayMs = 20;
/** Every `slowEvery`-th request waits `slowExtraMs` more (0: none). A counter, so the tail share is exact. */
let slowEvery = 0;
const slowExtraMs = 60;
let served = 0;
let server: Server;
let target = '';
let baseline: RunResult;

function run(seed: number): Promise<RunResult> {
  return runLoad(quickConfig({ target, rate: 200, durationMs: 15_000, rampUpMs: 0, connections: 32, name: 'e2e' }), { seed });
}

/** At most two attempts; returns the first verdict whose runs passed the validity gates, else the last. */
async function judged(seed: number) {
  let verdict = analyse({ current: await run(seed), baseline });
  if (verdict.validity.reasons.length > 0) verdict = analyse({ current: await run(seed + 100), baseline });
  return verdict;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    served++;
    const extra = slowEvery > 0 && served % slowEvery === 0 ? slowExtraMs : 0;
    setTimeout(() => response.end('ok'), delayMs + extra);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseline = await run(1);
  if (analyse({ current: baseline }).validity.reasons.length > 0) baseline = await run(101);
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('end to end on loopback', () => {
  test('two runs against the same server are not a regression', async () => {
    // What the engine writes is what the reader accepts.
    expect(validateRunResult(JSON.parse(JSON.stringify(baseline)), 'baseline')).toEqual(JSON.parse(JSON.stringify(baseline)));
    const verdict = await judged(2);
    expect(verdict.validity.reasons).toEqual([]);
    expect(verdict.regression).not.toBe('fail');
    const p50 = verdict.comparisons.find((row) => row.endpoint === 'all' && row.metric === 'p50')!;
    expect(p50.ratio).toBeGreaterThan(0.9);
    expect(p50.ratio).toBeLessThan(1.1);
  }, 60_000);

  test('against the server made 50 % slower they are', async () => {
    delayMs = 30;
    const verdict = await judged(3);
    expect(verdict.validity.reasons).toEqual([]);
    expect(verdict.regression).toBe('fail');
    const p50 = verdict.comparisons.find((row) => row.endpoint === 'all' && row.metric === 'p50')!;
    expect(p50.outcome).toBe('fail');
    expect(p50.ratio).toBeGreaterThan(1.35);
    expect(p50.ratio).toBeLessThan(1.6);
  }, 60_000);

  test('a slow tail added to the server fails at p99 and not at p50', async () => {
    delayMs = 20;
    slowEvery = 25;
    const verdict = await judged(4);
    slowEvery = 0;
    expect(verdict.validity.reasons).toEqual([]);
    const row = (metric: string) => verdict.comparisons.find((r) => r.endpoint === 'all' && r.metric === metric)!;
    expect(row('p99').outcome).toBe('fail');
    expect(row('p99').ratio).toBeGreaterThan(2);
    expect(row('p50').outcome).not.toBe('fail');
    expect(row('p50').ratio).toBeLessThan(1.1);
  }, 60_000);
});
