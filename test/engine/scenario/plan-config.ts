// PerfConfig values for the scenario compiler's tests, in the normalised shape (the loader is tested
// under test/config): the given scenarios and feeders against a target, everything else fixed.

import type { DataFeeder, PerfConfig, RequestStep, Scenario } from '../../../src/config/types.js';

export function planConfig(options: { scenarios: Scenario[]; target?: string; data?: DataFeeder[]; headers?: Record<string, string> }): PerfConfig {
  return {
    name: 'scenario-test',
    target: options.target ?? 'http://127.0.0.1:8080',
    labels: {},
    http: { timeoutMs: 5_000, connections: 4, pipelining: 1, headers: options.headers ?? {}, secretHeaders: [], followRedirects: 0, http2: false, insecureTls: false, maxBodyBytes: 4 * 1024 * 1024 },
    load: { model: 'open', arrivals: 'constant', phases: [{ name: 'steady', durationMs: 1000, rate: 1, isRamp: false }], maxInFlight: 10 },
    trim: { kind: 'auto' },
    data: options.data ?? [],
    scenarios: options.scenarios,
    slo: [],
    compare: { percentiles: ['p50'], tolerance: {}, floorMs: 1, alpha: 0.01, resamples: 100, seed: 1, historyWindow: 20 },
    abort: { unreachableAfterMs: 5_000 },
    source: { file: 'perf.yml', hash: 'test' },
  };
}

export function requestStep(step: Partial<RequestStep> & Pick<RequestStep, 'url'>): RequestStep {
  const method = step.method ?? 'GET';
  return { kind: 'request', type: 'http', name: step.name ?? `${method} ${step.url}`, method, headers: {}, query: {}, capture: {}, ...step };
}
