// The sticky PR comment and the job summary (GitHub-flavoured Markdown), from the Verdict and the
// runs. Assembles the parts from headline.ts, markdown-tables.ts, markdown-details.ts, trend.ts and
// marker.ts, and keeps the whole under GitHub's 65,536-character limit by dropping detail in steps and
// saying so. Posting the comment is the action's job.

import type { Verdict } from '../analysis/types.js';
import type { History, RunResult } from '../results/types.js';
import { headlineMetric, endpointRows, oneLineRecord, renderHeadline, worstFirst } from './headline.js';
import { commentMarker, currentRunRecord, parseEarlierRuns, renderEarlierRuns } from './marker.js';
import { renderUndecidedNote } from './markdown-undecided.js';
import { details, renderChangePoints, renderFooter, renderMethod, renderProvenanceLine, renderRunDetails, renderWarnings } from './markdown-details.js';
import { renderEndpointTable, renderSloTable } from './markdown-tables.js';
import { renderMermaidTrend, renderTextTrend, trendPoints } from './trend.js';
import { escapeMarkdown } from './escape.js';
import { countNoun } from './format.js';
import type { EndpointStats } from '../analysis/types.js';

/** GitHub rejects bodies over 65,536 characters; keep a margin. */
export const COMMENT_LIMIT = 65_000;

export interface CommentInput {
  readonly verdict: Verdict;
  readonly current: RunResult;
  readonly baseline?: RunResult;
  readonly history?: History;
  readonly job?: string;
  readonly reportUrl?: string;
  readonly runUrl?: string;
  readonly repoUrl?: string;
  readonly previousBody?: string;
  readonly now?: Date;
}

/** How much detail a rendering keeps; each step drops more. */
interface Detail {
  readonly perEndpointDetails: boolean;
  readonly trend: boolean;
  /** Endpoint rows kept in the tables (worst first), or undefined for all. */
  readonly maxEndpoints?: number;
  readonly earlierRuns: number;
}

const STEPS: readonly Detail[] = [
  { perEndpointDetails: true, trend: true, earlierRuns: 20 },
  { perEndpointDetails: false, trend: true, earlierRuns: 20 },
  { perEndpointDetails: false, trend: false, earlierRuns: 20 },
  ...[200, 100, 50, 20, 10, 5].map((maxEndpoints) => ({ perEndpointDetails: false, trend: false, maxEndpoints, earlierRuns: 20 })),
  { perEndpointDetails: false, trend: false, maxEndpoints: 5, earlierRuns: 5 },
];

/** Endpoints ordered worst first (failing, suspicious, inconclusive rows, then errors), the total kept last. */
function worstEndpoints(verdict: Verdict, limit: number): EndpointStats[] {
  const rows = endpointRows(verdict);
  const total = rows[rows.length - 1];
  const others = rows.slice(0, -1);
  const order = new Map<string, number>();
  worstFirst(verdict.comparisons).forEach((row, index) => {
    if (!order.has(row.endpoint)) order.set(row.endpoint, index);
  });
  const ranked = [...others].sort((a, b) => (order.get(a.name) ?? Infinity) - (order.get(b.name) ?? Infinity) || b.errorRatio - a.errorRatio);
  return [...ranked.slice(0, limit), ...(total === undefined ? [] : [total])];
}

function render(input: CommentInput, detail: Detail, withMarker: boolean): string {
  const { verdict, current, baseline } = input;
  const now = input.now ?? new Date();
  const allRows = endpointRows(verdict);
  const rows = detail.maxEndpoints === undefined ? allRows : worstEndpoints(verdict, detail.maxEndpoints);
  const dropped: string[] = [];
  if (!detail.perEndpointDetails) dropped.push('per-endpoint details');
  if (!detail.trend) dropped.push('the trend chart');
  const hidden = allRows.length - rows.length;
  if (hidden > 0) dropped.push(`${hidden} endpoints from the tables (the worst ${rows.length - 1} are shown)`);

  const record = oneLineRecord(verdict, now);
  const parts: string[] = [];
  if (withMarker) parts.push(`${commentMarker(verdict.configName, input.job)}\n${currentRunRecord(record)}`);
  parts.push(renderHeadline(verdict));
  parts.push(renderProvenanceLine(verdict, { now, ...(input.repoUrl === undefined ? {} : { repoUrl: input.repoUrl }), ...(input.reportUrl === undefined ? {} : { reportUrl: input.reportUrl }) }));
  const warnings = renderWarnings(verdict, current, baseline);
  if (warnings !== '') parts.push(warnings);
  if (dropped.length > 0) {
    parts.push(`> ℹ️ Shortened to fit GitHub's comment size limit: left out ${dropped.join(', ')}. The full report has everything.`);
  }
  parts.push(renderEndpointTable(verdict, rows));
  const undecided = renderUndecidedNote(verdict);
  if (undecided !== '') parts.push(undecided);
  const sloTable = renderSloTable(verdict);
  if (sloTable !== '') parts.push(sloTable);

  if (detail.trend) {
    const { endpoint, metric } = headlineMetric(verdict);
    const stats = allRows.find((row) => row.name === endpoint);
    const points = trendPoints(input.history, endpoint, metric, stats?.percentiles[metric]?.valueMs ?? Number.NaN);
    const title = `${endpoint} ${metric} (ms): last ${countNoun(points.length - 1, 'run')} on main, then this PR`;
    const chart = renderMermaidTrend(points, title);
    if (chart !== '') parts.push(`${chart}\n\nTrend of ${escapeMarkdown(endpoint)} ${metric}: ${renderTextTrend(points)}`);
  }

  const runDetailRows = detail.perEndpointDetails ? allRows : allRows.slice(-1);
  parts.push(details(detail.perEndpointDetails ? 'All percentiles, status codes and errors' : 'All percentiles, status codes and errors (total only)', renderRunDetails(runDetailRows)));
  const changePoints = renderChangePoints(verdict, input.repoUrl);
  if (changePoints !== '') parts.push(details(`Change points on main (${verdict.changePoints.length})`, changePoints));
  parts.push(details('How this was decided', renderMethod(verdict, now, input.repoUrl)));
  const earlier = renderEarlierRuns(parseEarlierRuns(input.previousBody).slice(0, detail.earlierRuns));
  if (earlier !== '') parts.push(earlier);
  parts.push(renderFooter(current, { ...(input.repoUrl === undefined ? {} : { repoUrl: input.repoUrl }), ...(input.runUrl === undefined ? {} : { runUrl: input.runUrl }) }));
  return `${parts.join('\n\n')}\n`;
}

function renderWithinLimit(input: CommentInput, withMarker: boolean): string {
  let body = '';
  for (const detail of STEPS) {
    body = render(input, detail, withMarker);
    if (body.length <= COMMENT_LIMIT) return body;
  }
  // Only pathological inputs (e.g. enormous SLO lists) get here: cut at a line and say so.
  const note = '\n\n> ℹ️ Cut to fit GitHub’s comment size limit; see the full report.\n';
  const cut = body.lastIndexOf('\n', COMMENT_LIMIT - note.length);
  return body.slice(0, cut > 0 ? cut : COMMENT_LIMIT - note.length) + note;
}

/** The sticky PR comment, starting with its hidden marker. */
export function renderComment(input: CommentInput): string {
  return renderWithinLimit(input, true);
}

/** The job summary: the same content, without the marker and run record. */
export function renderSummary(input: Omit<CommentInput, 'job' | 'previousBody'> & { readonly previousBody?: string }): string {
  return renderWithinLimit(input, false);
}
