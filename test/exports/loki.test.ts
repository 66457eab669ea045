// The Loki push built from a run: stream labels few and of low cardinality, ids in structured
// metadata (or only in the line), nanosecond timestamps exact beyond 2^53, error lines in strict
// time order, the summary line carrying the verdict.
import { describe, expect, test } from 'vitest';
import { lokiName, lokiPush } from '../../src/exports/loki.js';
import { storefrontRun, storefrontVerdict, HEAD_COMMIT, STOREFRONT_ENDPOINTS } from '../support/fixtures-verdict.js';

const run = storefrontRun({
  seed: 1,
  commit: HEAD_COMMIT,
  // Errors of two more endpoints and classes, so several lines share their first second.
  endpoints: STOREFRONT_ENDPOINTS.map((endpoint) =>
    endpoint.name === 'home' ? { ...endpoint, errorRatio: 0.05, errorClass: 'timeout' as const } : endpoint.name === 'product' ? { ...endpoint, errorRatio: 0.05 } : endpoint,
  ),
  meta: {
    runId: 'run-42',
    profile: 'smoke',
    startedAt: '2026-03-01T12:00:00.123Z',
    endedAt: '2026-03-01T12:01:00.456Z',
    labels: { environment: 'preview', service: 'shop', buildType: 'release', platform: 'linux', version: '1.4.2', build: '9001', team: 'checkout' },
  },
});

describe('lokiPush', () => {
  const push = lokiPush(storefrontVerdict(), run, { errorLines: 20, structuredMetadata: true });

  test('two streams, summary and error, with only the low-cardinality labels', () => {
    expect(push.streams.map((stream) => stream.stream)).toEqual([
      { job: 'perf-action', config: 'storefront', profile: 'smoke', environment: 'preview', service: 'shop', build_type: 'release', platform: 'linux', kind: 'summary' },
      { job: 'perf-action', config: 'storefront', profile: 'smoke', environment: 'preview', service: 'shop', build_type: 'release', platform: 'linux', kind: 'error' },
    ]);
  });

  test('the summary line is at the end of the run, in exact nanoseconds, with the ids as structured metadata', () => {
    const [time, line, metadata] = push.streams[0]!.values[0]!;
    expect(time).toBe('1772366460456000000');
    expect(metadata).toEqual({ run_id: 'run-42', commit: HEAD_COMMIT, app_version: '1.4.2', build_id: '9001', team: 'checkout' });
    const summary = JSON.parse(line) as Record<string, any>;
    expect(summary).toMatchObject({ kind: 'summary', config: 'storefront', runId: 'run-42', verdict: { overall: 'fail', regression: 'fail', slo: 'inconclusive' } });
    expect(summary.total).toMatchObject({ name: 'all', requests: 9752, p95Ms: 101 });
    expect(summary.comparisons.find((row: { endpoint: string; metric: string }) => row.endpoint === 'product' && row.metric === 'p95')).toMatchObject({ ratio: 1.18, outcome: 'fail' });
  });

  test('error lines: one per endpoint and class, with its status, in strictly increasing time from the run start', () => {
    const values = push.streams[1]!.values;
    expect(values.length).toBe(3);
    const start = 1772366400123000000n;
    let previous = 0n;
    for (const [time, line] of values) {
      const ns = BigInt(time);
      expect(ns > previous && ns >= start).toBe(true);
      previous = ns;
      const body = JSON.parse(line) as { kind: string; endpoint: string; class: string; status?: number; count: number; firstSecond: number };
      expect(body.kind).toBe('error');
      if (body.class === 'http5xx') expect(body.status).toBeGreaterThanOrEqual(500);
      else expect(body).not.toHaveProperty('status');
      expect((ns - start) / 1_000_000_000n).toBe(BigInt(body.firstSecond));
      expect(body.count).toBe(run.endpoints.find((series) => series.name === body.endpoint)!.errors[body.class as 'timeout']!.reduce((sum, n) => sum + n, 0));
    }
    const seen = values.map(([, line]) => { const body = JSON.parse(line) as { endpoint: string; class: string }; return `${body.endpoint}/${body.class}`; });
    expect(seen.sort()).toEqual(['add to cart/http5xx', 'home/timeout', 'product/http5xx']);
  });

  test('lines that start in the same second are kept 1 ns apart, in order', () => {
    const homeTimeouts = run.endpoints.find((series) => series.name === 'home')!.errors.timeout!;
    const tied = { ...run, endpoints: run.endpoints.map((series) => (series.name === 'list products' ? { ...series, errors: { timeout: homeTimeouts }, errorSamples: { timeout: 'same second' } } : series)) };
    const times = lokiPush(storefrontVerdict(), tied, { errorLines: 20, structuredMetadata: true }).streams[1]!.values.map(([time]) => BigInt(time));
    expect(times).toHaveLength(4);
    expect(times[1]! - times[0]!).toBe(1n);
    for (let index = 1; index < times.length; index++) expect(times[index]! > times[index - 1]!).toBe(true);
  });

  test('errorLines keeps the most frequent', () => {
    const one = lokiPush(storefrontVerdict(), run, { errorLines: 1, structuredMetadata: true });
    const lines = one.streams[1]!.values.map(([, line]) => JSON.parse(line) as { count: number });
    const all = push.streams[1]!.values.map(([, line]) => (JSON.parse(line) as { count: number }).count);
    expect(lines.map((line) => line.count)).toEqual([Math.max(...all)]);
  });

  test('structuredMetadata off: two-element entries; errorLines 0: no error stream', () => {
    const plain = lokiPush(storefrontVerdict(), run, { errorLines: 0, structuredMetadata: false });
    expect(plain.streams).toHaveLength(1);
    expect(plain.streams[0]!.values[0]).toHaveLength(2);
  });

  test('label names become Loki names', () => {
    expect(['buildType', 'build-type', 'Build.Type', '2fa', 'env', 'version', 'build'].map(lokiName)).toEqual(['build_type', 'build_type', 'build_type', '_2fa', 'environment', 'app_version', 'build_id']);
  });
});

test('a run of 2,000 endpoints keeps its summary line far below 256 KB, failing rows kept, the rest counted', async () => {
  const { manyEndpointsVerdict } = await import('../support/fixtures-verdict.js');
  const push = lokiPush(manyEndpointsVerdict(2000), run, { errorLines: 20, structuredMetadata: true });
  const line = push.streams[0]!.values[0]![1];
  expect(Buffer.byteLength(line)).toBeLessThan(128 * 1024);
  const summary = JSON.parse(line) as { endpoints: unknown[]; comparisons: { endpoint: string; outcome: string }[]; omitted: { endpoints: number; comparisons: number } };
  expect(summary.endpoints).toHaveLength(100);
  expect(summary.omitted).toEqual({ endpoints: 1900, comparisons: 1700 });
  expect(summary.comparisons[0]).toMatchObject({ endpoint: 'GET /api/v1/resources/1234/details', outcome: 'fail' });
});
