import { describe, expect, test } from 'vitest';
import { mergeRunResults } from '../../src/results/merge.js';
import { decodeHistogram, mergeEncoded } from '../../src/results/histogram.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

const endpoint = (name: string, medianMs: number) => ({ name, ratePerSec: 30, medianMs, sigma: 0.4, errorRatio: 0.05 });

describe('mergeRunResults', () => {
  const a = syntheticRun({ seed: 1, seconds: 10, endpoints: [endpoint('home', 10), endpoint('cart', 30)] });
  const b = syntheticRun({ seed: 2, seconds: 10, endpoints: [endpoint('home', 12)], meta: { runId: 'shard-b', startedAt: '2026-01-01T00:00:02.300Z' } });
  const merged = mergeRunResults([a, b]);

  test('the merge holds exactly both shards’ samples, aligned on whole seconds', () => {
    expect(validateRunResult(JSON.parse(JSON.stringify(merged)), 'merged')).toBeTruthy();
    expect(merged.seconds).toBe(12);
    expect(merged.meta).toMatchObject({ shards: 2, runId: 'synthetic-1+shard-b', startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:12.300Z' });
    const home = merged.endpoints.find((s) => s.name === 'home')!;
    const homeA = a.endpoints.find((s) => s.name === 'home')!;
    const homeB = b.endpoints.find((s) => s.name === 'home')!;
    for (let t = 0; t < 12; t++) {
      expect(home.requests[t]).toBe((homeA.requests[t] ?? 0) + (homeB.requests[t - 2] ?? 0));
      const expected = mergeEncoded([homeA.latency[t] ?? null, homeB.latency[t - 2] ?? null]);
      const actual = home.latency[t] ? decodeHistogram(home.latency[t]!) : undefined;
      expect(actual?.totalCount ?? 0).toBe(expected.totalCount);
      if (actual) for (const p of [50, 90, 99, 100]) expect(actual.getValueAtPercentile(p)).toBe(expected.getValueAtPercentile(p));
    }
    const allRequests = (r: typeof a) => r.total.requests.reduce((x, y) => x + y, 0);
    expect(allRequests(merged)).toBe(allRequests(a) + allRequests(b));
    expect(merged.total.errors.http5xx!.reduce((x, y) => x + y, 0)).toBe(a.total.errors.http5xx!.reduce((x, y) => x + y, 0) + b.total.errors.http5xx!.reduce((x, y) => x + y, 0));
    expect(merged.endpoints.map((s) => s.name)).toEqual(['home', 'cart']);
    expect(merged.endpoints[1]!.requests.slice(10)).toEqual([0, 0]);
  });

  test('plan rates, planned requests and generator counts are summed', () => {
    expect(merged.plan.phases[0]!.rate).toBe(90);
    expect(merged.plan.plannedRequests).toBe(a.plan.plannedRequests! + b.plan.plannedRequests!);
    expect(merged.generator.sent).toBe(a.generator.sent + b.generator.sent);
    expect(decodeHistogram(merged.generator.lag!).totalCount).toBe(a.generator.sent + b.generator.sent);
  });

  test('refuses shards of another config, or an empty list', () => {
    const other = syntheticRun({ seed: 3, seconds: 10, endpoints: [endpoint('home', 10)], meta: { configHash: 'other' } });
    expect(() => mergeRunResults([a, other], ['a.json', 'b.json'])).toThrow(/b\.json: config hash other differs from a\.json/);
    expect(() => mergeRunResults([])).toThrow(expect.objectContaining({ code: 'PA_RESULTS' }));
  });
});
