// The comment's supporting lines and collapsed sections: the provenance line under the headline,
// warnings, "All percentiles, status codes and errors", change points on main, "How this was decided"
// and the footer (this commit, target, load plan, tool version). markdown.ts assembles and sizes them.

import type { BaselineOrigin, EndpointStats, Verdict } from '../analysis/types.js';
import type { PercentileName } from '../config/types.js';
import { byQuantile, canonicalPercentile } from '../config/percentile-name.js';
import type { RunPlan, RunResult } from '../results/types.js';
import { escapeMarkdown, markdownLink, safeUrl } from './escape.js';
import { countNoun, formatAge, formatChange, formatCount, formatMs, formatPercent, formatRate, formatSecondMark, formatSeconds, shortSha } from './format.js';
import { OUTCOME_ICON, TOTAL_NAME } from './headline.js';
import { tableRow } from './markdown-tables.js';


export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function commitLink(commit: string | undefined, repoUrl: string | undefined): string {
  const sha = shortSha(commit);
  if (sha === undefined || commit === undefined) return 'unknown commit';
  const base = safeUrl(repoUrl);
  const full = commit.toLowerCase().replace(/[^0-9a-f]/g, '');
  return base === undefined ? `\`${sha}\`` : `[\`${sha}\`](${base.replace(/\/$/, '')}/commit/${full})`;
}

/** "**SLOs ✅ 2 of 2 met** · **regressions ❌ 1 of 4 endpoints** · compared with … · 3 min steady at 50 req/s · [full report](…)". */
export function renderProvenanceLine(verdict: Verdict, options: { repoUrl?: string; reportUrl?: string; now: Date }): string {
  const parts: string[] = [];
  if (verdict.slos.length > 0) {
    const met = verdict.slos.filter((slo) => slo.outcome === 'pass').length;
    parts.push(`**SLOs ${OUTCOME_ICON[verdict.slo]} ${met} of ${verdict.slos.length} met**`);
  }
  const compared = new Set(verdict.comparisons.map((row) => row.endpoint));
  const regressed = new Set(verdict.comparisons.filter((row) => row.outcome === 'fail').map((row) => row.endpoint));
  if (compared.size > 0) parts.push(`**regressions ${OUTCOME_ICON[verdict.regression]} ${regressed.size} of ${compared.size} endpoints**`);
  if (verdict.baseline !== undefined) {
    const ref = verdict.baseline.ref === undefined ? '' : `${escapeMarkdown(verdict.baseline.ref.replace(/^refs\/heads\//, ''))}, `;
    const age = formatAge(verdict.baseline.startedAt, options.now);
    const history = verdict.baseline.historyRuns > 0 ? `, ${countNoun(verdict.baseline.historyRuns, 'run')} of history` : '';
    const origin = verdict.baseline.origin;
    const commit = origin?.commit ?? verdict.baseline.commit;
    const from = origin === undefined ? '' : ` from ${renderOrigin(origin)}`;
    parts.push(`compared with ${commitLink(commit, options.repoUrl)} (${ref}${age}${history})${from}`);
  } else {
    parts.push('no baseline from main yet');
  }
  parts.push(`${formatSeconds(verdict.current.steadySeconds)} steady at ${formatRate(verdict.total.ratePerSec)} req/s`);
  const report = safeUrl(options.reportUrl);
  if (report !== undefined) parts.push(`[full report](${report})`);
  return parts.join(' · ');
}

/** "main-baseline.yml run #12 (push)", linked to the run when its URL is safe. */
function renderOrigin(origin: BaselineOrigin): string {
  const run = `run ${origin.runNumber === undefined ? origin.runId : `#${origin.runNumber}`}`;
  return `${markdownLink(`${origin.workflow} ${run}`, origin.url)} (${escapeMarkdown(origin.event)})`;
}

function describePlan(plan: RunPlan): string {
  const phases = plan.phases.map((phase) => {
    const load =
      plan.model === 'open'
        ? `${formatRate(phase.rate ?? 0)}${phase.rampTo === undefined ? '' : ` → ${formatRate(phase.rampTo)}`} req/s`
        : `${phase.vus ?? 0}${phase.rampToVus === undefined ? '' : ` → ${phase.rampToVus}`} VUs`;
    return `${phase.name} ${formatSeconds(phase.durationSec)} at ${load}`;
  });
  return `${plan.model} model (${plan.arrivals}), ${phases.join(', ')}, ${plan.connections} connections`;
}

