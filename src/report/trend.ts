// The trend of one metric over the last main runs (from History) and this PR: a Mermaid xychart-beta
// block GitHub renders in comments, and a plain-text line for readers where Mermaid does not render.
// Which metric is the headline is chosen in headline.ts; the numbers come from History and the Verdict.

import type { PercentileName } from '../config/types.js';
import type { History, PercentileSummary } from '../results/types.js';
import { escapeMermaidLabel } from './escape.js';
import { formatMs, shortSha } from './format.js';

export const TREND_RUNS = 10;

export interface TrendPoint {
  readonly label: string;
  readonly valueMs: number;
}

function summaryValue(summary: PercentileSummary | undefined, metric: PercentileName): number {
  if (summary === undefined) return Number.NaN;
  switch (metric) {
    case 'p50':
      return summary.p50Ms;
    case 'p90':
      return summary.p90Ms;
    case 'p95':
      return summary.p95Ms;
    case 'p99':
      return summary.p99Ms;
    default:
      // History keeps p50, p90, p95 and p99 only (p75, p99.9, … are not summarised): the trend then has no main points.
      return Number.NaN;
  }
}

/** The last `limit` main runs that have the metric, oldest first, then this PR's value. */
export function trendPoints(history: History | undefined, endpoint: string, metric: PercentileName, currentMs: number, limit = TREND_RUNS): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const entry of history?.entries ?? []) {
    const summary = endpoint === 'all' ? entry.total : entry.endpoints[endpoint];
    const valueMs = summaryValue(summary, metric);
    if (Number.isFinite(valueMs)) points.push({ label: shortSha(entry.commit) ?? (entry.runId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 7) || '?'), valueMs });
  }
  const recent = points.slice(-limit);
  if (Number.isFinite(currentMs)) recent.push({ label: 'PR', valueMs: currentMs });
  return recent;
}

/** Rounds for the chart: 3 significant digits are plenty for a line. */
function chartNumber(valueMs: number): string {
  if (valueMs === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(valueMs))));
  return String(Number(valueMs.toFixed(Math.min(digits, 4))));
}

/** A ```mermaid xychart-beta block, or '' with fewer than two points. */
export function renderMermaidTrend(points: readonly TrendPoint[], title: string): string {
  if (points.length < 2) return '';
  const top = Math.max(...points.map((point) => point.valueMs));
  const yMax = Number(chartNumber(top * 1.2));
  const labels = points.map((point, index) => escapeMermaidLabel(point.label).replace(/[,\]]/g, '') || `r${index}`);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${escapeMermaidLabel(title)}"`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "ms" 0 --> ${yMax}`,
    `  line [${points.map((point) => chartNumber(point.valueMs)).join(', ')}]`,
    '```',
  ].join('\n');
}

/** "Trend: 98 ms → 101 ms → … → PR 118 ms" (plain text; labels are commit SHAs, hex only). */
export function renderTextTrend(points: readonly TrendPoint[]): string {
  if (points.length < 2) return '';
  return points.map((point) => `${point.label} ${formatMs(point.valueMs)}`).join(' → ');
}
