// The GitHub REST calls the action makes, each a small function taking octokit, and the one place
// octokit is built: getOctokit with bounded retries for 5xx (plugin-retry) and rate limits
// (plugin-throttling). What to do with the answers (which comment, which baseline) is decided by
// comment.ts and baseline.ts.

import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { GitHubApiError } from '../errors.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** Retries of a 5xx (after 1 s, then 4 s) and of a rate-limited request: enough for a blip, bounded for a job. */
export const MAX_SERVER_RETRIES = 2;
export const MAX_RATE_LIMIT_RETRIES = 2;

export interface OctokitOptions {
  /** Default: GITHUB_API_URL, then https://api.github.com. */
  readonly baseUrl?: string;
  /** Milliseconds per unit of retry delay; only tests shorten it. */
  readonly retryAfterBaseMs?: number;
}

export function createOctokit(token: string, options: OctokitOptions = {}): Octokit {
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
  const onLimit = (kind: string) => (retryAfterSec: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    const again = retryCount < MAX_RATE_LIMIT_RETRIES;
    core.warning(`GitHub ${kind} on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfterSec} s` : 'giving up'}`);
    return again;
  };
  return getOctokit(
    token,
    {
      baseUrl,
      // 429 is left to the throttling plugin, which reads retry-after, so the two never stack.
      retry: { retries: MAX_SERVER_RETRIES, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs }) },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs }),
      },
    },
    retry,
    throttling,
  );
}

/** Runs one call and turns any failure into a GitHubApiError naming the call and its status. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const code = typeof status === 'number' ? status : undefined;
    throw new GitHubApiError(`GitHub API: ${what} failed${code === undefined ? '' : ` (HTTP ${code})`}: ${(error as Error).message}`, code, error);
  }
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly htmlUrl: string;
  readonly authorLogin?: string;
  readonly authorIsBot: boolean;
}

/** Pages through every comment of an issue or PR (100 a page, at most `maxPages`). */
export async function listIssueComments(octokit: Octokit, repo: RepoRef, issueNumber: number, maxPages = 30): Promise<IssueComment[]> {
  return call(`listing comments of #${issueNumber}`, async () => {
    const found: IssueComment[] = [];
    let pages = 0;
    for await (const response of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 })) {
      for (const comment of response.data) {
        found.push({
          id: comment.id,
          body: comment.body ?? '',
          htmlUrl: comment.html_url,
          ...(comment.user?.login === undefined ? {} : { authorLogin: comment.user.login }),
          authorIsBot: comment.user?.type === 'Bot',
        });
      }
      if (++pages >= maxPages) break;
    }
    return found;
  });
}

/**
 * The login the token writes comments as. GET /user answers for a personal token (its user); it
 * answers 403 to GITHUB_TOKEN and app installation tokens, where GraphQL's viewer still names the
 * app's bot (without the "[bot]" that REST shows, as sticky-pull-request-comment relies on). When
 * neither answers, the token is taken to be GITHUB_TOKEN, whose comments are github-actions[bot]'s.
 */
export interface TokenIdentity {
  readonly login: string;
  /** Where the login came from; 'graphql' logins lack the "[bot]" REST adds to a bot's login. */
  readonly source: 'user' | 'graphql' | 'assumed';
}

export const GITHUB_TOKEN_LOGIN = 'github-actions[bot]';

export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const response = await octokit.rest.users.getAuthenticated();
    if (typeof response.data.login === 'string' && response.data.login !== '') return { login: response.data.login, source: 'user' };
  } catch {
    // 403 for installation tokens: the next witness is GraphQL's viewer.
  }
  try {
    const response = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
    const login = response.viewer?.login;
    if (typeof login === 'string' && login !== '') return { login, source: 'graphql' };
  } catch {
    // Neither answered: GITHUB_TOKEN is the token a workflow has when it gives none.
  }
  return { login: GITHUB_TOKEN_LOGIN, source: 'assumed' };
}

