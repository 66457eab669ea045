// The normalised, validated configuration that every later stage trusts. perf.yml (see schema.ts)
// is loaded, interpolated, checked and turned into this shape once, at the door: durations become
// milliseconds, percentages become fractions, defaults are filled in, and the value is frozen.

import type { ExportsConfig, NotifyConfig } from './push-types.js';
import { TOLERANCE_ANCHORS } from './percentile-name.js';

export type LoadModel = 'open' | 'closed';
export type ArrivalProcess = 'constant' | 'poisson';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
/** A canonical percentile name (p50, p75, p99.9): see percentile-name.ts, which reads and checks them. */
export type PercentileName = `p${string}`;

export interface Phase {
  readonly name: string;
  readonly durationMs: number;
  /** Open model: arrivals per second at the start of the phase. */
  readonly rate?: number;
  /** Open model: arrivals per second at the end (linear ramp); equal to `rate` when absent. */
  readonly rampTo?: number;
  /** Closed model: virtual users at the start of the phase. */
  readonly vus?: number;
  /** Closed model: virtual users at the end (linear ramp). */
  readonly rampToVus?: number;
  /** True when the phase changes the load (rampTo differs from rate): such phases are always trimmed. */
  readonly isRamp: boolean;
}

export interface LoadConfig {
  readonly model: LoadModel;
  readonly arrivals: ArrivalProcess;
  readonly phases: readonly Phase[];
  /** Open model: at most this many requests in flight; a send that finds none free is a missed send. */
  readonly maxInFlight: number;
}

export interface HttpConfig {
  readonly timeoutMs: number;
  readonly connections: number;
  readonly pipelining: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Header names whose values are secret (from ${ENV} interpolation or named so): masked everywhere. */
  readonly secretHeaders: readonly string[];
  readonly followRedirects: number;
  readonly http2: boolean;
  /** https targets: accept any certificate (perf.yml `http.insecure`). */
  readonly insecureTls: boolean;
  /**
   * Bytes of a response body kept for the captures and expectations that read it (perf.yml
   * `http.maxBodyBytes`); beyond them the body is counted and discarded, and those checks judge the
   * kept prefix. Bodies nothing reads are never kept.
   */
  readonly maxBodyBytes: number;
}

/** perf.yml `abort`: rules that stop the load early, each with its own exit code (errors.ts). */
export interface AbortConfig {
  /** Stop when nothing but connection errors came back this long after the start (exit 3); 0: never. */
  readonly unreachableAfterMs: number;
  /** Stop when at least `ratio` of the requests of the last `windowMs` failed (exit 5). */
  readonly errorStorm?: { readonly ratio: number; readonly windowMs: number };
}

/** A text with `{{ expression }}` parts, parsed once by the engine's template module. */
export type Template = string;

export interface Expectation {
  readonly status?: readonly number[];
  readonly headers?: Readonly<Record<string, string>>;
  /** JSONPath → expected value (compared as JSON). */
  readonly json?: Readonly<Record<string, unknown>>;
  readonly bodyContains?: string;
}

export type CaptureSource =
  | { readonly from: 'json'; readonly path: string }
  | { readonly from: 'header'; readonly name: string }
  | { readonly from: 'regex'; readonly pattern: string; readonly group: number };

export interface RequestStep {
  readonly kind: 'request';
  readonly type: 'http';
  /** Endpoint name in results; defaults to `METHOD path`. */
  readonly name: string;
  readonly method: HttpMethod;
  readonly url: Template;
  readonly headers: Readonly<Record<string, Template>>;
  readonly query: Readonly<Record<string, Template>>;
  readonly body?:
    | { readonly kind: 'json'; readonly value: unknown }
    | { readonly kind: 'form'; readonly value: Readonly<Record<string, Template>> }
    | { readonly kind: 'raw'; readonly value: Template; readonly contentType?: string };
  readonly capture: Readonly<Record<string, CaptureSource>>;
  readonly expect?: Expectation;
}

export interface ThinkStep {
  readonly kind: 'think';
  readonly durationMs: number;
}

export type Step = RequestStep | ThinkStep;

export interface Scenario {
  readonly name: string;
  readonly weight: number;
  readonly steps: readonly Step[];
}

export interface DataFeeder {
  readonly name: string;
  readonly csvPath: string;
  readonly order: 'sequential' | 'random';
}

export type TrimRule =
  | { readonly kind: 'auto' }
  | { readonly kind: 'fixed'; readonly cutMs: number }
  | { readonly kind: 'phase'; readonly phase: string };

export type SloSpec =
  | {
      readonly name: string;
      readonly kind: 'latency';
      readonly endpoints: readonly string[] | 'all';
      readonly thresholdMs: number;
      /** Fraction, e.g. 0.99. */
      readonly objective: number;
    }
  | { readonly name: string; readonly kind: 'availability'; readonly endpoints: readonly string[] | 'all'; readonly objective: number }
  | {
      readonly name: string;
      readonly kind: 'error-ratio';
      readonly endpoints: readonly string[] | 'all';
      /** Largest acceptable error fraction, e.g. 0.01. */
      readonly maxErrorRatio: number;
    };

export interface CompareConfig {
  readonly percentiles: readonly PercentileName[];
  /** Fractions per percentile, e.g. { p50: 0.05 }; loading gives every compared percentile one (its default when unset). */
  readonly tolerance: Readonly<Partial<Record<PercentileName, number>>>;
  readonly floorMs: number;
  readonly alpha: number;
  readonly resamples: number;
  readonly seed: number;
  readonly historyWindow: number;
}

export interface PerfConfig {
  readonly name: string;
  /** The profile applied (its load replaced the base load), or undefined. */
  readonly profile?: string;
  readonly target: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly http: HttpConfig;
  readonly load: LoadConfig;
  readonly trim: TrimRule;
  readonly data: readonly DataFeeder[];
  readonly scenarios: readonly Scenario[];
  readonly slo: readonly SloSpec[];
  readonly compare: CompareConfig;
  readonly abort: AbortConfig;
  /** After-run notifications and exports (push-types.ts); absent when perf.yml has none. */
  readonly notify?: NotifyConfig;
  readonly exports?: ExportsConfig;
  /**
   * The ${ENV} values interpolated into secret header values and push settings, kept because they cannot be read off
   * the config afterwards (a target may echo the token alone). Never serialised or hashed; the run's
   * whole set of secret values is secretsOf(config) in secrets.ts.
   */
  readonly environmentSecrets?: readonly string[];
  /** Where it came from, for error messages and the results' config hash. */
  readonly source: { readonly file?: string; readonly hash: string };
}

/** The documented tolerances (docs/statistics.md §3); other percentiles get defaultTolerance(name). */
export const DEFAULT_TOLERANCE: Readonly<Partial<Record<PercentileName, number>>> = Object.freeze(
  Object.fromEntries(TOLERANCE_ANCHORS.map((anchor) => [anchor.name, anchor.tolerance])),
);

/** Comparison defaults (docs/statistics.md §3, §4): perf.yml's `compare` section and `perf-action compare` without -c. */
export const DEFAULT_COMPARE: CompareConfig = Object.freeze({
  percentiles: Object.freeze(['p50', 'p95', 'p99'] as const),
  tolerance: DEFAULT_TOLERANCE,
  floorMs: 1,
  alpha: 0.01,
  resamples: 2000,
  // Fixed, so the same data always gives the same verdict.
  seed: 1,
  historyWindow: 20,
});
