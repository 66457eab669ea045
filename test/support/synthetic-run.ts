// Synthetic RunResults for tests, fixtures and the statistics simulations in bench/: per endpoint a
// lognormal latency (median, σ) at a request rate, over a number of seconds, with optional warm-up,
// between-run noise, per-second drift (AR(1) on the log scale), a slow tail, errors, a scripted ramp and
// generator lag. Histograms are built and encoded only through src/results/histogram.ts, so the
// result is exactly what the engine would write. Deterministic for a given seed.

import { createHistogram, encodeHistogram, percentileMicros, recordMicros, type Histogram } from '../../src/results/histogram.js';
import {
  RUN_RESULT_FORMAT,
  RUN_RESULT_VERSION,
  type EndpointSeries,
  type ErrorClass,
  type HistoryEntry,
  type PercentileSummary,
  type PlanPhase,
  type RunMeta,
  type RunResult,
} from '../../src/results/types.js';

export interface SyntheticEndpoint {
  readonly name: string;
  readonly method?: string;
  /** Mean requests per second in the steady state. */
  readonly ratePerSec: number;
  /** Lognormal latency: median (ms) and shape σ (of ln latency). */
  readonly medianMs: number;
  readonly sigma: number;
  /** Multiplies every latency of this endpoint (e.g. 1.5 for a 50 % slower server). */
  readonly scale?: number;
  /** A slow tail: this fraction of requests is `factor` times slower (a p99-only regression). */
  readonly tail?: { readonly fraction: number; readonly factor: number };
  /** Fraction of requests that fail, and how (default http5xx, which still has a latency sample). */
  readonly errorRatio?: number;
  readonly errorClass?: ErrorClass;
}

export interface SyntheticRunOptions {
  readonly seed: number;
  readonly seconds: number;
  readonly endpoints: readonly SyntheticEndpoint[];
  /** Poisson arrivals per second (default) or exactly the rate each second. */
  readonly arrivals?: 'poisson' | 'constant';
  /** Standard deviation of ln(latency scale) for the whole run: between-run (environment) noise. */
  readonly runNoise?: number;
  /** Per-second drift on ln latency, shared by all endpoints: AR(1) with this stationary sd and lag-1 correlation. */
  readonly drift?: { readonly sd: number; readonly correlation: number };
  /** Latency starts `factor` times higher and falls linearly (or exponentially) to 1 over `seconds`. */
  readonly warmup?: { readonly seconds: number; readonly factor: number; readonly shape?: 'linear' | 'exponential' };
  /** A scripted ramp phase at the start: the rate rises linearly from 10 % to 100 % over it. */
  readonly rampSec?: number;
  /** Generator lag per request (ms), recorded as one value per request; default 0.2 ms. */
  readonly lagMs?: number;
  readonly missedPerSecond?: number;
  readonly meta?: Partial<RunMeta>;
}

/** A tiny seeded PRNG (mulberry32) kept apart from src/analysis/rng.ts so tests do not share its stream. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticRandom {
  uniform(): number;
  normal(): number;
  poisson(mean: number): number;
}

export function syntheticRandom(seed: number): SyntheticRandom {
  const next = mulberry32(seed * 2654435761 + 12345);
  const normal = (): number => {
    let u = next();
    while (u === 0) u = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    uniform: next,
    normal,
    poisson: (mean) => {
      if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
  };
}

interface Sample {
  readonly second: number;
  readonly endpoint: number;
  /** Latency in µs, or undefined for a failure without a response. */
  readonly latencyUs: number | undefined;
  readonly failed: boolean;
}

