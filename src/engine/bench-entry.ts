// Entry point that `npm run bench` bundles (ncc → build/bench/index.js): the engine plus a config
// builder for benchmark runs (open or closed model, N endpoints, connections, pipelining), so the
// benchmark drives exactly the code the CLI runs. Not part of the CLI or the action.

import type { PerfConfig, Phase } from '../config/types.js';

import { decodeHistogram, percentileMicros } from '../results/histogram.js';

export { runLoad } from './run-load.js';
export { summariseSteady } from './steady-summary.js';

export interface BenchConfigOptions {
  readonly target: string;
  readonly model: 'open' | 'closed';
  readonly durationMs: number;
  /** Open model: arrivals per second; closed model: virtual users. */
  readonly rate?: number;
  readonly vus?: number;
  readonly connections: number;
  readonly pipelining?: number;
  /** Number of endpoints (paths /e0 … /eN-1, one scenario each, equal weights); 1 means GET /. */
  readonly endpoints?: number;
  readonly maxInFlight?: number;
  /** Open model: a ramp from a tenth of the rate before the steady phase (JIT and connections warm up there). */
  readonly rampUpMs?: number;
}

export function benchConfig(options: BenchConfigOptions): PerfConfig {
  const ramp: Phase[] =
    options.model === 'open' && (options.rampUpMs ?? 0) > 0
      ? [{ name: 'ramp-up', durationMs: options.rampUpMs!, rate: (options.rate ?? 1000) / 10, rampTo: options.rate ?? 1000, isRamp: true }]
      : [];
  const phase: Phase =
    options.model === 'open'
      ? { name: 'steady', durationMs: options.durationMs, rate: options.rate ?? 1000, isRamp: false }
      : { name: 'steady', durationMs: options.durationMs, vus: options.vus ?? options.connections, isRamp: false };
  const count = options.endpoints ?? 1;
  const paths = count === 1 ? ['/'] : Array.from({ length: count }, (_, i) => `/e${i}`);
  return {
    name: 'bench',
    target: options.target,
    labels: {},
    http: { timeoutMs: 10_000, connections: options.connections, pipelining: options.pipelining ?? 1, headers: {}, secretHeaders: [], followRedirects: 0, http2: false, insecureTls: false, maxBodyBytes: 4 * 1024 * 1024 },
    load: { model: options.model, arrivals: 'constant', phases: [...ramp, phase], maxInFlight: options.maxInFlight ?? 10_000 },
    trim: { kind: 'auto' },
    data: [],
    scenarios: paths.map((path) => ({
      name: path,
      weight: 1,
      steps: [{ kind: 'request' as const, type: 'http' as const, name: `GET ${path}`, method: 'GET' as const, url: path, headers: {}, query: {}, capture: {} }],
    })),
    slo: [],
    compare: { percentiles: ['p50', 'p95', 'p99'], tolerance: {}, floorMs: 1, alpha: 0.01, resamples: 2000, seed: 1, historyWindow: 20 },
    abort: { unreachableAfterMs: 5_000 },
    source: { hash: 'bench' },
  };
}

/** p99 (ms) of each per-second histogram, for printing how a run settled; null for empty seconds. */
export function perSecondP99Ms(series: readonly (string | null)[]): (number | null)[] {
  return series.map((encoded) => (encoded === null ? null : percentileMicros(decodeHistogram(encoded), 99) / 1000));
}
