// report.html: one self-contained page (no network: chart.js is inlined from the generated asset and a
// Content-Security-Policy forbids fetching anything) with the verdict, latency/throughput/spectrum
// charts, the endpoint table and the SLO table. Everything from outside is HTML-escaped; chart data
// travels as JSON in a script block with `<` escaped. Writing the file is the caller's job.

import type { EndpointStats, Verdict } from '../analysis/types.js';
import type { History, RunResult } from '../results/types.js';
import { CHART_JS_SOURCE } from './assets/chart-js.generated.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { countNoun, formatAge, formatCount, formatMs, formatPercent, formatPercentInterval, formatRate, formatSecondMark, shortSha } from './format.js';
import { endpointRows, TOTAL_NAME } from './headline.js';
import { CLIENT_SCRIPT } from './html-client.js';
import { MAX_CHARTED_ENDPOINTS, reportData, type ReportData } from './html-data.js';
import { comparedMetrics, changeSummary, sloObjectiveText, tablePercentiles } from './markdown-tables.js';
import { comparabilityWarnings } from './markdown-details.js';
import { STYLES } from './html-style.js';

export interface HtmlInput {
  readonly verdict: Verdict;
  readonly current: RunResult;
  readonly baseline?: RunResult;
  readonly history?: History;
  readonly now?: Date;
}

/** Inline scripts end at the first "</script"; the library text is broken there just in case. */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * The page draws its own badges instead of emoji, so it reads the same where no emoji font is
 * installed (headless browsers, some Linux desktops); the comment keeps GitHub's emoji.
 */
const BADGES: Readonly<Record<string, { readonly symbol: string; readonly label: string; readonly tone: string }>> = {
  '❌': { symbol: '✕', label: 'regression', tone: 'fail' },
  '✅': { symbol: '✓', label: 'no change', tone: 'pass' },
  '🟢': { symbol: '▼', label: 'improvement', tone: 'pass' },
  '⚪': { symbol: '≈', label: 'within noise', tone: 'neutral' },
  '⚠️': { symbol: '!', label: 'suspicious', tone: 'inconclusive' },
  '❔': { symbol: '?', label: 'inconclusive', tone: 'inconclusive' },
};

function badge(icon: string): string {
  const known = BADGES[icon];
  if (known === undefined) return escapeHtml(icon);
  return `<span class="badge ${known.tone}" title="${known.label}" aria-label="${known.label}">${known.symbol}</span>`;
}

function outcomeBadge(outcome: 'pass' | 'fail' | 'inconclusive'): string {
  return badge(outcome === 'pass' ? '✅' : outcome === 'fail' ? '❌' : '❔');
}