/** Differences between the baseline run and this one that make the comparison less trustworthy (plain text, not escaped). */
export function comparabilityWarnings(current: RunResult, baseline: RunResult | undefined): string[] {
  if (baseline === undefined) return [];
  const warnings: string[] = [];
  if (describePlan(current.plan) !== describePlan(baseline.plan)) {
    warnings.push(`the load plan differs from the baseline's (baseline: ${describePlan(baseline.plan)}; this run: ${describePlan(current.plan)})`);
  }
  if (current.meta.targetClass !== baseline.meta.targetClass) {
    warnings.push(`the target class differs: baseline ${baseline.meta.targetClass}, this run ${current.meta.targetClass}`);
  }
  const runner = (run: RunResult): string =>
    `${run.meta.runner.name === undefined ? '' : `${run.meta.runner.name}, `}${run.meta.runner.os}, ${run.meta.runner.cpus} CPUs`;
  if (runner(current) !== runner(baseline)) {
    warnings.push(`the runner differs: baseline ${runner(baseline)}, this run ${runner(current)}`);
  }
  if (current.meta.configHash !== baseline.meta.configHash) warnings.push('the config differs from the baseline’s (another config hash)');
  return warnings;
}

/** Warnings from the Verdict (validity gates, trim, notes), the run and the comparability checks, as a quote block. */
export function renderWarnings(verdict: Verdict, current: RunResult, baseline: RunResult | undefined): string {
  const lines = [
    ...(current.meta.partial ? [`the run stopped early${current.meta.partialReason === undefined ? '' : `: ${current.meta.partialReason}`}`] : []),
    ...verdict.validity.reasons,
    ...verdict.trim.current.warnings,
    ...comparabilityWarnings(current, baseline),
    ...verdict.notes,
  ].map(escapeMarkdown);
  if (lines.length === 0) return '';
  return lines.map((line) => `> ⚠️ ${line}`).join('\n>\n');
}

function label(stats: EndpointStats): string {
  return stats.name === TOTAL_NAME ? '**all**' : escapeMarkdown(stats.name);
}

function percentileCell(stats: EndpointStats, metric: PercentileName): string {
  const estimate = stats.percentiles[metric];
  if (estimate === undefined || !Number.isFinite(estimate.valueMs)) return '–';
  const interval = Number.isFinite(estimate.lowMs) && Number.isFinite(estimate.highMs) ? ` (${formatMs(estimate.lowMs)} … ${formatMs(estimate.highMs)})` : '';
  return `${formatMs(estimate.valueMs)}${interval}${estimate.enoughSamples ? '' : ' ❔'}`;
}

/** All percentiles with intervals, status codes and error classes, for the given rows. */
export function renderRunDetails(rows: readonly EndpointStats[]): string {
  // Every percentile the rows carry (the shown ones and the compared ones); only canonical names, since
  // a verdict may come from an artifact and its keys become column headers.
  const names = [...new Set(rows.flatMap((stats) => Object.keys(stats.percentiles)))].filter((key): key is PercentileName => canonicalPercentile(key) === key).sort(byQuantile);
  const percentileLines = [
    tableRow(['endpoint', ...names, 'max', 'mean']),
    tableRow(['---', ...names.map(() => '---:'), '---:', '---:']),
    ...rows.map((stats) => tableRow([label(stats), ...names.map((metric) => percentileCell(stats, metric)), formatMs(stats.maxMs), formatMs(stats.meanMs)])),
  ];
  const codes = [...new Set(rows.flatMap((stats) => Object.keys(stats.status)))].sort();
  const statusLines =
    codes.length === 0
      ? ['No responses.']
      : [
          tableRow(['endpoint', ...codes.map(escapeMarkdown)]),
          tableRow(['---', ...codes.map(() => '---:')]),
          ...rows.map((stats) => tableRow([label(stats), ...codes.map((code) => formatCount(stats.status[code] ?? 0))])),
        ];
  const errorRows = rows
    .filter((stats) => stats.name !== TOTAL_NAME)
    .flatMap((stats) =>
      Object.entries(stats.errorClasses)
        .filter(([, value]) => value.count > 0)
        .map(([errorClass, value]) => tableRow([label(stats), escapeMarkdown(errorClass), formatCount(value.count), value.sample === undefined ? '' : escapeMarkdown(value.sample.slice(0, 200))])),
    );
  const errorLines = errorRows.length === 0 ? ['No errors.'] : [tableRow(['endpoint', 'class', 'count', 'sample message']), tableRow(['---', '---', '---:', '---']), ...errorRows];
  return [
    '**Percentiles** (distribution-free intervals; ❔ marks too few samples beyond the percentile)',
    '',
    ...percentileLines,
    '',
    '**Status codes**',
    '',
    ...statusLines,
    '',
    '**Errors**',
    '',
    ...errorLines,
  ].join('\n');
}

