// Hand-built Verdicts, RunResults and History for the report tests: a storefront-like run with one
// p95 regression, SLOs met and not, History on main, hostile endpoint names, and a 2,000-endpoint
// Verdict for the size limit. Numbers are chosen so tests can assert exact cells. RunResults come from
// synthetic-run.ts (histograms built through src/results/histogram.ts).

import type { ComparisonRow, EndpointStats, PercentileEstimate, SloRow, Verdict } from '../../src/analysis/types.js';
import { VERDICT_FORMAT, VERDICT_VERSION } from '../../src/analysis/types.js';
import type { PercentileName } from '../../src/config/types.js';
import { HISTORY_FORMAT, HISTORY_VERSION, type History, type HistoryEntry, type RunResult } from '../../src/results/types.js';
import { syntheticRun, type SyntheticEndpoint } from './synthetic-run.js';

export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const PIPE_NAME = 'GET /a|b @team `x` [link](http://evil.example) <!-- x';
export const BASE_COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const HEAD_COMMIT = 'f00dfeed00112233445566778899aabbccddeeff';
export const NOW = new Date('2026-03-01T12:00:00.000Z');

function estimate(valueMs: number, spread = 0.03, enoughSamples = true): PercentileEstimate {
  return { valueMs, lowMs: valueMs * (1 - spread), highMs: valueMs * (1 + spread), enoughSamples };
}

export function endpointStats(name: string, requests: number, ratePerSec: number, ms: { p50: number; p90: number; p95: number; p99: number; p999: number }, extra: Partial<EndpointStats> = {}): EndpointStats {
  return {
    name,
    requests,
    ratePerSec,
    errors: 0,
    errorRatio: 0,
    percentiles: { p50: estimate(ms.p50), p90: estimate(ms.p90), p95: estimate(ms.p95), p99: estimate(ms.p99, 0.08), 'p99.9': estimate(ms.p999, 0.2, false) },
    maxMs: ms.p999 * 1.5,
    meanMs: ms.p50 * 1.1,
    status: { '200': requests },
    errorClasses: {},
    ...extra,
  };
}

export function comparison(endpoint: string, metric: PercentileName, ratio: number, low: number, high: number, extra: Partial<ComparisonRow> = {}): ComparisonRow {
  return {
    endpoint,
    metric,
    baselineMs: 100,
    currentMs: 100 * ratio,
    ratio,
    ratioLow: low,
    ratioHigh: high,
    tolerance: 0.1,
    floorMs: 1,
    outcome: 'pass',
    suspicious: false,
    improvement: false,
    rule: `ratio ${ratio} with interval ${low} … ${high} against tolerance 10 %`,
    ...extra,
  };
}

const SLOS: SloRow[] = [
  {
    name: 'pages are fast',
    kind: 'latency',
    endpoints: ['home', 'product'],
    objective: 0.99,
    thresholdMs: 300,
    good: 5978,
    valid: 6002,
    sli: 0.996,
    sliLow: 0.994,
    sliHigh: 0.998,
    designEffect: 1.2,
    budgetUsed: 0.4,
    burnRate: 0.4,
    outcome: 'pass',
  },
  {
    name: 'checkout works',
    kind: 'availability',
    endpoints: ['add to cart'],
    objective: 0.999,
    good: 749,
    valid: 750,
    sli: 0.999,
    sliLow: 0.995,
    sliHigh: 0.9998,
    designEffect: 1,
    budgetUsed: 1,
    burnRate: 1,
    outcome: 'inconclusive',
    reason: '750 requests are too few to tell',
  },
];