/** Walks every synthetic request in order; both the RunResult and the History summary are built from it. */
export function forEachSyntheticRequest(options: SyntheticRunOptions, visit: (sample: Sample) => void): void {
  const random = syntheticRandom(options.seed);
  const runShift = (options.runNoise ?? 0) * random.normal();
  let drift = 0;
  const rampSec = options.rampSec ?? 0;
  for (let second = 0; second < options.seconds; second++) {
    if (options.drift) {
      const { sd, correlation } = options.drift;
      drift = second === 0 ? sd * random.normal() : correlation * drift + sd * Math.sqrt(1 - correlation * correlation) * random.normal();
    }
    let warm = 1;
    if (options.warmup && second < options.warmup.seconds) {
      const progress = (second + 0.5) / options.warmup.seconds;
      const remaining = options.warmup.shape === 'exponential' ? Math.exp(-5 * progress) : 1 - progress;
      warm = 1 + (options.warmup.factor - 1) * remaining;
    }
    const rateFactor = second < rampSec ? 0.1 + (0.9 * (second + 0.5)) / rampSec : 1;
    options.endpoints.forEach((endpoint, index) => {
      const mean = endpoint.ratePerSec * rateFactor;
      const count = options.arrivals === 'constant' ? Math.round(mean) : random.poisson(mean);
      const logMedian = Math.log(endpoint.medianMs * 1000 * (endpoint.scale ?? 1) * warm) + runShift + drift;
      for (let i = 0; i < count; i++) {
        let latencyUs = Math.exp(logMedian + endpoint.sigma * random.normal());
        if (endpoint.tail && random.uniform() < endpoint.tail.fraction) latencyUs *= endpoint.tail.factor;
        const failed = endpoint.errorRatio !== undefined && random.uniform() < endpoint.errorRatio;
        const errorClass = endpoint.errorClass ?? 'http5xx';
        const withResponse = errorClass === 'http4xx' || errorClass === 'http5xx' || errorClass === 'expectation';
        visit({ second, endpoint: index, latencyUs: failed && !withResponse ? undefined : latencyUs, failed });
      }
    });
  }
}

class SeriesBuilder {
  readonly latency: (string | null)[] = [];
  readonly requests: number[];
  readonly errors: number[];
  readonly ok: number[];
  readonly failedStatus: number[];
  private histogram: Histogram = createHistogram();
  private second = 0;
  readonly name: string;
  readonly seconds: number;
  readonly errorClass: ErrorClass;
  readonly method: string | undefined;
  // Plain fields, not parameter properties: bench/ runs this file with Node's type stripping.
  constructor(name: string, seconds: number, errorClass: ErrorClass, method?: string) {
    this.name = name;
    this.seconds = seconds;
    this.errorClass = errorClass;
    this.method = method;
    this.requests = new Array<number>(seconds).fill(0);
    this.errors = new Array<number>(seconds).fill(0);
    this.ok = new Array<number>(seconds).fill(0);
    this.failedStatus = new Array<number>(seconds).fill(0);
  }
  add(sample: Sample): void {
    this.rollTo(sample.second);
    this.requests[sample.second]!++;
    if (sample.latencyUs !== undefined) recordMicros(this.histogram, sample.latencyUs);
    if (sample.failed) {
      this.errors[sample.second]!++;
      if (sample.latencyUs !== undefined) this.failedStatus[sample.second]!++;
    } else this.ok[sample.second]!++;
  }
  private rollTo(second: number): void {
    while (this.second < second) {
      this.latency.push(encodeHistogram(this.histogram));
      this.histogram.reset();
      this.second++;
    }
  }
  finish(): EndpointSeries {
    this.rollTo(this.seconds);
    this.histogram.destroy();
    const failedCode = this.errorClass === 'http4xx' ? '404' : '500';
    const errors = this.errors.some((count) => count > 0) ? { [this.errorClass]: this.errors } : {};
    const status: Record<string, number[]> = { '200': this.ok };
    if (this.failedStatus.some((count) => count > 0)) status[failedCode] = this.failedStatus;
    return {
      name: this.name,
      ...(this.method === undefined ? {} : { method: this.method }),
      latency: this.latency,
      serviceTime: this.latency,
      requests: this.requests,
      errors,
      status,
      errorSamples: this.errors.some((count) => count > 0) ? { [this.errorClass]: `synthetic ${this.errorClass}` } : {},
    };
  }
}

function planPhases(options: SyntheticRunOptions, totalRate: number): PlanPhase[] {
  const rampSec = Math.min(options.rampSec ?? 0, options.seconds);
  const phases: PlanPhase[] = [];
  if (rampSec > 0) phases.push({ name: 'ramp-up', startSec: 0, durationSec: rampSec, rate: totalRate * 0.1, rampTo: totalRate, isRamp: true });
  phases.push({ name: 'steady', startSec: rampSec, durationSec: options.seconds - rampSec, rate: totalRate, isRamp: false });
  return phases;
}