export function renderChangePoints(verdict: Verdict, repoUrl: string | undefined): string {
  if (verdict.changePoints.length === 0) return '';
  const lines = [tableRow(['commit', 'date', 'endpoint', 'metric', 'change']), tableRow(['---', '---', '---', '---', '---:'])];
  for (const point of verdict.changePoints) {
    lines.push(tableRow([commitLink(point.commit, repoUrl), escapeMarkdown(point.date.slice(0, 10)), escapeMarkdown(point.endpoint), point.metric, formatChange(point.ratio)]));
  }
  return lines.join('\n');
}

/** "How this was decided": trim window, method, α, Holm rows, tolerance, floor, generator health, baseline. */
export function renderMethod(verdict: Verdict, now: Date, repoUrl: string | undefined): string {
  const trim = verdict.trim.current;
  const lines = [
    `- steady window ${formatSecondMark(trim.startSec)} → ${formatSecondMark(trim.endSec)} (${escapeMarkdown(trim.reason)})`,
  ];
  if (verdict.trim.baseline !== undefined) {
    lines.push(`- baseline steady window ${formatSecondMark(verdict.trim.baseline.startSec)} → ${formatSecondMark(verdict.trim.baseline.endSec)} (${escapeMarkdown(verdict.trim.baseline.reason)})`);
  }
  const m = verdict.method;
  lines.push(`- block bootstrap of the ratio current/main, ${formatCount(m.resamples)} resamples, ${m.blockSeconds} s blocks, seed ${m.seed}; one-sided α ${m.alpha}, Holm across ${m.holmRows} rows`);
  const tolerances = new Map<string, string>();
  for (const row of verdict.comparisons) tolerances.set(row.metric, `${row.metric} ${formatPercent(row.tolerance)}`);
  const floor = verdict.comparisons[0]?.floorMs;
  if (tolerances.size > 0) lines.push(`- tolerance ${[...tolerances.values()].join(', ')}${floor === undefined ? '' : `, floor ${formatMs(floor)}`}`);
  const histories = verdict.comparisons.flatMap((row) => (row.history === undefined ? [] : [row.history]));
  if (histories.length > 0) {
    const runs = Math.max(...histories.map((history) => history.runs));
    const outliers = Math.max(...histories.map((history) => history.outlierRuns));
    const setAside = outliers > 0 ? `, up to ${countNoun(outliers, 'outlier run')} set aside` : '';
    lines.push(`- history test over ${runs} main runs${setAside} (t prediction interval at one-sided 0.01, Hommel across rows); a row fails where it fails and the bootstrap agrees the run is slower`);
  }
  const v = verdict.validity;
  const planned = v.plannedRate === undefined ? '' : ` of ${formatRate(v.plannedRate)} planned`;
  lines.push(`- generator lag p99 ${formatMs(v.lagP99Ms)}, ${formatCount(v.missedSends)} missed sends, ${formatRate(v.achievedRate)} arrivals/s achieved${planned}${v.generatorSaturated ? ' — saturated' : ''}`);
  if (verdict.baseline !== undefined) {
    const source = verdict.baseline.source === undefined ? '' : ` from ${escapeMarkdown(verdict.baseline.source)}`;
    const origin = verdict.baseline.origin;
    lines.push(
      origin === undefined
        ? `- baseline ${commitLink(verdict.baseline.commit, repoUrl)} (run ${escapeMarkdown(verdict.baseline.runId)}, ${formatAge(verdict.baseline.startedAt, now)})${source}`
        : `- baseline ${commitLink(origin.commit, repoUrl)} from ${renderOrigin(origin)} (workflow run id ${origin.runId}), artifact ${formatAge(origin.createdAt, now)}${source}`,
    );
  }
  const rules = verdict.comparisons.filter((row) => row.outcome !== 'pass' || row.suspicious).slice(0, 10);
  for (const row of rules) {
    const why = row.reason === undefined || row.rule.includes(row.reason) ? row.rule : `${row.rule}; ${row.reason}`;
    lines.push(`- ${escapeMarkdown(row.endpoint)} ${row.metric}: ${escapeMarkdown(why)}`);
  }
  return lines.join('\n');
}

/** The footer: this commit, target, load plan, tool version, links. */
export function renderFooter(current: RunResult, options: { repoUrl?: string; runUrl?: string }): string {
  const parts = [
    `this commit ${commitLink(current.meta.commit, options.repoUrl)}`,
    `target ${escapeMarkdown(current.meta.target)} (${current.meta.targetClass})`,
    `load ${escapeMarkdown(describePlan(current.plan))}`,
    `perf-action ${escapeMarkdown(current.meta.toolVersion)}`,
  ];
  if (options.runUrl !== undefined) parts.push(markdownLink('workflow run', options.runUrl));
  return `<sub>${parts.join(' · ')}</sub>`;
}
