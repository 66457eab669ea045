// The Verdict (verdict.json): everything the reports and the exit code read. Analysis builds it from
// RunResults, History and the config; nothing downstream recomputes statistics. Versioned JSON.
// Latencies in ms (fractional), ratios as current/baseline, fractions in [0, 1].

import type { PercentileName } from '../config/types.js';

/** The percentiles every series is summarised with, whatever is compared (percentiles.ts SHOWN_PERCENTILES). */
export type ShownPercentile = 'p50' | 'p90' | 'p95' | 'p99' | 'p99.9';

export const VERDICT_FORMAT = 'perf-action/verdict';
export const VERDICT_VERSION = 1;

/** Spelled the same in code, JSON, action outputs and the comment. */
export type Outcome = 'pass' | 'fail' | 'inconclusive';

export interface TrimWindow {
  /** Seconds since the run's start: the steady window is [startSec, endSec). */
  readonly startSec: number;
  readonly endSec: number;
  /** Seconds of scripted ramp phases that were always cut. */
  readonly rampSec: number;
  /** Seconds MSER-5 (or the fixed rule) cut beyond the ramp. */
  readonly extraCutSec: number;
  readonly rule: 'auto' | 'fixed' | 'phase';
  /** Plain words: "ramp 30 s; MSER-5 cut nothing more". */
  readonly reason: string;
  readonly warnings: readonly string[];
}

export interface PercentileEstimate {
  readonly valueMs: number;
  /** Distribution-free interval (docs/statistics.md §2); NaN where the sample cannot give one. */
  readonly lowMs: number;
  readonly highMs: number;
  /** False when fewer than 100 samples lie beyond the percentile, or the interval is wider than ±5 %: the value is shown as imprecise (it decides no row). */
  readonly enoughSamples: boolean;
}

export interface EndpointStats {
  readonly name: string;
  readonly method?: string;
  readonly requests: number;
  readonly ratePerSec: number;
  readonly errors: number;
  readonly errorRatio: number;
  /** Always the shown percentiles (p50 … p99.9), plus every compared one (p75, …). */
  readonly percentiles: Readonly<Record<ShownPercentile, PercentileEstimate> & Partial<Record<PercentileName, PercentileEstimate>>>;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly status: Readonly<Record<string, number>>;
  readonly errorClasses: Readonly<Record<string, { readonly count: number; readonly sample?: string }>>;
}

export interface HistoryTest {
  /** Runs the test used: the History window less the outliers. */
  readonly runs: number;
  /** Runs of the window set aside as outliers (further than 5 robust sd from the median). */
  readonly outlierRuns: number;
  /** Geometric mean of the runs used: the reference the change is measured against. */
  readonly centreMs: number;
  readonly t: number;
  readonly threshold: number;
  readonly outcome: Outcome;
}

export interface ComparisonRow {
  readonly endpoint: string;
  readonly metric: PercentileName;
  readonly baselineMs: number;
  readonly currentMs: number;
  /** current / baseline. */
  readonly ratio: number;
  /** Bootstrap interval of the ratio (two-sided at the row's Hommel-adjusted level). */
  readonly ratioLow: number;
  readonly ratioHigh: number;
  /** δ used for this row (fraction) and whether History widened it. */
  readonly tolerance: number;
  readonly floorMs: number;
  readonly outcome: Outcome;
  /** Point estimate above tolerance and lower bound above 1, yet not a fail: shown as suspicious. */
  readonly suspicious: boolean;
  /**
   * The percentile of either run has fewer than 100 samples beyond it or a rank interval wider than ±5 %
   * (docs/statistics.md §2): the value shown is imprecise. It does not decide the row; the row's interval does.
   */
  readonly imprecise: boolean;
  /** Requests in this run's steady window for the endpoint (`all`: every endpoint). */
  readonly requests: number;
  /**
   * An undecided row: about how many requests in each run would decide it, from the observed variance
   * (the samples floor's count when below it); absent when no amount of data would at this ratio.
   */
  readonly requestsToDecide?: number;
  readonly improvement: boolean;
  /** The rule that produced the outcome, in words with its numbers. */
  readonly rule: string;
  /** Why the row is inconclusive, when it is. */
  readonly reason?: string;
  readonly history?: HistoryTest;
  /** The one-baseline block bootstrap on its own, when it ran; `outcome` above combines it with `history`. */
  readonly bootstrap?: BootstrapTest;
}

