// When and where the PR comment goes: the policy (auto, always, on-change, never), the sticky
// comment on same-repo PRs, the data artifact a fork PR leaves instead (its token cannot write), and
// the `report` mode that rebuilds the comment from that data in a trusted workflow_run job. The text
// comes from the report stage; the artifact's format and checks from comment-data.ts; the REST calls
// from github.ts; artifact transfer is injected.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommentPolicy } from './inputs.js';
import type { EventContext } from './context.js';
import type { ExtractLimits } from './bounded-zip.js';
import { COMMENT_DATA_LIMITS, MAX_COMMENT_ARTIFACT_BYTES, commentArtifactName, readCommentData } from './comment-data.js';
import { findStickyComment, getPullHeadSha, listPullsForCommit, listRunArtifacts, upsertComment, type IssueComment, type Octokit, type RepoRef } from './github.js';
import { ResultsError } from '../errors.js';
import { renderComment } from '../report/markdown.js';
import { commentMarker } from '../report/marker.js';

export type CommentTarget =
  | { readonly kind: 'sticky'; readonly issueNumber: number }
  | { readonly kind: 'fork-artifact'; readonly prNumber: number; readonly headSha: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** `auto` and `on-change` comment on pull requests only; `always` also needs a PR to comment on. */
export function commentTarget(policy: CommentPolicy, context: EventContext): CommentTarget {
  if (policy === 'never') return { kind: 'skip', reason: 'comment is never' };
  const pr = context.pullRequest;
  if (pr === undefined) return { kind: 'skip', reason: `no pull request in a ${context.eventName || 'unknown'} event` };
  if (pr.isFork) return { kind: 'fork-artifact', prNumber: pr.number, headSha: pr.headSha };
  return { kind: 'sticky', issueNumber: pr.number };
}

/**
 * A deployment_status event carries no PR, only the deployed sha: the PR whose head it is becomes the
 * event's PR, so previews get their comment. Deployments are made from the base repository, so the PR
 * is not treated as a fork; with no PR, or several, the context is returned unchanged.
 */
export async function withDeploymentPullRequest(octokit: Octokit, context: EventContext): Promise<EventContext> {
  if (context.eventName !== 'deployment_status' || context.pullRequest !== undefined || context.deploymentSha === undefined || context.repo === undefined) return context;
  const pulls = await listPullsForCommit(octokit, context.repo, context.deploymentSha);
  if (pulls.length !== 1) return context;
  return { ...context, pullRequest: { number: pulls[0]!, headSha: context.deploymentSha, isFork: false } };
}

/**
 * The line on-change compares: the headline ("### ✅ api: p95 within 3 % of main"), the first line
 * of a comment that starts with "### ". It carries the outcome and what drove it.
 */
export function verdictLine(body: string | undefined): string | undefined {
  return body?.split('\n').find((line) => line.startsWith('### '));
}

export interface StickyResult {
  readonly url?: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/**
 * Finds our earlier comment (its body is handed to `render`, so the earlier runs stay listed), then
 * updates it in place or creates one. With onChange, a body whose verdict line matches the earlier
 * one is not posted.
 */
export async function postStickyComment(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
  render: (previousBody: string | undefined) => string,
  options: { readonly onChange: boolean },
): Promise<StickyResult> {
  const existing = await findStickyComment(octokit, repo, issueNumber, marker);
  return publishSticky(octokit, repo, issueNumber, render(existing?.body), existing, options);
}

/** The second half of postStickyComment, for callers that found the earlier comment themselves. */
export async function publishSticky(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  existing: IssueComment | undefined,
  options: { readonly onChange: boolean },
): Promise<StickyResult> {
  if (options.onChange && existing !== undefined && verdictLine(existing.body) === verdictLine(body)) {
    return { url: existing.htmlUrl, action: 'unchanged' };
  }
  const result = await upsertComment(octokit, repo, issueNumber, body, existing);
  return { url: result.htmlUrl, action: result.action };
}

export type ArtifactUploader = (name: string, files: readonly string[], rootDirectory: string) => Promise<void>;
/** Downloads artifact `id` of run `runId` into `dir`, within `limits` (the real one: artifacts.ts). */
export type ArtifactDownloader = (
  artifact: { readonly id: number; readonly name: string; readonly runId: number; readonly limits?: ExtractLimits },
  dir: string,
) => Promise<void>;

export interface ReportModeDeps {
  readonly octokit: Octokit;
  readonly repo: RepoRef;
  readonly download: ArtifactDownloader;
  readonly tempDir: string;
}

/** What the report job knows from its own inputs and event, never from the artifact. */
export interface ReportJob {
  /** The config this job reports (its own perf.yml's name): picks the artifact and the marker. */
  readonly configName: string;
  /** This job's id (GITHUB_JOB): the marker's second part. */
  readonly job?: string;
  readonly repoUrl?: string;
}

/**
 * `mode: report`, run by a workflow_run event in the base repository: finds the comment artifact of
 * the finished run for this job's config, checks its listed size before the download, downloads it
 * within caps, validates it (untrusted: the PR's code wrote it), checks the PR against the run's head
 * sha, renders the comment itself from the data, with this job's marker, and posts it as our sticky
 * comment. Any problem throws with the reason, before anything is posted.
 */
export async function postReportComment(
  deps: ReportModeDeps,
  run: { readonly id: number; readonly headSha: string },
  job: ReportJob,
): Promise<(StickyResult & { readonly prNumber: number }) | undefined> {
  const name = commentArtifactName(job.configName);
  const artifacts = (await listRunArtifacts(deps.octokit, deps.repo, run.id, name)).filter((a) => a.name === name && !a.expired);
  if (artifacts.length === 0) return undefined;
  if (artifacts.length > 1) throw new ResultsError(`comment artifact: run ${run.id} has ${artifacts.length} artifacts named ${name}; refused`);
  const artifact = artifacts[0]!;
  const source = `comment artifact ${name} of run ${run.id}`;
  if (!(artifact.sizeBytes >= 0 && artifact.sizeBytes <= MAX_COMMENT_ARTIFACT_BYTES)) {
    throw new ResultsError(`${source}: GitHub lists it at ${artifact.sizeBytes} bytes, above the ${MAX_COMMENT_ARTIFACT_BYTES}-byte cap; refused before download`);
  }
  const dir = join(deps.tempDir, `${name}-${run.id}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await deps.download({ id: artifact.id, name, runId: run.id, limits: COMMENT_DATA_LIMITS }, dir);
  const data = await readCommentData(dir, source, { configName: job.configName, headSha: run.headSha });
  // The commit's pulls list misses some fork PRs, so the claimed PR's own head is the second witness.
  const pulls = await listPullsForCommit(deps.octokit, deps.repo, run.headSha);
  if (!pulls.includes(data.prNumber) && (await getPullHeadSha(deps.octokit, deps.repo, data.prNumber)) !== run.headSha) {
    throw new ResultsError(`${source}: PR #${data.prNumber} is not a pull request of ${run.headSha} (its pull requests: ${pulls.length === 0 ? 'none' : pulls.map((n) => `#${n}`).join(', ')}); refused`);
  }
  const marker = commentMarker(job.configName, job.job);
  const runUrl = job.repoUrl === undefined ? undefined : `${job.repoUrl}/actions/runs/${run.id}`;
  const render = (previousBody: string | undefined): string => {
    const body = renderComment({
      verdict: data.verdict,
      current: data.current,
      ...(job.job === undefined ? {} : { job: job.job }),
      ...(job.repoUrl === undefined ? {} : { repoUrl: job.repoUrl }),
      ...(runUrl === undefined ? {} : { runUrl, reportUrl: runUrl }),
      ...(previousBody === undefined ? {} : { previousBody }),
    });
    // The marker is this job's; readCommentData made the verdict's config this job's config.
    if (!body.startsWith(`${marker}\n`)) throw new ResultsError(`${source}: the rendered comment does not start with this job's marker ${marker}`);
    return body;
  };
  const result = await postStickyComment(deps.octokit, deps.repo, data.prNumber, marker, render, { onChange: false });
  return { ...result, prNumber: data.prNumber };
}