/** True when `comment` was written by the token `identity` describes. */
export function writtenBy(comment: Pick<IssueComment, 'authorLogin' | 'authorIsBot'>, identity: TokenIdentity): boolean {
  const author = comment.authorLogin;
  if (author === undefined) return false;
  if (identity.source !== 'graphql') return author === identity.login;
  // GraphQL names a bot "acme-app" where REST names it "acme-app[bot]".
  return comment.authorIsBot ? author === `${identity.login.replace(/\[bot\]$/, '')}[bot]` : author === identity.login;
}

/**
 * Our sticky comment: the first comment carrying our hidden marker AND written by this token's own
 * login. The author check matters because anyone may paste the marker into their own comment, and we
 * must never edit (or try to edit, and fail on) someone else's comment: another user's, another bot's.
 */
export async function findStickyComment(octokit: Octokit, repo: RepoRef, issueNumber: number, marker: string, identity?: TokenIdentity): Promise<IssueComment | undefined> {
  const comments = await listIssueComments(octokit, repo, issueNumber);
  const candidates = comments.filter((comment) => comment.body.includes(marker));
  if (candidates.length === 0) return undefined;
  const self = identity ?? (await tokenIdentity(octokit));
  return candidates.find((comment) => writtenBy(comment, self));
}

export interface UpsertResult {
  readonly id: number;
  readonly htmlUrl: string;
  readonly action: 'created' | 'updated';
}

/** Updates `existing` in place, or creates a new comment when there is none. */
export async function upsertComment(octokit: Octokit, repo: RepoRef, issueNumber: number, body: string, existing?: { readonly id: number }): Promise<UpsertResult> {
  if (existing !== undefined) {
    const response = await call(`updating comment ${existing.id}`, () => octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body }));
    return { id: response.data.id, htmlUrl: response.data.html_url, action: 'updated' };
  }
  const response = await call(`commenting on #${issueNumber}`, () => octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body }));
  return { id: response.data.id, htmlUrl: response.data.html_url, action: 'created' };
}

/** An artifact found by name anywhere in the repository, with the run GitHub says uploaded it. */
export interface RepoArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
  readonly sizeBytes: number;
  readonly createdAt?: string;
  readonly runId?: number;
  readonly runHeadBranch?: string;
  readonly runHeadSha?: string;
  readonly runRepositoryId?: number;
  readonly runHeadRepositoryId?: number;
}

/**
 * Artifacts called `name` across every workflow of the repository, newest first, at most `maxPages`
 * pages of 100. The run fields are GitHub's, not the uploader's; baseline.ts still reads each run.
 */
export async function listArtifactsByName(octokit: Octokit, repo: RepoRef, name: string, maxPages = 3): Promise<RepoArtifact[]> {
  return call(`listing artifacts named ${name}`, async () => {
    const found: RepoArtifact[] = [];
    let pages = 0;
    for await (const response of octokit.paginate.iterator(octokit.rest.actions.listArtifactsForRepo, { ...repo, name, per_page: 100 })) {
      for (const artifact of response.data) {
        const run = artifact.workflow_run;
        found.push({
          id: artifact.id,
          name: artifact.name,
          expired: artifact.expired,
          sizeBytes: artifact.size_in_bytes,
          ...(artifact.created_at ? { createdAt: artifact.created_at } : {}),
          ...(typeof run?.id === 'number' ? { runId: run.id } : {}),
          ...(typeof run?.head_branch === 'string' ? { runHeadBranch: run.head_branch } : {}),
          ...(typeof run?.head_sha === 'string' ? { runHeadSha: run.head_sha } : {}),
          ...(typeof run?.repository_id === 'number' ? { runRepositoryId: run.repository_id } : {}),
          ...(typeof run?.head_repository_id === 'number' ? { runHeadRepositoryId: run.head_repository_id } : {}),
        });
      }
      if (++pages >= maxPages) break;
    }
    return found;
  });
}

/** What GitHub records about one workflow run: the facts a baseline's provenance rests on. */
export interface WorkflowRunDetails {
  readonly id: number;
  readonly event: string;
  readonly status?: string;
  readonly conclusion?: string;
  readonly headBranch?: string;
  readonly headSha: string;
  readonly headRepositoryId?: number;
  readonly headRepositoryFullName?: string;
  readonly repositoryId?: number;
  /** Workflow file path, ".github/workflows/perf.yml" (GitHub may append "@ref"). */
  readonly workflowPath?: string;
  readonly workflowName?: string;
  readonly runNumber?: number;
  readonly htmlUrl?: string;
  readonly createdAt: string;
}

