// What a notification says, whatever carries it (Slack blocks, a JSON webhook): the verdict's
// outcomes and headline, one row per endpoint of the steady window with its change against main,
// the SLO rows, main's last N p95 values from the History for context, and links to the run and the
// report. Pure and built from the Verdict alone (plus the History): no statistics are redone here.

import type { EndpointStats, Outcome, Verdict } from '../analysis/types.js';
import type { NotifyEvent } from '../config/push-types.js';
import { endpointRows, TOTAL_NAME } from '../report/headline.js';
import { trendPoints } from '../report/trend.js';
import type { History } from '../results/types.js';

/** The percentile whose history is shown for context: History keeps p50–p99, and p95 is the usual gate. */
export const CONTEXT_METRIC = 'p95';

export interface NoticeLinks {
  readonly runUrl?: string;
  readonly reportUrl?: string;
}

export interface NoticeEndpoint {
  readonly name: string;
  readonly requests: number;
  readonly ratePerSec: number;
  readonly errorRatio: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** The worst comparison row of the endpoint (fail first, then the largest change), when compared. */
  readonly change?: { readonly metric: string; readonly ratio: number; readonly outcome: Outcome };
  /** Main's last N values of CONTEXT_METRIC, oldest first, labelled by short commit. */
  readonly mainHistory: readonly { readonly label: string; readonly valueMs: number }[];
}

export interface Notice {
  readonly events: readonly NotifyEvent[];
  readonly configName: string;
  readonly profile?: string;
  readonly overall: Outcome;
  readonly slo: Outcome;
  readonly regression: Outcome;
  readonly headline: string;
  readonly runId: string;
  readonly commit?: string;
  readonly steadySeconds: number;
  readonly baselineCommit?: string;
  readonly endpoints: readonly NoticeEndpoint[];
  readonly slos: readonly { readonly name: string; readonly outcome: Outcome; readonly sli: number; readonly objective: number; readonly reason?: string }[];
  readonly links: NoticeLinks;
}

export function buildNotice(verdict: Verdict, options: { events: readonly NotifyEvent[]; history?: History; historyRuns: number; links: NoticeLinks }): Notice {
  const endpoints = endpointRows(verdict).map((row): NoticeEndpoint => {
    const rows = verdict.comparisons.filter((comparison) => comparison.endpoint === row.name);
    const worst = rows.find((comparison) => comparison.outcome === 'fail') ?? [...rows].sort((a, b) => (Number.isFinite(b.ratio) ? b.ratio : 0) - (Number.isFinite(a.ratio) ? a.ratio : 0))[0];
    const mainHistory = options.historyRuns === 0 ? [] : trendPoints(options.history, row.name === verdict.total.name ? TOTAL_NAME : row.name, CONTEXT_METRIC, Number.NaN, options.historyRuns);
    return {
      name: row.name,
      requests: row.requests,
      ratePerSec: row.ratePerSec,
      errorRatio: row.errorRatio,
      p50Ms: percentileMs(row, 'p50'),
      p95Ms: percentileMs(row, 'p95'),
      p99Ms: percentileMs(row, 'p99'),
      ...(worst === undefined ? {} : { change: { metric: worst.metric, ratio: worst.ratio, outcome: worst.outcome } }),
      mainHistory,
    };
  });
  return {
    events: options.events,
    configName: verdict.configName,
    ...(verdict.profile === undefined ? {} : { profile: verdict.profile }),
    overall: verdict.overall,
    slo: verdict.slo,
    regression: verdict.regression,
    headline: verdict.headline,
    runId: verdict.current.runId,
    ...(verdict.current.commit === undefined ? {} : { commit: verdict.current.commit }),
    steadySeconds: verdict.current.steadySeconds,
    ...(verdict.baseline?.commit === undefined ? {} : { baselineCommit: verdict.baseline.commit }),
    endpoints,
    slos: verdict.slos.map((row) => ({ name: row.name, outcome: row.outcome, sli: row.sli, objective: row.objective, ...(row.reason === undefined ? {} : { reason: row.reason }) })),
    links: options.links,
  };
}

/** A percentile of the row, NaN when the verdict did not estimate it. */
function percentileMs(row: EndpointStats, name: string): number {
  return (row.percentiles as Readonly<Partial<Record<string, { readonly valueMs: number }>>>)[name]?.valueMs ?? Number.NaN;
}
