import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, findStickyComment, getWorkflowRun, GITHUB_TOKEN_LOGIN, listArtifactsByName, listPullsForCommit, listRunArtifacts, tokenIdentity, upsertComment, writtenBy } from '../../src/action/github.js';
import { GitHubApiError } from '../../src/errors.js';
import { BOT_USER, REPO_ID, startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';

const repo = { owner: 'acme', repo: 'shop' };
const marker = '<!-- perf-action:api:default -->';
let api: GitHubApiServer;

beforeAll(async () => {
  api = await startGitHubApiServer();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.comments.length = 0;
  api.requests.length = 0;
  api.tokenUser = BOT_USER;
  api.userForbidden = true;
});

const commentPosts = () => api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));

describe("the token's own identity", () => {
  it('GET /user for a personal token, else GraphQL viewer, else github-actions[bot]', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.userForbidden = false;
    api.tokenUser = { login: 'octo-dev', type: 'User' };
    expect(await tokenIdentity(octokit)).toEqual({ login: 'octo-dev', source: 'user' });
    api.userForbidden = true;
    api.tokenUser = { login: 'acme-app', type: 'Bot' };
    expect(await tokenIdentity(octokit)).toEqual({ login: 'acme-app', source: 'graphql' });
    api.failNext('server-error', { method: 'POST', pathPart: '/graphql' });
    api.failNext('server-error', { method: 'POST', pathPart: '/graphql' });
    api.failNext('server-error', { method: 'POST', pathPart: '/graphql' });
    expect(await tokenIdentity(createOctokit('t', { baseUrl: api.url, retryAfterBaseMs: 1 }))).toEqual({ login: GITHUB_TOKEN_LOGIN, source: 'assumed' });
  });

  it("matches a GraphQL bot login to REST's \"[bot]\" login, never to a human of the same name", () => {
    const app = { login: 'acme-app', source: 'graphql' } as const;
    expect(writtenBy({ authorLogin: 'acme-app[bot]', authorIsBot: true }, app)).toBe(true);
    expect(writtenBy({ authorLogin: 'acme-app', authorIsBot: false }, app)).toBe(true); // a user token read through GraphQL
    expect(writtenBy({ authorLogin: 'other-app[bot]', authorIsBot: true }, app)).toBe(false);
    const pat = { login: 'octo-dev', source: 'user' } as const;
    expect(writtenBy({ authorLogin: 'octo-dev[bot]', authorIsBot: true }, pat)).toBe(false);
    expect(writtenBy({ authorLogin: 'octo-dev', authorIsBot: false }, pat)).toBe(true);
    expect(writtenBy({ authorIsBot: true }, { login: GITHUB_TOKEN_LOGIN, source: 'assumed' })).toBe(false);
  });
});

describe('sticky comment through the real octokit', () => {
  it('creates a new comment when none carries the marker', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    expect(await findStickyComment(octokit, repo, 7, marker)).toBeUndefined();
    const result = await upsertComment(octokit, repo, 7, `${marker}\nfirst`);
    expect(result.action).toBe('created');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toBe(`${marker}\nfirst`);
    expect(result.htmlUrl).toBe(api.comments[0]!.html_url);
    expect(api.requests.at(-1)!.headers.authorization).toBe('token t');
  });

  it('updates our comment in place, on a later page, and ignores a human comment quoting the marker', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.tokenUser = { login: 'mallory', type: 'User' };
    await upsertComment(octokit, repo, 7, `${marker}\ncopied by a human`);
    api.tokenUser = BOT_USER;
    // 120 unrelated comments push ours onto the second page of 100.
    for (let i = 0; i < 120; i++) api.comments.push({ id: 1 + i, body: `chatter ${i}`, user: { login: 'dev', type: 'User' }, issue_number: 7, html_url: 'x' });
    const ours = await upsertComment(octokit, repo, 7, `${marker}\nfirst`);
    api.requests.length = 0;

    const found = await findStickyComment(octokit, repo, 7, marker);
    expect(found?.id).toBe(ours.id);
    expect(api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments')).map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    const updated = await upsertComment(octokit, repo, 7, `${marker}\nsecond`, found);
    expect(updated).toMatchObject({ id: ours.id, action: 'updated' });
    expect(api.comments.find((c) => c.id === ours.id)!.body).toBe(`${marker}\nsecond`);
    expect(api.comments.find((c) => c.user.login === 'mallory')!.body).toBe(`${marker}\ncopied by a human`);
    expect(commentPosts()).toHaveLength(0);
  });
});

