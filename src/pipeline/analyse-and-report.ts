// The second half of the one-way pipeline, shared by the CLI and the action: a finished RunResult
// (plus the baseline and History, when there are any) → Verdict → comment Markdown and HTML report.
// Pure: the edges decide where the strings go (files, stdout, a PR comment, an artifact). With a
// config, the reports are rendered from redacted data and the strings redacted again, so no secret
// value of the run (src/config/secrets.ts) reaches a comment, summary, HTML page or verdict.json.

import { analyse } from '../analysis/verdict.js';
import type { BaselineOrigin, Verdict } from '../analysis/types.js';
import type { PerfConfig } from '../config/types.js';
import { redactDeep, redactSecrets } from '../config/redact.js';
import { secretsOf } from '../config/secrets.js';
import { renderHtml } from '../report/html.js';
import { renderComment, type CommentInput } from '../report/markdown.js';
import type { History, RunResult } from '../results/types.js';

export interface AnalyseInput {
  readonly current: RunResult;
  readonly baseline?: RunResult | { readonly missing: string };
  readonly history?: History;
  readonly config?: PerfConfig;
  readonly baselineSource?: string;
  readonly baselineOrigin?: BaselineOrigin;
}

/** Links and context for the comment: the job, report and run URLs, and the earlier sticky comment
 * (so its one-line verdicts stay listed). */
export type ReportLinks = Pick<CommentInput, 'job' | 'reportUrl' | 'runUrl' | 'repoUrl' | 'previousBody' | 'now'>;

export interface Reports {
  readonly verdict: Verdict;
  readonly comment: string;
  readonly html: string;
}

export function analyseRun(input: AnalyseInput): Verdict {
  return analyse({
    current: input.current,
    ...(input.baseline === undefined ? {} : { baseline: input.baseline }),
    ...(input.history === undefined ? {} : { history: input.history }),
    ...(input.config === undefined ? {} : { config: input.config }),
    ...(input.baselineSource === undefined ? {} : { baselineSource: input.baselineSource }),
    ...(input.baselineOrigin === undefined ? {} : { baselineOrigin: input.baselineOrigin }),
  });
}

/** The comment and HTML of a verdict; `verdict` in the answer is the redacted one, for verdict.json. */
export function renderReports(verdict: Verdict, input: AnalyseInput, links: ReportLinks = {}): Reports {
  const secrets = input.config === undefined ? [] : secretsOf(input.config);
  const baseline = input.baseline !== undefined && 'format' in input.baseline ? input.baseline : undefined;
  const common = {
    verdict: redactDeep(verdict, secrets),
    current: redactDeep(input.current, secrets),
    ...(baseline === undefined ? {} : { baseline: redactDeep(baseline, secrets) }),
    ...(input.history === undefined ? {} : { history: redactDeep(input.history, secrets) }),
  };
  const comment = renderComment({ ...common, ...redactDeep(links, secrets) });
  const html = renderHtml(common);
  return { verdict: common.verdict, comment: redactSecrets(comment, secrets), html: redactSecrets(html, secrets) };
}

export function analyseAndReport(input: AnalyseInput, links: ReportLinks = {}): Reports {
  return renderReports(analyseRun(input), input, links);
}
