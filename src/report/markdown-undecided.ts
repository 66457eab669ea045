// The line under the endpoint table that says what it would take to decide the open (❔) rows
// (docs/statistics.md §3, "what it would take"): per percentile, the median of what its undecided rows ask
// for (the largest is set by whichever row sits nearest its limit, where no amount of data is enough, and
// read as nonsense in the demo: 99 million requests), the seconds that is at that row's endpoint rate,
// and what that row had. Read from
// the Verdict only (ComparisonRow.requestsToDecide); nothing is recomputed here.

import type { PercentileName } from '../config/types.js';
import type { ComparisonRow, Verdict } from '../analysis/types.js';
import { formatCount, formatSeconds } from './format.js';

export interface UndecidedNeed {
  readonly metric: PercentileName;
  /** Rows of this percentile that are undecided and say what would decide them. */
  readonly rows: number;
  /** The median requestsToDecide among them (the upper median for an even count), and that row's requests. */
  readonly requestsNeeded: number;
  readonly requestsHad: number;
  /** requestsNeeded at that endpoint's rate in this run's steady window; NaN when the rate is unknown. */
  readonly secondsNeeded: number;
}

export function undecidedNeeds(verdict: Verdict): UndecidedNeed[] {
  const byMetric = new Map<PercentileName, ComparisonRow[]>();
  for (const row of verdict.comparisons) {
    if (row.outcome !== 'inconclusive' || row.requestsToDecide === undefined) continue;
    byMetric.set(row.metric, [...(byMetric.get(row.metric) ?? []), row]);
  }
  return [...byMetric.entries()].map(([metric, rows]) => {
    const sorted = [...rows].sort((a, b) => a.requestsToDecide! - b.requestsToDecide!);
    const worst = sorted[Math.floor(sorted.length / 2)]!;
    const rate = verdict.endpoints.find((stats) => stats.name === worst.endpoint)?.ratePerSec ?? Number.NaN;
    return { metric, rows: rows.length, requestsNeeded: worst.requestsToDecide!, requestsHad: worst.requests, secondsNeeded: rate > 0 ? worst.requestsToDecide! / rate : Number.NaN };
  });
}

/** "❔ p99 needs ~4,000 requests per endpoint (about 40 s at this rate); this run had 2,010." or ''. */
export function renderUndecidedNote(verdict: Verdict): string {
  const needs = undecidedNeeds(verdict);
  if (needs.length === 0) return '';
  const parts = needs.map((need) => {
    const seconds = Number.isFinite(need.secondsNeeded) ? ` (about ${formatSeconds(need.secondsNeeded)} at this rate)` : '';
    return `${need.metric} needs ~${formatCount(need.requestsNeeded)} requests per endpoint${seconds}; this run had ${formatCount(need.requestsHad)}`;
  });
  return `❔ To decide the open rows (the median row, from this run's variance): ${parts.join('. ')}.`;
}