describe('bounded retries', () => {
  it('retries a 500 once and then succeeds', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.failNext('server-error', { method: 'POST', pathPart: '/issues/8/comments' });
    const result = await upsertComment(octokit, repo, 8, `${marker}\nafter a 500`);
    expect(result.action).toBe('created');
    expect(commentPosts()).toHaveLength(2);
    expect(api.comments).toHaveLength(1);
  });

  it('waits out a primary rate limit (403, x-ratelimit-remaining 0) and succeeds', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.failNext('rate-limit', { method: 'GET', pathPart: '/issues/9/comments' });
    const startedMs = Date.now();
    expect(await findStickyComment(octokit, repo, 9, marker)).toBeUndefined();
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(900);
    expect(api.requests.filter((r) => r.path.endsWith('/issues/9/comments'))).toHaveLength(2);
  });

  it('waits out a secondary rate limit (429, retry-after 1) and succeeds', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.failNext('secondary-limit', { method: 'POST', pathPart: '/issues/10/comments' });
    const startedMs = Date.now();
    await upsertComment(octokit, repo, 10, `${marker}\nafter a 429`);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(900);
    expect(commentPosts()).toHaveLength(2);
    expect(api.comments).toHaveLength(1);
  });

  it('gives up after its retries with a GitHubApiError carrying the status', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url, retryAfterBaseMs: 5 });
    for (let i = 0; i < 5; i++) api.failNext('server-error', { method: 'POST', pathPart: '/issues/11/comments' });
    const error = await upsertComment(octokit, repo, 11, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(500);
    expect((error as GitHubApiError).code).toBe('PA_GITHUB');
    expect(commentPosts()).toHaveLength(3); // the first try and two retries
  });

  it('gives up on a rate limit after two retries', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url, retryAfterBaseMs: 5 });
    for (let i = 0; i < 5; i++) api.failNext('secondary-limit', { method: 'GET', pathPart: '/issues/12/comments' });
    const error = await findStickyComment(octokit, repo, 12, marker).catch((e: unknown) => e);
    expect((error as GitHubApiError).status).toBe(429);
    expect(api.requests.filter((r) => r.path.endsWith('/issues/12/comments'))).toHaveLength(3);
  });
});

describe('runs, artifacts and pulls', () => {
  it('lists artifacts by name across the repository with their runs, reads a run, and lists a run\'s artifacts', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    api.runs.push(
      { id: 1, head_sha: 'a1', head_branch: 'main', created_at: '2026-11-01T00:00:00Z', conclusion: 'success', workflow: 'perf.yml' },
      { id: 2, head_sha: 'b2', head_branch: 'main', created_at: '2026-11-02T00:00:00Z', conclusion: 'failure', workflow: 'perf.yml' },
      { id: 3, head_sha: 'c3', head_branch: 'feature', created_at: '2026-11-03T00:00:00Z', conclusion: 'success', workflow: 'perf.yml' },
      { id: 4, head_sha: 'd4', head_branch: 'main', created_at: '2026-11-04T00:00:00Z', conclusion: 'success', workflow: 'perf.yml' },
    );
    api.artifacts.set(4, [{ id: 40, name: 'perf-baseline-api', expired: false, size_in_bytes: 1234, created_at: '2026-11-04T00:05:00Z' }]);
    api.commitPulls.set('d4', [17]);
    api.artifacts.set(3, [{ id: 30, name: 'perf-baseline-api', expired: true, size_in_bytes: 99, created_at: '2026-11-03T00:05:00Z' }]);
    expect(await listArtifactsByName(octokit, repo, 'perf-baseline-api')).toEqual([
      { id: 40, name: 'perf-baseline-api', expired: false, sizeBytes: 1234, createdAt: '2026-11-04T00:05:00Z', runId: 4, runHeadBranch: 'main', runHeadSha: 'd4', runRepositoryId: REPO_ID, runHeadRepositoryId: REPO_ID },
      { id: 30, name: 'perf-baseline-api', expired: true, sizeBytes: 99, createdAt: '2026-11-03T00:05:00Z', runId: 3, runHeadBranch: 'feature', runHeadSha: 'c3', runRepositoryId: REPO_ID, runHeadRepositoryId: REPO_ID },
    ]);
    expect(await listArtifactsByName(octokit, repo, 'other')).toEqual([]);
    expect(await getWorkflowRun(octokit, repo, 2)).toMatchObject({ id: 2, event: 'push', conclusion: 'failure', headBranch: 'main', headSha: 'b2', headRepositoryId: REPO_ID, workflowPath: '.github/workflows/perf.yml' });
    expect(await listRunArtifacts(octokit, repo, 4)).toEqual([{ id: 40, name: 'perf-baseline-api', expired: false, sizeBytes: 1234, createdAt: '2026-11-04T00:05:00Z' }]);
    expect(await listRunArtifacts(octokit, repo, 1)).toEqual([]);
    expect(await listPullsForCommit(octokit, repo, 'd4')).toEqual([17]);
    expect(await listPullsForCommit(octokit, repo, 'zz')).toEqual([]);
  });
});
