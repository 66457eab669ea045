// The RunResult (results.json) and History formats: what the engine writes, what a baseline artifact
// carries, and what analysis and reports read. Versioned; readers validate before they trust it
// (see run-result.ts). Latencies inside histograms are integer microseconds.

export const RUN_RESULT_FORMAT = 'perf-action/run-result';
export const RUN_RESULT_VERSION = 1;
export const HISTORY_FORMAT = 'perf-action/history';
export const HISTORY_VERSION = 1;

export type ErrorClass =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'tls'
  | 'dns'
  | 'http4xx'
  | 'http5xx'
  | 'expectation'
  | 'other'
  | 'cancelled';

export const ERROR_CLASSES: readonly ErrorClass[] = Object.freeze([
  'refused',
  'reset',
  'timeout',
  'tls',
  'dns',
  'http4xx',
  'http5xx',
  'expectation',
  'other',
  'cancelled',
]);

/**
 * Classes that are not failures of the target: `cancelled` is a request the run itself cut off
 * (in flight at a signal, at the hard wall of plan end + timeout, or at a stop rule). They stay in
 * `requests` and `errors` so that sent = recorded + cancelled adds up in the file, and analysis leaves
 * them out of both sides of every error ratio and rate (judgedCount in analysis/decoded-run.ts).
 */
export const UNJUDGED_ERROR_CLASSES: readonly ErrorClass[] = Object.freeze(['cancelled']);

/** Why a run stopped before its plan ended, for the edges' exit codes (partialReason says it in words). */
export type StopCause = 'interrupted' | 'unreachable' | 'error-storm';
export const STOP_CAUSES: readonly StopCause[] = Object.freeze(['interrupted', 'unreachable', 'error-storm']);

/** Where the target lives; a baseline taken against another class is not comparable. */
export type TargetClass = 'loopback' | 'private' | 'public';

export interface RunMeta {
  readonly runId: string;
  /** ISO 8601; second 0 of every series starts here (the first scheduled send). */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly toolVersion: string;
  readonly configName: string;
  readonly profile?: string;
  readonly configHash: string;
  /** Origin only (scheme://host:port); never carries credentials or query strings. */
  readonly target: string;
  readonly targetClass: TargetClass;
  readonly commit?: string;
  readonly ref?: string;
  readonly workflow?: string;
  readonly runner: { readonly os: string; readonly cpus: number; readonly nodeVersion: string; readonly name?: string };
  readonly labels: Readonly<Record<string, string>>;
  /** True when the run stopped early (signal, fatal target error); `partialReason` says why. */
  readonly partial: boolean;
  readonly partialReason?: string;
  /** Set with `partial` when the run stopped early for one of these causes; absent in older results. */
  readonly stoppedBy?: StopCause;
  /** Number of shard results merged into this one (1 for a single run). */
  readonly shards: number;
}

export interface PlanPhase {
  readonly name: string;
  readonly startSec: number;
  readonly durationSec: number;
  readonly rate?: number;
  readonly rampTo?: number;
  readonly vus?: number;
  readonly rampToVus?: number;
  readonly isRamp: boolean;
}

export interface RunPlan {
  readonly model: 'open' | 'closed';
  readonly arrivals: 'constant' | 'poisson';
  readonly phases: readonly PlanPhase[];
  readonly durationSec: number;
  /** Open model: requests the schedule asked for (sum over phases); closed model: undefined. */
  readonly plannedRequests?: number;
  readonly connections: number;
}

/**
 * One series per endpoint (and one for the total): arrays indexed by second since `startedAt`,
 * a request counted in the second of its scheduled start. Histograms are HDR, µs, encoded with
 * hdr-histogram-js's compressed base64; `null` where the second had no sample.
 */
export interface EndpointSeries {
  readonly name: string;
  readonly method?: string;
  /** Latency from the scheduled start to the last byte, responses only (errors without a response are not in it). */
  readonly latency: readonly (string | null)[];
  /** From the actual send to the last byte. */
  readonly serviceTime: readonly (string | null)[];
  /** Requests attempted (responses + failures without a response). */
  readonly requests: readonly number[];
  /** Failed requests per class (a response with a failing status or expectation counts here too). */
  readonly errors: Readonly<Partial<Record<ErrorClass, readonly number[]>>>;
  /** Responses by status code. */
  readonly status: Readonly<Record<string, readonly number[]>>;
  /** One example message per error class (already stripped of secrets), for reports. */
  readonly errorSamples: Readonly<Partial<Record<ErrorClass, string>>>;
}

export interface GeneratorHealth {
  /** Generator lag = actual send − scheduled start, µs, whole run. */
  readonly lag: string | null;
  readonly lagPerSecond: readonly (string | null)[];
  readonly scheduled: number;
  readonly sent: number;
  /** Sends that could not go on time (no free slot / connection); counted, not sent. */
  readonly missedSends: number;
  readonly missedPerSecond: readonly number[];
  /**
   * Open model: scenario iterations (arrivals) started per second, by scheduled second. A multi-step
   * scenario sends several requests per arrival, so the achieved-rate gate compares this, not the
   * request count, with the planned arrival rate. Absent in results written before it existed.
   */
  readonly startedPerSecond?: readonly number[];
  readonly eventLoopDelayP99Ms: number;
  /**
   * Responses whose body was longer than http.maxBodyBytes where a capture or expectation read it:
   * those judged the first maxBodyBytes only; the rest was counted and discarded. Absent in older results.
   */
  readonly truncatedBodies?: number;
  /** Set by the engine from the gates of docs/statistics.md §6; analysis re-checks over the steady window. */
  readonly saturated: boolean;
  readonly saturationReasons: readonly string[];
}

export interface RunResult {
  readonly format: typeof RUN_RESULT_FORMAT;
  readonly version: typeof RUN_RESULT_VERSION;
  readonly meta: RunMeta;
  readonly plan: RunPlan;
  /** Length of every per-second array. */
  readonly seconds: number;
  readonly endpoints: readonly EndpointSeries[];
  readonly total: EndpointSeries;
  readonly generator: GeneratorHealth;
}

/** Summary of one endpoint (or the total) over a run's steady window, kept in History. */
export interface PercentileSummary {
  readonly requests: number;
  readonly ratePerSec: number;
  readonly errorRatio: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export interface HistoryEntry {
  readonly runId: string;
  readonly commit: string;
  readonly ref?: string;
  /** ISO 8601 start of the run. */
  readonly date: string;
  readonly total: PercentileSummary;
  readonly endpoints: Readonly<Record<string, PercentileSummary>>;
}

/** Rolling summaries of past main runs, oldest first, at most 30 kept. */
export interface History {
  readonly format: typeof HISTORY_FORMAT;
  readonly version: typeof HISTORY_VERSION;
  readonly configName: string;
  readonly profile?: string;
  readonly entries: readonly HistoryEntry[];
}