export function syntheticRun(options: SyntheticRunOptions): RunResult {
  const builders = options.endpoints.map((endpoint) => new SeriesBuilder(endpoint.name, options.seconds, endpoint.errorClass ?? 'http5xx', endpoint.method));
  const total = new SeriesBuilder('all', options.seconds, 'http5xx');
  const lagMs = options.lagMs ?? 0.2;
  const lagPerSecond: (string | null)[] = [];
  const lagSecond = createHistogram();
  const lagTotal = createHistogram();
  let lagAt = 0;
  let sent = 0;
  const flushLag = (upTo: number): void => {
    while (lagAt < upTo) {
      lagPerSecond.push(encodeHistogram(lagSecond));
      lagSecond.reset();
      lagAt++;
    }
  };
  forEachSyntheticRequest(options, (sample) => {
    builders[sample.endpoint]!.add(sample);
    total.add(sample);
    flushLag(sample.second);
    recordMicros(lagSecond, lagMs * 1000);
    recordMicros(lagTotal, lagMs * 1000);
    sent++;
  });
  flushLag(options.seconds);
  const totalRate = options.endpoints.reduce((sum, endpoint) => sum + endpoint.ratePerSec, 0);
  const missed = options.missedPerSecond ?? 0;
  const start = Date.parse(options.meta?.startedAt ?? '2026-01-01T00:00:00.000Z');
  const meta: RunMeta = {
    runId: `synthetic-${options.seed}`,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + options.seconds * 1000).toISOString(),
    toolVersion: '0.0.0-synthetic',
    configName: 'synthetic',
    configHash: 'synthetic-config',
    target: 'http://127.0.0.1:8080',
    targetClass: 'loopback',
    runner: { os: 'linux', cpus: 2, nodeVersion: 'v24.0.0' },
    labels: {},
    partial: false,
    shards: 1,
    ...options.meta,
  };
  const result: RunResult = {
    format: RUN_RESULT_FORMAT,
    version: RUN_RESULT_VERSION,
    meta,
    plan: {
      model: 'open',
      arrivals: options.arrivals ?? 'poisson',
      phases: planPhases(options, totalRate),
      durationSec: options.seconds,
      plannedRequests: Math.round(totalRate * options.seconds),
      connections: 10,
    },
    seconds: options.seconds,
    endpoints: builders.map((builder) => builder.finish()),
    total: total.finish(),
    generator: {
      lag: encodeHistogram(lagTotal),
      lagPerSecond,
      scheduled: sent + missed * options.seconds,
      sent,
      missedSends: missed * options.seconds,
      missedPerSecond: new Array<number>(options.seconds).fill(missed),
      eventLoopDelayP99Ms: 1,
      saturated: false,
      saturationReasons: [],
    },
  };
  lagSecond.destroy();
  lagTotal.destroy();
  return result;
}

/**
 * A History entry for a synthetic run over [fromSec, seconds), without encoding histograms: the cheap
 * way to build many past runs for the history test. Same request stream as syntheticRun(options).
 */
export function syntheticHistoryEntry(options: SyntheticRunOptions, fromSec: number, entry: { runId: string; commit: string; date: string }): HistoryEntry {
  const histograms = options.endpoints.map(() => createHistogram());
  const totalHistogram = createHistogram();
  const requests = options.endpoints.map(() => 0);
  const errors = options.endpoints.map(() => 0);
  forEachSyntheticRequest(options, (sample) => {
    if (sample.second < fromSec) return;
    requests[sample.endpoint]!++;
    if (sample.failed) errors[sample.endpoint]!++;
    if (sample.latencyUs !== undefined) {
      recordMicros(histograms[sample.endpoint]!, sample.latencyUs);
      recordMicros(totalHistogram, sample.latencyUs);
    }
  });
  const seconds = Math.max(1, options.seconds - fromSec);
  const summarise = (histogram: Histogram, count: number, failed: number): PercentileSummary => ({
    requests: count,
    ratePerSec: count / seconds,
    errorRatio: count > 0 ? failed / count : 0,
    p50Ms: percentileMicros(histogram, 50) / 1000,
    p90Ms: percentileMicros(histogram, 90) / 1000,
    p95Ms: percentileMicros(histogram, 95) / 1000,
    p99Ms: percentileMicros(histogram, 99) / 1000,
  });
  const endpoints: Record<string, PercentileSummary> = {};
  options.endpoints.forEach((endpoint, i) => (endpoints[endpoint.name] = summarise(histograms[i]!, requests[i]!, errors[i]!)));
  const result: HistoryEntry = {
    ...entry,
    total: summarise(totalHistogram, requests.reduce((a, b) => a + b, 0), errors.reduce((a, b) => a + b, 0)),
    endpoints,
  };
  for (const histogram of [...histograms, totalHistogram]) histogram.destroy();
  return result;
}