/** The bootstrap's tail test of one row (docs/statistics.md §3; computed in row-tests.ts). */
export interface TailTest {
  /** Share of the baseline above its own q_p, and of this run above (1 + δ)·q_p(baseline)·bodyShift. */
  readonly baselineShare: number;
  readonly currentShare: number;
  /** m(current) / m(baseline): the medians' ratio. */
  readonly bodyShift: number;
  /** ln(currentShare / baselineShare) and its inflated bootstrap standard error. */
  readonly logRatio: number;
  readonly standardError: number;
  readonly pValue: number;
}

export interface BootstrapTest {
  readonly outcome: Outcome;
  /** One-sided p-value of the row (Bonferroni over its two tests) and the Hommel level it was compared with (the field keeps its name). */
  readonly pValue: number;
  readonly holmLevel: number;
  /** Bootstrap standard error of ln(ratio), inflated for the window's finite length (bootstrap.ts). */
  readonly standardError: number;
  /** The quantile-ratio test's own p-value; `pValue` is Bonferroni over it and the tail test's. */
  readonly quantilePValue?: number;
  /**
   * The tail test (docs/statistics.md §3), above the median: this run's share above (1 + δ)·q_p(main)·bodyShift
   * against main's share above its q_p; bodyShift = median(current) / median(main).
   */
  readonly tail?: TailTest;
}

export interface SloRow {
  readonly name: string;
  readonly kind: 'latency' | 'availability' | 'error-ratio';
  readonly endpoints: readonly string[] | 'all';
  /** Target fraction of good requests (for error-ratio: 1 − max error ratio). */
  readonly objective: number;
  readonly thresholdMs?: number;
  readonly good: number;
  readonly valid: number;
  /** good / valid, with its Wilson interval (design-effect adjusted). */
  readonly sli: number;
  readonly sliLow: number;
  readonly sliHigh: number;
  readonly designEffect: number;
  /** Fraction of this run's error budget used (bad fraction / (1 − objective)), and the burn rate (same number). */
  readonly budgetUsed: number;
  readonly burnRate: number;
  readonly outcome: Outcome;
  readonly reason?: string;
}

export interface ChangePoint {
  readonly commit: string;
  readonly date: string;
  readonly endpoint: string;
  readonly metric: PercentileName;
  /** Ratio of the means after / before. */
  readonly ratio: number;
}

/**
 * The CI run a baseline came from, as the CI records it (the action's lookup reads it from GitHub, not
 * from the baseline's own files); absent for a baseline given as a file.
 */
export interface BaselineOrigin {
  /** Workflow file name ("main-baseline.yml") or the workflow's name. */
  readonly workflow: string;
  readonly runId: number;
  readonly runNumber?: number;
  /** push, schedule or workflow_dispatch. */
  readonly event: string;
  readonly commit: string;
  /** ISO 8601: when the baseline artifact was made. */
  readonly createdAt: string;
  readonly url?: string;
}

export interface BaselineInfo {
  readonly runId: string;
  readonly commit?: string;
  readonly ref?: string;
  readonly startedAt: string;
  readonly historyRuns: number;
  /** Where it came from: an artifact name, a file path. */
  readonly source?: string;
  readonly origin?: BaselineOrigin;
}

export interface Verdict {
  readonly format: typeof VERDICT_FORMAT;
  readonly version: typeof VERDICT_VERSION;
  readonly overall: Outcome;
  readonly slo: Outcome;
  readonly regression: Outcome;
  /** One line a developer needs, without Markdown. */
  readonly headline: string;
  readonly configName: string;
  readonly profile?: string;
  readonly trim: { readonly current: TrimWindow; readonly baseline?: TrimWindow };
  readonly current: { readonly runId: string; readonly commit?: string; readonly steadySeconds: number };
  readonly baseline?: BaselineInfo;
  /** Stats of the current run's steady window: one row per endpoint, then the total as `all`. */
  readonly endpoints: readonly EndpointStats[];
  readonly total: EndpointStats;
  readonly baselineEndpoints?: readonly EndpointStats[];
  readonly comparisons: readonly ComparisonRow[];
  readonly slos: readonly SloRow[];
  readonly changePoints: readonly ChangePoint[];
  readonly validity: {
    readonly generatorSaturated: boolean;
    readonly lagP99Ms: number;
    readonly missedSends: number;
    /** Arrivals (scenario iterations) per second over the steady window; requests for results without arrival counts. */
    readonly achievedRate: number;
    /** Open model: the plan's arrivals per second over the same window. */
    readonly plannedRate?: number;
    /** Each gate that failed, in words; every affected row is inconclusive. */
    readonly reasons: readonly string[];
  };
  readonly method: {
    readonly resamples: number;
    readonly alpha: number;
    readonly blockSeconds: number;
    readonly seed: number;
    /** Rows in the Hommel family of the bootstrap (the name is kept for the Verdict contract). */
    readonly holmRows: number;
  };
  readonly notes: readonly string[];
}
