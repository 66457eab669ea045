// What the reader sees first: the icon of each outcome, the headline line, the comparison row the
// trend follows, and the short one-line record kept in "Earlier runs on this PR". The decision itself
// is the Verdict's; this file only picks words and icons for it.

import type { PercentileName } from '../config/types.js';
import type { ComparisonRow, EndpointStats, Outcome, Verdict } from '../analysis/types.js';
import { escapeMarkdown } from './escape.js';
import { shortSha } from './format.js';

export const OUTCOME_ICON: Readonly<Record<Outcome, string>> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

export const TOTAL_NAME = 'all';

/** The endpoint rows, total last, whether or not the Verdict already lists the total among them. */
export function endpointRows(verdict: Verdict): EndpointStats[] {
  return [...verdict.endpoints.filter((row) => row !== verdict.total && row.name !== TOTAL_NAME), verdict.total];
}

/** Rows ordered worst first: fails, then suspicious, then inconclusive, then by largest change. */
export function worstFirst(rows: readonly ComparisonRow[]): ComparisonRow[] {
  const rank = (row: ComparisonRow): number => (row.outcome === 'fail' ? 0 : row.suspicious ? 1 : row.outcome === 'inconclusive' ? 2 : 3);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (Number.isFinite(b.ratio) ? b.ratio : 0) - (Number.isFinite(a.ratio) ? a.ratio : 0));
}

/** The comparison the trend follows: the worst row, or the total's first compared percentile. */
export function headlineMetric(verdict: Verdict): { endpoint: string; metric: PercentileName } {
  const worst = worstFirst(verdict.comparisons)[0];
  if (worst !== undefined && (worst.outcome === 'fail' || worst.suspicious)) return { endpoint: worst.endpoint, metric: worst.metric };
  const totalRow = verdict.comparisons.find((row) => row.endpoint === TOTAL_NAME);
  return { endpoint: TOTAL_NAME, metric: totalRow?.metric ?? 'p95' };
}

/** "### ❌ storefront: product p95 is 18 % slower than main" (the headline text is the Verdict's, escaped). */
export function renderHeadline(verdict: Verdict): string {
  const icon = OUTCOME_ICON[verdict.overall];
  const profile = verdict.profile === undefined ? '' : ` (${escapeMarkdown(verdict.profile)})`;
  return `### ${icon} ${escapeMarkdown(verdict.configName)}${profile}: ${escapeMarkdown(verdict.headline)}`;
}

/** "a1b2c3d ❌ product p95 is 18 % slower than main", at most ~160 characters, escaped. */
export function oneLineRecord(verdict: Verdict, now: Date): string {
  const sha = shortSha(verdict.current.commit) ?? now.toISOString().slice(0, 16).replace('T', ' ');
  const text = verdict.headline.length > 140 ? `${verdict.headline.slice(0, 139)}…` : verdict.headline;
  return `${sha} ${OUTCOME_ICON[verdict.overall]} ${escapeMarkdown(text)}`;
}