function endpointTable(verdict: Verdict, rows: readonly EndpointStats[]): string {
  const metrics = comparedMetrics(verdict);
  const columns = tablePercentiles(verdict);
  const head = ['endpoint', 'requests', 'req/s', ...columns, 'max', 'errors', ...metrics.map((metric) => `${metric} vs main`)];
  const body = rows.map((stats) => {
    const comparisons = verdict.comparisons.filter((row) => row.endpoint === stats.name);
    const fullName = escapeHtml(`${stats.method === undefined ? '' : `${stats.method} `}${stats.name}`);
    const name = stats.name === TOTAL_NAME ? '<strong>all</strong>' : fullName;
    const failing = new Set(comparisons.filter((row) => row.outcome === 'fail').map((row) => row.metric));
    const cells = [
      `<th scope="row" title="${fullName}">${name}</th>`,
      `<td class="num">${formatCount(stats.requests)}</td>`,
      `<td class="num">${formatRate(stats.ratePerSec)}</td>`,
      ...columns.map((metric) => {
        const text = escapeHtml(formatMs(stats.percentiles[metric]?.valueMs ?? Number.NaN));
        return `<td class="num">${failing.has(metric) ? `<strong>${text}</strong>` : text}</td>`;
      }),
      `<td class="num">${formatMs(stats.maxMs)}</td>`,
      `<td class="num">${formatPercent(stats.errorRatio)}</td>`,
      ...metrics.map((metric) => {
        const row = comparisons.find((candidate) => candidate.metric === metric);
        if (row === undefined) return '<td>–</td>';
        const summary = changeSummary(row);
        const change = summary.bold ? `<strong>${summary.change}</strong>` : summary.change;
        const note = summary.note === undefined ? '' : ` <span class="note">${escapeHtml(summary.note)}</span>`;
        return `<td class="change" title="${escapeHtml(row.rule)}">${badge(summary.icon)} ${change} ${summary.interval}${note}</td>`;
      }),
    ];
    return `<tr${stats.name === TOTAL_NAME ? ' class="total"' : ''}>${cells.join('')}</tr>`;
  });
  return `<table id="endpoints"><thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function sloTable(verdict: Verdict): string {
  if (verdict.slos.length === 0) return '<p>No SLOs are configured.</p>';
  const rows = verdict.slos.map((slo) => {
    const reason = slo.reason === undefined ? '' : ` ${escapeHtml(slo.reason)}`;
    const burn = Number.isFinite(slo.burnRate) ? String(Number(slo.burnRate.toPrecision(2))) : '–';
    return `<tr><th scope="row" class="wide">${escapeHtml(sloObjectiveText(slo))}</th><td class="num">${formatPercent(slo.sli)} ${formatPercentInterval(slo.sliLow, slo.sliHigh)}</td><td class="num">${formatPercent(slo.budgetUsed)}</td><td class="num">${burn}</td><td>${outcomeBadge(slo.outcome)}${reason}</td></tr>`;
  });
  return `<table id="slos"><thead><tr><th scope="col">SLO</th><th scope="col">measured</th><th scope="col">error budget used</th><th scope="col">burn rate</th><th scope="col">verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Responses by status and failures by class with a sample message, per endpoint. */
function errorsTable(rows: readonly EndpointStats[]): string {
  const lines = rows
    .filter((stats) => stats.name !== TOTAL_NAME)
    .flatMap((stats) =>
      Object.entries(stats.errorClasses)
        .filter(([, value]) => value.count > 0)
        .map(([errorClass, value]) => `<tr><th scope="row">${escapeHtml(stats.name)}</th><td>${escapeHtml(errorClass)}</td><td class="num">${formatCount(value.count)}</td><td class="sample">${escapeHtml((value.sample ?? '').slice(0, 300))}</td></tr>`),
    );
  if (lines.length === 0) return '<p>No errors.</p>';
  return `<table id="errors"><thead><tr><th scope="col">endpoint</th><th scope="col">class</th><th scope="col">count</th><th scope="col">sample message</th></tr></thead><tbody>${lines.join('')}</tbody></table>`;
}

function statusTable(rows: readonly EndpointStats[]): string {
  const codes = [...new Set(rows.flatMap((stats) => Object.keys(stats.status)))].sort();
  if (codes.length === 0) return '<p>No responses.</p>';
  const body = rows.map(
    (stats) => `<tr><th scope="row">${stats.name === TOTAL_NAME ? '<strong>all</strong>' : escapeHtml(stats.name)}</th>${codes.map((code) => `<td class="num">${formatCount(stats.status[code] ?? 0)}</td>`).join('')}</tr>`,
  );
  return `<table id="status"><thead><tr><th scope="col">endpoint</th>${codes.map((code) => `<th scope="col">${escapeHtml(code)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function facts(input: HtmlInput): string {
  const { verdict, current } = input;
  const now = input.now ?? new Date();
  const items: [string, string][] = [
    ['this commit', escapeHtml(shortSha(current.meta.commit) ?? 'unknown')],
    ['target', `${escapeHtml(current.meta.target)} (${current.meta.targetClass})`],
    ['steady window', `${formatSecondMark(verdict.trim.current.startSec)} → ${formatSecondMark(verdict.trim.current.endSec)} · ${escapeHtml(verdict.trim.current.reason)}`],
    ['load', `${current.plan.model} model, ${formatRate(verdict.validity.achievedRate)} arrivals/s achieved${verdict.validity.plannedRate === undefined ? '' : ` of ${formatRate(verdict.validity.plannedRate)} planned`}`],
    ['generator', `lag p99 ${formatMs(verdict.validity.lagP99Ms)}, ${formatCount(verdict.validity.missedSends)} missed sends${verdict.validity.generatorSaturated ? ', saturated' : ''}`],
    ['baseline', verdict.baseline === undefined ? 'none yet' : `${escapeHtml(shortSha(verdict.baseline.commit) ?? verdict.baseline.runId)} (${formatAge(verdict.baseline.startedAt, now)}, ${countNoun(verdict.baseline.historyRuns, 'run')} of history)`],
    ['method', `block bootstrap, ${formatCount(verdict.method.resamples)} resamples, one-sided α ${verdict.method.alpha}, Holm across ${verdict.method.holmRows} rows`],
    ['tool', `perf-action ${escapeHtml(current.meta.toolVersion)}`],
  ];
  return `<dl class="facts">${items.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>`;
}

function warnings(input: HtmlInput): string {
  const lines = [
    ...input.verdict.validity.reasons,
    ...input.verdict.trim.current.warnings,
    ...comparabilityWarnings(input.current, input.baseline),
    ...input.verdict.notes,
  ];
  if (lines.length === 0) return '';
  return `<ul class="warnings">${lines.map((line) => `<li>${badge('⚠️')} ${escapeHtml(line)}</li>`).join('')}</ul>`;
}

/** The endpoint picker above the charts; nothing when the run has a single endpoint. */
function endpointPicker(data: ReportData): string {
  if (data.series.length <= 2) return '';
  const options = data.series.map((entry, index) => `<option value="${index}">${index === 0 ? 'all endpoints' : escapeHtml(entry.name)}</option>`);
  const omitted = data.omittedEndpoints > 0 ? ` <span class="note">charts for the first ${MAX_CHARTED_ENDPOINTS} endpoints; ${countNoun(data.omittedEndpoints, 'more endpoint')} in the tables only</span>` : '';
  return `<p class="picker"><label for="endpoint-picker">Charts for</label> <select id="endpoint-picker">${options.join('')}</select>${omitted}</p>\n`;
}

export function renderHtml(input: HtmlInput): string {
  const { verdict, current, baseline } = input;
  const title = `${verdict.configName}: ${verdict.headline}`;
  const data = reportData(verdict, current, baseline, input.history);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1><span class="badge big ${verdict.overall}" aria-label="${verdict.overall}">${verdict.overall === 'pass' ? '✓' : verdict.overall === 'fail' ? '✕' : '?'}</span> ${escapeHtml(verdict.configName)}: ${escapeHtml(verdict.headline)}</h1>
<p class="outcomes">overall <b class="${verdict.overall}">${verdict.overall}</b> · regression <b class="${verdict.regression}">${verdict.regression}</b> · SLOs <b class="${verdict.slo}">${verdict.slo}</b></p>
${warnings(input)}
</header>
<main>
${endpointPicker(data)}<section class="charts">
<figure><div class="chart"><canvas id="chart-latency" role="img" aria-label="Latency per second"></canvas></div></figure>
<figure><div class="chart"><canvas id="chart-throughput" role="img" aria-label="Throughput and errors per second"></canvas></div></figure>
<figure><div class="chart"><canvas id="chart-spectrum" role="img" aria-label="Latency by percentile"></canvas></div></figure>
${data.hasTrend ? '<figure><div class="chart"><canvas id="chart-trend" role="img" aria-label="Percentiles over main\'s recent runs and this run"></canvas></div></figure>\n' : ''}</section>
<section><h2>Endpoints</h2><div class="scroll">${endpointTable(verdict, endpointRows(verdict))}</div></section>
<section><h2>SLOs</h2><div class="scroll">${sloTable(verdict)}</div></section>
<section><h2>Status codes</h2><div class="scroll">${statusTable(endpointRows(verdict))}</div></section>
<section><h2>Errors</h2><div class="scroll">${errorsTable(endpointRows(verdict))}</div></section>
<section><h2>Run</h2>${facts(input)}</section>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${inlineScript(CHART_JS_SOURCE)}</script>
<script>${inlineScript(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}
