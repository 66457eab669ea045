import { describe, expect, test } from 'vitest';
import { appendToHistory, emptyHistory, summariseRun, validateHistory } from '../../src/results/history.js';
import { createHistogram, decodeHistogram, percentileMicros } from '../../src/results/histogram.js';
import { syntheticRun } from '../support/synthetic-run.js';

const run = (seed: number) =>
  syntheticRun({ seed, seconds: 12, endpoints: [{ name: 'home', ratePerSec: 50, medianMs: 10, sigma: 0.3, errorRatio: 0.02 }], meta: { runId: `run-${seed}`, commit: `sha${seed}` } });

describe('History', () => {
  test('a summary reads the steady window only', () => {
    const result = run(1);
    const entry = summariseRun(result, { startSec: 2, endSec: 12 });
    const histogram = createHistogram();
    for (const encoded of result.total.latency.slice(2, 12)) if (encoded) histogram.add(decodeHistogram(encoded));
    const requests = result.total.requests.slice(2).reduce((a, b) => a + b, 0);
    expect(entry).toMatchObject({ runId: 'run-1', commit: 'sha1', date: result.meta.startedAt });
    expect(entry.total.requests).toBe(requests);
    expect(entry.total.ratePerSec).toBeCloseTo(requests / 10, 10);
    expect(entry.total.p95Ms).toBe(percentileMicros(histogram, 95) / 1000);
    expect(entry.endpoints.home!.p99Ms).toBe(percentileMicros(histogram, 99) / 1000);
  });

  test('append keeps the newest 30 and replaces a re-run of the same id', () => {
    let history = emptyHistory('synthetic');
    const first = run(1);
    for (let i = 0; i < 35; i++) history = appendToHistory(history, { ...first, meta: { ...first.meta, runId: `r${i}` } }, { startSec: 0, endSec: 12 });
    expect(history.entries).toHaveLength(30);
    expect(history.entries[0]!.runId).toBe('r5');
    expect(history.entries[29]!.runId).toBe('r34');
    history = appendToHistory(history, { ...first, meta: { ...first.meta, runId: 'r20' } }, { startSec: 0, endSec: 12 });
    expect(history.entries).toHaveLength(30);
    expect(history.entries.filter((e) => e.runId === 'r20')).toHaveLength(1);
    expect(history.entries[29]!.runId).toBe('r20');
    expect(validateHistory(JSON.parse(JSON.stringify(history)), 'h.json')).toEqual(history);
  });

  test('refuses a history of another config, and malformed files with paths', () => {
    expect(() => appendToHistory(emptyHistory('other'), run(1), { startSec: 0, endSec: 12 })).toThrow(/history is of config "other"/);
    const history = appendToHistory(undefined, run(1), { startSec: 0, endSec: 12 });
    const broken = JSON.parse(JSON.stringify(history));
    broken.entries[0].total.p95Ms = 'slow';
    delete broken.entries[0].commit;
    expect(() => validateHistory(broken, 'h.json')).toThrow(expect.objectContaining({ problems: ['$.entries[0].commit: expected a string, got nothing', '$.entries[0].total.p95Ms: expected a number ≥ 0 and ≤ 7200000, got "slow"'] }));
    expect(() => validateHistory({ format: 'perf-action/history', version: 9 }, 'h.json')).toThrow(/version 9/);
  });
});
