// When and where the PR comment goes: the policy (auto, always, on-change, never), the sticky
// comment on same-repo PRs, the artifact a fork PR leaves instead (its token cannot write), and the
// `report` mode that posts that artifact from a trusted workflow_run job after checking it. The text
// itself comes from the report stage; the REST calls from github.ts; artifact transfer is injected.

import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommentPolicy } from './inputs.js';
import type { EventContext } from './context.js';
import { findStickyComment, getPullHeadSha, listPullsForCommit, listRunArtifacts, upsertComment, type IssueComment, type Octokit, type RepoRef } from './github.js';
import { ResultsError } from '../errors.js';

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

/** What a fork PR's run leaves for the trusted `report` job. */
export interface PreparedComment {
  readonly prNumber: number;
  readonly headSha: string;
  readonly body: string;
}

export type ArtifactUploader = (name: string, files: readonly string[], rootDirectory: string) => Promise<void>;
/** Downloads artifact `id` of run `runId` into `dir`. */
export type ArtifactDownloader = (artifact: { readonly id: number; readonly name: string; readonly runId: number }, dir: string) => Promise<void>;

export const PREPARED_COMMENT_FILE = 'comment.json';
export const MAX_PREPARED_COMMENT_BYTES = 256 * 1024;

export function commentArtifactName(configName: string): string {
  return `perf-comment-${configName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export async function uploadPreparedComment(comment: PreparedComment, configName: string, dir: string, upload: ArtifactUploader): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, PREPARED_COMMENT_FILE);
  await writeFile(file, JSON.stringify(comment));
  const name = commentArtifactName(configName);
  await upload(name, [file], dir);
  return name;
}

const MARKER_LINE = /^<!-- perf-action:[A-Za-z0-9._/ -]+:[A-Za-z0-9._/ -]+ -->/;

/**
 * Strips what our own comments never hold: script, iframe, object, embed and style elements, and on*=
 * event attributes. GitHub sanitises comment HTML too; this keeps a forged artifact from being more
 * than text even where a body is shown elsewhere.
 */
export function sanitizeCommentBody(body: string): string {
  let text = body;
  for (const tag of ['script', 'iframe', 'object', 'embed', 'style']) {
    text = text.replace(new RegExp(`<${tag}\\b[\\s\\S]*?<\\/${tag}\\s*>`, 'gi'), '').replace(new RegExp(`<\\/?${tag}\\b[^>]*>?`, 'gi'), '');
  }
  return text.replace(/(<[^>]*?)\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/gi, '$1').replace(/javascript:/gi, 'javascript&#58;');
}

/** Shape, size and marker checks of an untrusted prepared comment; returns the cleaned comment. */
export function parsePreparedComment(text: string): PreparedComment {
  if (Buffer.byteLength(text) > MAX_PREPARED_COMMENT_BYTES) throw new ResultsError(`prepared comment: larger than ${MAX_PREPARED_COMMENT_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ResultsError('prepared comment: not JSON');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!Number.isInteger(record.prNumber) || (record.prNumber as number) <= 0) problems.push('prNumber: expected a positive whole number');
  if (typeof record.headSha !== 'string' || !/^[0-9a-f]{40}$/.test(record.headSha)) problems.push('headSha: expected a 40-character hex sha');
  if (typeof record.body !== 'string') problems.push('body: expected text');
  else if (!MARKER_LINE.test(record.body)) problems.push('body: does not start with the perf-action marker');
  if (problems.length > 0) throw new ResultsError(`prepared comment: ${problems.join('; ')}`);
  return { prNumber: record.prNumber as number, headSha: record.headSha as string, body: sanitizeCommentBody(record.body as string) };
}

export interface ReportModeDeps {
  readonly octokit: Octokit;
  readonly repo: RepoRef;
  readonly download: ArtifactDownloader;
  readonly tempDir: string;
}

/**
 * `mode: report`, run by a workflow_run event in the base repository: downloads the prepared comment
 * of the finished run, checks it (untrusted: it was written by the fork's code) and posts it as our
 * sticky comment on the PR, which must be one whose head is the workflow_run's head sha.
 */
export async function postPreparedComment(
  deps: ReportModeDeps,
  run: { readonly id: number; readonly headSha: string },
  configName: string,
): Promise<StickyResult & { readonly prNumber: number }> {
  const name = commentArtifactName(configName);
  const artifacts = await listRunArtifacts(deps.octokit, deps.repo, run.id, name);
  const artifact = artifacts.find((a) => a.name === name && !a.expired);
  if (artifact === undefined) throw new ResultsError(`prepared comment: run ${run.id} has no artifact ${name}`);
  return postOnePrepared(deps, run, { id: artifact.id, name });
}

/** Every prepared comment a run left (one per config), each checked and posted on its own. */
export async function postAllPreparedComments(deps: ReportModeDeps, run: { readonly id: number; readonly headSha: string }): Promise<(StickyResult & { readonly prNumber: number })[]> {
  const artifacts = (await listRunArtifacts(deps.octokit, deps.repo, run.id)).filter((a) => a.name.startsWith('perf-comment-') && !a.expired);
  const posted: (StickyResult & { readonly prNumber: number })[] = [];
  for (const artifact of artifacts.slice(0, 20)) posted.push(await postOnePrepared(deps, run, { id: artifact.id, name: artifact.name }));
  return posted;
}

async function postOnePrepared(
  deps: ReportModeDeps,
  run: { readonly id: number; readonly headSha: string },
  artifact: { readonly id: number; readonly name: string },
): Promise<StickyResult & { readonly prNumber: number }> {
  const name = artifact.name;
  const dir = join(deps.tempDir, `${name}-${run.id}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await deps.download({ id: artifact.id, name, runId: run.id }, dir);
  const file = join(dir, PREPARED_COMMENT_FILE);
  const size = await stat(file).then((s) => s.size, () => -1);
  if (size < 0) throw new ResultsError(`prepared comment: artifact ${name} holds no ${PREPARED_COMMENT_FILE}`);
  if (size > MAX_PREPARED_COMMENT_BYTES) throw new ResultsError(`prepared comment: larger than ${MAX_PREPARED_COMMENT_BYTES} bytes`);
  const prepared = parsePreparedComment(await readFile(file, 'utf8'));
  if (prepared.headSha !== run.headSha) throw new ResultsError(`prepared comment: head sha ${prepared.headSha} is not the run's ${run.headSha}`);
  // The commit's pulls list misses some fork PRs, so the claimed PR's own head is the second witness.
  const pulls = await listPullsForCommit(deps.octokit, deps.repo, run.headSha);
  if (!pulls.includes(prepared.prNumber) && (await getPullHeadSha(deps.octokit, deps.repo, prepared.prNumber)) !== run.headSha) {
    throw new ResultsError(`prepared comment: PR #${prepared.prNumber} is not a pull request of ${run.headSha} (its pull requests: ${pulls.length === 0 ? 'none' : pulls.map((n) => `#${n}`).join(', ')})`);
  }
  const marker = MARKER_LINE.exec(prepared.body)![0];
  const result = await postStickyComment(deps.octokit, deps.repo, prepared.prNumber, marker, () => prepared.body, { onChange: false });
  return { ...result, prNumber: prepared.prNumber };
}
