// The two tables at the top of the comment: one row per endpoint (and the total) with its percentiles
// and the change against main, and one row per SLO. Cells are built from the Verdict only; every name
// from outside is escaped here. Which rows fit is decided by markdown.ts.

import type { PercentileName } from '../config/types.js';
import type { ComparisonRow, EndpointStats, SloRow, Verdict } from '../analysis/types.js';
import { escapeMarkdown } from './escape.js';
import { formatChange, formatChangeInterval, formatCount, formatMs, formatPercent, formatPercentInterval, formatRate } from './format.js';
import { TOTAL_NAME } from './headline.js';
import { byQuantile } from '../config/percentile-name.js';

export const TABLE_PERCENTILES: readonly PercentileName[] = ['p50', 'p90', 'p95', 'p99'];

/** The endpoint table's percentile columns: TABLE_PERCENTILES and every compared one (p75, p99.9), by quantile. */
export function tablePercentiles(verdict: Verdict): PercentileName[] {
  return [...new Set([...TABLE_PERCENTILES, ...comparedMetrics(verdict)])].sort(byQuantile);
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Percentiles that have comparison rows, in the order the config listed them. */
export function comparedMetrics(verdict: Verdict): PercentileName[] {
  const seen: PercentileName[] = [];
  for (const row of verdict.comparisons) if (!seen.includes(row.metric)) seen.push(row.metric);
  return seen;
}

function shortReason(reason: string | undefined): string {
  if (reason === undefined || reason.length === 0) return 'inconclusive';
  return reason.length > 80 ? `${reason.slice(0, 79)}…` : reason;
}

/** The parts of a change cell, shared by the comment and the HTML report (text not yet escaped). */
export interface ChangeSummary {
  readonly icon: string;
  readonly change: string;
  readonly interval: string;
  readonly note?: string;
  readonly bold: boolean;
}

export function changeSummary(row: ComparisonRow): ChangeSummary {
  const interval = formatChangeInterval(row.ratioLow, row.ratioHigh);
  const change = formatChange(row.ratio);
  if (row.outcome === 'fail') return { icon: '❌', change, interval, bold: true };
  if (row.outcome === 'inconclusive') return { icon: '❔', change: '', interval: '', note: shortReason(row.reason), bold: false };
  if (row.improvement) return { icon: '🟢', change, interval, bold: false };
  if (row.suspicious) return { icon: '⚠️', change, interval, note: 'suspicious', bold: false };
  // The interval rules out a change beyond tolerance: no change; otherwise it is within the noise.
  const clear = Number.isFinite(row.ratioHigh) && row.ratioHigh <= 1 + row.tolerance;
  return { icon: clear ? '✅' : '⚪', change, interval, bold: false };
}

/** "❌ **+18 %** (+12 … +24)", "🟢 −9 % (−12 … −6)", "⚪ +4 % (−1 … +9)", "❔ too few samples". */
export function changeCell(row: ComparisonRow | undefined): string {
  if (row === undefined) return '–';
  const summary = changeSummary(row);
  const words = [summary.icon];
  if (summary.change !== '') words.push(summary.bold ? `**${summary.change}**` : summary.change);
  if (summary.interval !== '') words.push(summary.interval);
  if (summary.note !== undefined) words.push(escapeMarkdown(summary.note));
  return words.join(' ');
}

export function sloObjectiveText(slo: SloRow): string {
  if (slo.kind === 'latency') return `${slo.name}: ${formatPercent(slo.objective)} under ${formatMs(slo.thresholdMs ?? Number.NaN)}`;
  if (slo.kind === 'availability') return `${slo.name}: ${formatPercent(slo.objective)} available`;
  return `${slo.name}: errors under ${formatPercent(1 - slo.objective)}`;
}

function endpointLabel(stats: EndpointStats): string {
  if (stats.name === TOTAL_NAME) return '**all**';
  return stats.method === undefined ? escapeMarkdown(stats.name) : `${escapeMarkdown(stats.method)} ${escapeMarkdown(stats.name)}`;
}

/** The endpoint table; `rows` are already chosen and ordered by the caller (total last). */
export function renderEndpointTable(verdict: Verdict, rows: readonly EndpointStats[]): string {
  const metrics = comparedMetrics(verdict);
  const columns = tablePercentiles(verdict);
  const header = ['endpoint', 'requests', 'req/s', ...columns, 'max', 'errors', ...metrics.map((metric) => `${metric} vs main`)];
  const align = ['---', '---:', '---:', ...columns.map(() => '---:'), '---:', '---:', ...metrics.map(() => '---')];
  const lines = [tableRow(header), tableRow(align)];
  for (const stats of rows) {
    const comparisons = verdict.comparisons.filter((row) => row.endpoint === stats.name);
    const failing = new Set(comparisons.filter((row) => row.outcome === 'fail').map((row) => row.metric));
    const percentileCells = columns.map((metric) => {
      const text = formatMs(stats.percentiles[metric]?.valueMs ?? Number.NaN);
      return failing.has(metric) ? `**${text}**` : text;
    });
    lines.push(
      tableRow([
        endpointLabel(stats),
        formatCount(stats.requests),
        formatRate(stats.ratePerSec),
        ...percentileCells,
        formatMs(stats.maxMs),
        formatPercent(stats.errorRatio),
        ...metrics.map((metric) => changeCell(comparisons.find((row) => row.metric === metric))),
      ]),
    );
  }
  return lines.join('\n');
}

function sloVerdict(slo: SloRow): string {
  if (slo.outcome === 'pass') return '✅';
  if (slo.outcome === 'fail') return slo.reason === undefined ? '❌' : `❌ ${escapeMarkdown(slo.reason)}`;
  return `❔ ${escapeMarkdown(shortReason(slo.reason))}`;
}

/** The SLO table, or '' when the config has no SLOs. */
export function renderSloTable(verdict: Verdict): string {
  if (verdict.slos.length === 0) return '';
  const lines = [tableRow(['SLO', 'measured', 'error budget used', 'burn rate', 'verdict']), tableRow(['---', '---', '---:', '---:', '---'])];
  for (const slo of verdict.slos) {
    const interval = formatPercentInterval(slo.sliLow, slo.sliHigh);
    const measured = `${formatPercent(slo.sli)}${interval === '' ? '' : ` ${interval}`}`;
    const burn = Number.isFinite(slo.burnRate) ? String(Number(slo.burnRate.toPrecision(2))) : '–';
    lines.push(tableRow([escapeMarkdown(sloObjectiveText(slo)), measured, formatPercent(slo.budgetUsed), burn, sloVerdict(slo)]));
  }
  return lines.join('\n');
}