export async function getWorkflowRun(octokit: Octokit, repo: RepoRef, runId: number): Promise<WorkflowRunDetails> {
  const response = await call(`reading workflow run ${runId}`, () => octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId }));
  const run = response.data;
  return {
    id: run.id,
    event: run.event,
    ...(run.status ? { status: run.status } : {}),
    ...(run.conclusion ? { conclusion: run.conclusion } : {}),
    ...(run.head_branch ? { headBranch: run.head_branch } : {}),
    headSha: run.head_sha,
    ...(typeof run.head_repository?.id === 'number' ? { headRepositoryId: run.head_repository.id } : {}),
    ...(typeof run.head_repository?.full_name === 'string' ? { headRepositoryFullName: run.head_repository.full_name } : {}),
    ...(typeof run.repository?.id === 'number' ? { repositoryId: run.repository.id } : {}),
    ...(run.path ? { workflowPath: run.path } : {}),
    ...(run.name ? { workflowName: run.name } : {}),
    ...(typeof run.run_number === 'number' ? { runNumber: run.run_number } : {}),
    ...(run.html_url ? { htmlUrl: run.html_url } : {}),
    createdAt: run.created_at,
  };
}

export interface RunArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
  readonly sizeBytes: number;
  readonly createdAt?: string;
}

export async function listRunArtifacts(octokit: Octokit, repo: RepoRef, runId: number, name?: string): Promise<RunArtifact[]> {
  const response = await call(`listing artifacts of run ${runId}`, () =>
    octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId, per_page: 100, ...(name === undefined ? {} : { name }) }),
  );
  return response.data.artifacts.map((artifact) => ({
    id: artifact.id,
    name: artifact.name,
    expired: artifact.expired,
    sizeBytes: artifact.size_in_bytes,
    ...(artifact.created_at ? { createdAt: artifact.created_at } : {}),
  }));
}

export interface MergeBase {
  readonly sha: string;
  /** Committer date of the merge-base commit (ISO 8601), when GitHub gives one. */
  readonly date?: string;
}

/** Where a PR's branch left the base branch: the compare API's merge-base commit of base...head. */
export async function getMergeBase(octokit: Octokit, repo: RepoRef, baseSha: string, headSha: string): Promise<MergeBase> {
  const response = await call(`comparing ${baseSha}...${headSha}`, () =>
    octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseSha}...${headSha}`, per_page: 1 }),
  );
  const commit = response.data.merge_base_commit;
  const date = commit.commit.committer?.date ?? commit.commit.author?.date;
  return { sha: commit.sha, ...(date ? { date } : {}) };
}

/** Numbers of the PRs whose head is `sha` (what a workflow_run event's head sha really belongs to). */
export async function listPullsForCommit(octokit: Octokit, repo: RepoRef, sha: string): Promise<number[]> {
  const response = await call(`listing pull requests of commit ${sha}`, () => octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha }));
  return response.data.map((pull) => pull.number);
}

/** The head sha of PR `number`, or undefined when there is no such PR. */
export async function getPullHeadSha(octokit: Octokit, repo: RepoRef, number: number): Promise<string | undefined> {
  try {
    const response = await octokit.rest.pulls.get({ ...repo, pull_number: number });
    return response.data.head.sha;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    return call(`reading pull request #${number}`, () => Promise.reject(error));
  }
}

export interface RepositoryInfo {
  readonly id: number;
  readonly fullName: string;
  readonly defaultBranch: string;
}

export async function getRepository(octokit: Octokit, repo: RepoRef): Promise<RepositoryInfo> {
  const response = await call(`reading repository ${repo.owner}/${repo.repo}`, () => octokit.rest.repos.get({ ...repo }));
  return { id: response.data.id, fullName: response.data.full_name, defaultBranch: response.data.default_branch };
}
