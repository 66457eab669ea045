// PerfConfig values for engine tests, built directly in the normalised shape (the loader's job is
// tested under test/config): one scenario of fixed GETs unless steps are given.

import type { Phase, PerfConfig, Scenario, Step } from '../../src/config/types.js';

export interface FixtureOptions {
  readonly target: string;
  readonly phases: readonly Partial<Phase>[];
  readonly model?: 'open' | 'closed';
  readonly arrivals?: 'constant' | 'poisson';
  readonly maxInFlight?: number;
  readonly connections?: number;
  readonly pipelining?: number;
  readonly timeoutMs?: number;
  readonly insecureTls?: boolean;
  readonly maxBodyBytes?: number;
  readonly abort?: PerfConfig['abort'];
  readonly paths?: readonly string[];
  readonly scenarios?: readonly Scenario[];
}

export function getStep(path: string, name = `GET ${path}`): Step {
  return { kind: 'request', type: 'http', name, method: 'GET', url: path, headers: {}, query: {}, capture: {} };
}

export function fixtureConfig(options: FixtureOptions): PerfConfig {
  const phases: Phase[] = options.phases.map((phase, index) => ({
    name: phase.name ?? `phase ${index + 1}`,
    durationMs: phase.durationMs ?? 1000,
    ...phase,
    isRamp: phase.isRamp ?? ((phase.rampTo !== undefined && phase.rampTo !== phase.rate) || (phase.rampToVus !== undefined && phase.rampToVus !== phase.vus)),
  }));
  const paths = options.paths ?? ['/'];
  return {
    name: 'engine-test',
    target: options.target,
    labels: { suite: 'engine' },
    http: {
      timeoutMs: options.timeoutMs ?? 5_000,
      connections: options.connections ?? 64,
      pipelining: options.pipelining ?? 1,
      headers: {},
      secretHeaders: [],
      followRedirects: 0,
      http2: false,
      insecureTls: options.insecureTls ?? false,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    },
    load: { model: options.model ?? 'open', arrivals: options.arrivals ?? 'constant', phases, maxInFlight: options.maxInFlight ?? 1000 },
    trim: { kind: 'auto' },
    data: [],
    scenarios: options.scenarios ?? [{ name: 'default', weight: 1, steps: paths.map((path) => getStep(path)) }],
    slo: [],
    compare: { percentiles: ['p50', 'p95', 'p99'], tolerance: {}, floorMs: 1, alpha: 0.01, resamples: 2000, seed: 1, historyWindow: 20 },
    abort: options.abort ?? { unreachableAfterMs: 5_000 },
    source: { hash: 'test' },
  };
}
