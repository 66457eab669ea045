// Turns a Verdict into what the runner shows: step outputs, the job summary and annotations (errors
// for failed SLOs and regressions, warnings for the validity gates that made rows inconclusive).
// The Verdict is read, never recomputed; the exit status is main.ts's decision.

import * as core from '@actions/core';
import type { Verdict } from '../analysis/types.js';

export interface OutputExtras {
  readonly resultsPath: string;
  readonly reportPath: string;
  readonly commentUrl?: string;
  readonly baselineSha?: string;
}

/** Step outputs as name → text, every name of action.yml; numbers in ms, the ratio as a fraction. */
export function actionOutputs(verdict: Verdict, extras: OutputExtras): Record<string, string> {
  const p = verdict.total.percentiles;
  const ms = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '' : String(Math.round(value * 1000) / 1000));
  return {
    verdict: verdict.overall,
    slo: verdict.slo,
    regression: verdict.regression,
    'p50-ms': ms(p.p50?.valueMs),
    'p95-ms': ms(p.p95?.valueMs),
    'p99-ms': ms(p.p99?.valueMs),
    'error-ratio': Number.isFinite(verdict.total.errorRatio) ? String(verdict.total.errorRatio) : '',
    'results-path': extras.resultsPath,
    'report-path': extras.reportPath,
    'comment-url': extras.commentUrl ?? '',
    'baseline-sha': extras.baselineSha ?? '',
  };
}

export function setActionOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly message: string;
}

export function verdictAnnotations(verdict: Verdict): Annotation[] {
  const annotations: Annotation[] = [];
  for (const row of verdict.slos) {
    if (row.outcome === 'fail') {
      const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
      annotations.push({ level: 'error', message: `SLO "${row.name}" failed: ${pct(row.sli)} good (${row.good} of ${row.valid}), objective ${pct(row.objective)}` });
    }
  }
  for (const row of verdict.comparisons) {
    if (row.outcome === 'fail') annotations.push({ level: 'error', message: `Regression: ${row.endpoint} ${row.metric} ${row.baselineMs.toFixed(1)} → ${row.currentMs.toFixed(1)} ms: ${row.rule}` });
  }
  for (const reason of verdict.validity.reasons) annotations.push({ level: 'warning', message: `Inconclusive: ${reason}` });
  return annotations;
}

export function annotate(verdict: Verdict): void {
  for (const annotation of verdictAnnotations(verdict)) {
    if (annotation.level === 'error') core.error(annotation.message, { title: `perf-action: ${verdict.configName}` });
    else core.warning(annotation.message, { title: `perf-action: ${verdict.configName}` });
  }
}

/** The job summary; skipped with a note when the runner gives no summary file (local runs). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY: job summary skipped');
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}
