import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  commentTarget,
  postReportComment,
  postStickyComment,
  verdictLine,
  withDeploymentPullRequest,
  type ArtifactDownloader,
} from '../../src/action/comment.js';
import { readEventContext } from '../../src/action/context.js';
import { createOctokit } from '../../src/action/github.js';
import { ResultsError } from '../../src/errors.js';
import { genuineCommentFiles } from '../support/comment-artifact.js';
import { BOT_USER, startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';

const repo = { owner: 'acme', repo: 'shop' };
const marker = '<!-- perf-action:api:default -->';
const sha = 'a'.repeat(40);
let api: GitHubApiServer;
let dir: string;

beforeAll(async () => {
  api = await startGitHubApiServer();
  dir = await mkdtemp(join(tmpdir(), 'perf-comment-'));
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.comments.length = 0;
  api.requests.length = 0;
  api.artifacts.clear();
  api.commitPulls.clear();
  api.pulls.clear();
});

function prEvent(headRepo: string | null) {
  return {
    pull_request: {
      number: 5,
      head: { sha, repo: headRepo === null ? null : { full_name: headRepo } },
      base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop', default_branch: 'main' },
  };
}
const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_NAME: 'pull_request' };

describe('commentTarget', () => {
  it('comments on a same-repo PR, leaves an artifact for a fork PR, skips elsewhere', () => {
    expect(commentTarget('auto', readEventContext(env, prEvent('acme/shop')))).toEqual({ kind: 'sticky', issueNumber: 5 });
    expect(commentTarget('on-change', readEventContext(env, prEvent('mallory/shop')))).toEqual({ kind: 'fork-artifact', prNumber: 5, headSha: sha });
    expect(commentTarget('always', readEventContext(env, prEvent(null)))).toMatchObject({ kind: 'fork-artifact' });
    expect(commentTarget('never', readEventContext(env, prEvent('acme/shop')))).toEqual({ kind: 'skip', reason: 'comment is never' });
    expect(commentTarget('auto', readEventContext({ ...env, GITHUB_EVENT_NAME: 'push' }, { repository: {} }))).toEqual({ kind: 'skip', reason: 'no pull request in a push event' });
  });
});

describe('withDeploymentPullRequest', () => {
  it('takes the one PR whose head is the deployed sha', async () => {
    const octokit = createOctokit('t', { baseUrl: api.url });
    const deployed = readEventContext({ ...env, GITHUB_EVENT_NAME: 'deployment_status' }, { deployment: { sha }, deployment_status: { environment_url: 'https://p.example.com' } });
    expect((await withDeploymentPullRequest(octokit, deployed)).pullRequest).toBeUndefined();
    api.commitPulls.set(sha, [12]);
    expect((await withDeploymentPullRequest(octokit, deployed)).pullRequest).toEqual({ number: 12, headSha: sha, isFork: false });
    api.commitPulls.set(sha, [12, 13]);
    expect((await withDeploymentPullRequest(octokit, deployed)).pullRequest).toBeUndefined();
    const push = readEventContext({ ...env, GITHUB_EVENT_NAME: 'push' }, {});
    expect(await withDeploymentPullRequest(octokit, push)).toBe(push);
  });
});

describe('postStickyComment', () => {
  const octokit = () => createOctokit('t', { baseUrl: api.url });

  it('hands the earlier body to the renderer and updates in place', async () => {
    const seen: (string | undefined)[] = [];
    const first = await postStickyComment(octokit(), repo, 5, marker, (previous) => (seen.push(previous), `${marker}\n### ✅ api: pass`), { onChange: false });
    const second = await postStickyComment(octokit(), repo, 5, marker, (previous) => (seen.push(previous), `${marker}\n### ❌ api: fail`), { onChange: false });
    expect([first.action, second.action]).toEqual(['created', 'updated']);
    expect(seen).toEqual([undefined, `${marker}\n### ✅ api: pass`]);
    expect(api.comments.map((c) => c.body)).toEqual([`${marker}\n### ❌ api: fail`]);
  });

  it('on-change posts nothing when the verdict line is the same', async () => {
    api.comments.push({ id: 1, body: `${marker}\n### ✅ api: pass\nold table`, user: BOT_USER, issue_number: 5, html_url: 'https://github.test/c/1' });
    const same = await postStickyComment(octokit(), repo, 5, marker, () => `${marker}\n### ✅ api: pass\nnew table`, { onChange: true });
    expect(same).toEqual({ url: 'https://github.test/c/1', action: 'unchanged' });
    expect(api.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')).toHaveLength(0);
    const changed = await postStickyComment(octokit(), repo, 5, marker, () => `${marker}\n### ❌ api: fail`, { onChange: true });
    expect(changed.action).toBe('updated');
  });

  it('verdictLine is the first ### line', () => {
    expect(verdictLine(`${marker}\n<!-- x -->\n### ✅ a\n### b`)).toBe('### ✅ a');
    expect(verdictLine(undefined)).toBeUndefined();
  });
});

describe('mode report (in process; dist/index.js is driven in report-mode-rebuilds-fork-comments.test.ts)', () => {
  const runId = 77;
  function writerOf(files: Record<string, string> | undefined): ArtifactDownloader & { calls: number } {
    const downloader = Object.assign(
      async (artifact: { id: number; runId: number }, into: string) => {
        downloader.calls++;
        expect(artifact).toMatchObject({ id: 700, runId });
        for (const [name, text] of Object.entries(files ?? {})) await writeFile(join(into, name), text);
      },
      { calls: 0 },
    );
    return downloader;
  }
  const deps = (download: ArtifactDownloader) => ({ octokit: createOctokit('t', { baseUrl: api.url }), repo, download, tempDir: dir });
  const artifact = () => api.artifacts.set(runId, [{ id: 700, name: 'perf-comment-api', expired: false, size_in_bytes: 100, created_at: '2026-11-23T00:00:00Z' }]);
  const job = { configName: 'api', job: 'comment', repoUrl: 'https://github.test/acme/shop' };
  const files = (prNumber = 5, headSha = sha) => ({ ...genuineCommentFiles({ configName: 'api', headSha, prNumber }) });

  it('renders the comment from the data, with its own marker, on the PR of the run head', async () => {
    artifact();
    api.commitPulls.set(sha, [5]);
    const result = await postReportComment(deps(writerOf(files())), { id: runId, headSha: sha }, job);
    expect(result).toMatchObject({ prNumber: 5, action: 'created' });
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body.startsWith('<!-- perf-action:api:comment -->\n')).toBe(true);
  });

  it('accepts a fork PR whose head is the run head when the commit pulls list is empty', async () => {
    artifact();
    api.pulls.set(5, sha);
    const result = await postReportComment(deps(writerOf(files())), { id: runId, headSha: sha }, job);
    expect(result?.prNumber).toBe(5);
  });

  it('refuses a forged PR number and posts nothing', async () => {
    artifact();
    api.commitPulls.set(sha, [5]);
    api.pulls.set(6, 'c'.repeat(40));
    const error = await postReportComment(deps(writerOf(files(6))), { id: runId, headSha: sha }, job).catch((e: unknown) => e);
    expect((error as ResultsError).code).toBe('PA_RESULTS');
    expect((error as Error).message).toBe(`comment artifact perf-comment-api of run ${runId}: PR #6 is not a pull request of ${sha} (its pull requests: #5); refused`);
    expect(api.comments).toHaveLength(0);
  });

  it('refuses a head sha other than the run head and a missing file; no artifact is no comment', async () => {
    artifact();
    api.commitPulls.set(sha, [5]);
    const other = 'd'.repeat(40);
    const wrongSha = await postReportComment(deps(writerOf(files(5, other))), { id: runId, headSha: sha }, job).catch((e: Error) => e.message);
    expect(wrongSha).toContain(`pr.json names head sha ${other}, not the uploading run's ${sha}`);
    const { 'results.json': _dropped, ...partial } = files();
    const missing = await postReportComment(deps(writerOf(partial)), { id: runId, headSha: sha }, job).catch((e: Error) => e.message);
    expect(missing).toMatch(/results\.json: cannot read \(ENOENT\)/);
    api.artifacts.clear();
    const downloader = writerOf(undefined);
    expect(await postReportComment(deps(downloader), { id: runId, headSha: sha }, job)).toBeUndefined();
    expect(downloader.calls).toBe(0);
    expect(api.comments).toHaveLength(0);
  });
});
