// Writes a run's outputs into one folder: results.json first, so that whatever fails later (the
// analysis, a report) the measurements are never lost; then verdict.json, comment.md and report.html.
// Given the run's secret values (secretsOf(config)), every file is redacted as it is written: the
// last safety net, whatever an earlier stage let through. JSON is redacted as values (strings and
// keys), before it is serialised, so an escaped form cannot slip past.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Verdict } from '../analysis/types.js';
import { redactDeep, redactSecrets } from '../config/redact.js';
import { writeJsonFile, writeRunResult } from '../results/run-result.js';
import type { History, RunResult } from '../results/types.js';

export interface OutputPaths {
  readonly dir: string;
  readonly results: string;
  readonly verdict: string;
  readonly comment: string;
  readonly report: string;
  readonly history: string;
}

export function outputPaths(outDir: string): OutputPaths {
  const dir = resolve(outDir);
  return {
    dir,
    results: join(dir, 'results.json'),
    verdict: join(dir, 'verdict.json'),
    comment: join(dir, 'comment.md'),
    report: join(dir, 'report.html'),
    history: join(dir, 'history.json'),
  };
}

export async function writeResults(paths: OutputPaths, result: RunResult, secrets: readonly string[] = []): Promise<void> {
  await mkdir(paths.dir, { recursive: true });
  await writeRunResult(paths.results, redactDeep(result, secrets));
}

export async function writeReports(
  paths: OutputPaths,
  reports: { readonly verdict: Verdict; readonly comment: string; readonly html: string; readonly history?: History },
  secrets: readonly string[] = [],
): Promise<void> {
  await mkdir(paths.dir, { recursive: true });
  await writeJsonFile(paths.verdict, redactDeep(reports.verdict, secrets), { pretty: true });
  await writeFile(paths.comment, redactSecrets(reports.comment, secrets));
  await writeFile(paths.report, redactSecrets(reports.html, secrets));
  if (reports.history !== undefined) await writeJsonFile(paths.history, redactDeep(reports.history, secrets), { pretty: true });
}