/** The storefront example: `product` p95 18 % slower, `add to cart` inconclusive, SLOs 1 met + 1 inconclusive. */
export function storefrontVerdict(overrides: Partial<Verdict> = {}): Verdict {
  const endpoints = [
    endpointStats('home', 3012, 16.7, { p50: 21, p90: 40, p95: 48, p99: 95, p999: 150 }),
    endpointStats('list products', 3000, 16.7, { p50: 35, p90: 70, p95: 80, p99: 140, p999: 200 }),
    endpointStats('product', 2990, 16.6, { p50: 40, p90: 100, p95: 118, p99: 190, p999: 260 }),
    endpointStats('add to cart', 750, 4.2, { p50: 60, p90: 110, p95: 120, p99: 180, p999: 240 }, {
      method: 'POST',
      errors: 1,
      errorRatio: 0.001,
      status: { '201': 749, '503': 1 },
      errorClasses: { http5xx: { count: 1, sample: 'HTTP 503 <b>Service Unavailable</b> @oncall' } },
    }),
  ];
  const total = endpointStats('all', 9752, 54.2, { p50: 33, p90: 90, p95: 101, p99: 170, p999: 250 }, { errors: 1, errorRatio: 0.0001, status: { '200': 9001, '201': 749, '503': 1 } });
  return {
    format: VERDICT_FORMAT,
    version: VERDICT_VERSION,
    overall: 'fail',
    slo: 'inconclusive',
    regression: 'fail',
    headline: 'product p95 is 18 % slower than main (likely +12 … +24 %)',
    configName: 'storefront',
    trim: {
      current: { startSec: 10, endSec: 55, rampSec: 10, extraCutSec: 0, rule: 'auto', reason: 'ramp 10 s; MSER-5 cut nothing more', warnings: [] },
      baseline: { startSec: 10, endSec: 55, rampSec: 10, extraCutSec: 0, rule: 'auto', reason: 'ramp 10 s; MSER-5 cut nothing more', warnings: [] },
    },
    current: { runId: 'run-pr', commit: HEAD_COMMIT, steadySeconds: 180 },
    baseline: { runId: 'run-main', commit: BASE_COMMIT, ref: 'main', startedAt: '2026-03-01T10:00:00.000Z', historyRuns: 12, source: 'perf-baseline-storefront' },
    endpoints: [...endpoints, total],
    total,
    comparisons: [
      comparison('home', 'p95', 0.98, 0.94, 1.03),
      comparison('list products', 'p95', 1.04, 0.99, 1.12),
      comparison('product', 'p95', 1.18, 1.12, 1.24, { outcome: 'fail' }),
      comparison('add to cart', 'p95', 1.02, 0.8, 1.3, { outcome: 'inconclusive', reason: 'too few samples for p95' }),
      comparison('all', 'p95', 1.05, 1.01, 1.09),
      comparison('home', 'p50', 0.9, 0.87, 0.93, { improvement: true, tolerance: 0.05 }),
    ],
    slos: SLOS,
    changePoints: [{ commit: '0123456789abcdef0123456789abcdef01234567', date: '2026-02-20T09:00:00Z', endpoint: 'home', metric: 'p95', ratio: 1.3 }],
    validity: { generatorSaturated: false, lagP99Ms: 0.8, missedSends: 0, achievedRate: 54.2, plannedRate: 54.2, reasons: [] },
    method: { resamples: 2000, alpha: 0.01, blockSeconds: 5, seed: 42, holmRows: 12 },
    notes: [],
    ...overrides,
  };
}

export const STOREFRONT_ENDPOINTS: readonly SyntheticEndpoint[] = [
  { name: 'home', ratePerSec: 16, medianMs: 20, sigma: 0.5 },
  { name: 'list products', ratePerSec: 16, medianMs: 35, sigma: 0.5 },
  { name: 'product', ratePerSec: 16, medianMs: 40, sigma: 0.6 },
  { name: 'add to cart', method: 'POST', ratePerSec: 4, medianMs: 60, sigma: 0.4, errorRatio: 0.01 },
];

/** A 60-second RunResult with the storefront endpoints (product `scale` times slower). */
export function storefrontRun(options: { seed: number; commit: string; productScale?: number; endpoints?: readonly SyntheticEndpoint[]; meta?: Partial<RunResult['meta']> }): RunResult {
  const endpoints = (options.endpoints ?? STOREFRONT_ENDPOINTS).map((endpoint) => (endpoint.name === 'product' ? { ...endpoint, scale: options.productScale ?? 1 } : endpoint));
  return syntheticRun({
    seed: options.seed,
    seconds: 60,
    endpoints,
    rampSec: 10,
    warmup: { seconds: 8, factor: 3 },
    meta: { configName: 'storefront', commit: options.commit, target: 'http://127.0.0.1:8080', ...options.meta },
  });
}

/** `runs` History entries on main, oldest first, total and `product` p95 rising 1 ms a run from 98 ms. */
export function storefrontHistory(runs: number): History {
  const entries: HistoryEntry[] = [];
  for (let index = 0; index < runs; index += 1) {
    const summary = { requests: 9000, ratePerSec: 50, errorRatio: 0, p50Ms: 30, p90Ms: 80, p95Ms: 98 + index, p99Ms: 160 };
    const commit = `${index.toString(16).padStart(2, '0')}${'c0ffee'.repeat(6)}00`.slice(0, 40);
    entries.push({ runId: `main-${index}`, commit, date: new Date(Date.UTC(2026, 1, 1 + index)).toISOString(), total: summary, endpoints: { product: summary } });
  }
  return { format: HISTORY_FORMAT, version: HISTORY_VERSION, configName: 'storefront', entries };
}

/** A Verdict with `count` endpoints (and hostile names among them), one regression at index 1,234. */
export function manyEndpointsVerdict(count: number): Verdict {
  const base = storefrontVerdict();
  const endpoints: EndpointStats[] = [];
  const comparisons: ComparisonRow[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = index === 7 ? XSS_NAME : index === 8 ? PIPE_NAME : `GET /api/v1/resources/${index}/details`;
    endpoints.push(endpointStats(name, 1000 + index, 5.5, { p50: 10 + (index % 7), p90: 20, p95: 30, p99: 40, p999: 60 }));
    comparisons.push(comparison(name, 'p95', index === 1234 ? 1.5 : 1.01, index === 1234 ? 1.4 : 0.97, index === 1234 ? 1.6 : 1.05, index === 1234 ? { outcome: 'fail' } : {}));
  }
  return { ...base, endpoints: [...endpoints, base.total], comparisons, headline: `GET /api/v1/resources/1234/details p95 is 50 % slower than main` };
}
