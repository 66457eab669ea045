// A run whose token cannot comment, run as the runner runs it (dist/index.js against the local REST
// server, which also plays the artifact service): a same-repo PR with a read-only token (Dependabot,
// permissions read-all: the comment POST answers 403) uploads the comment's data as a fork's run
// does, stays green, and the workflow_run job with mode: report then posts the comment it builds.
// A fork's PR uploads the same data without trying to comment at all.

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZipBounded } from '../../src/action/bounded-zip.js';
import { startBundleFixture, type BundleFixture } from '../support/bundle-fixture.js';
import { runBundleAction } from '../support/run-bundle-action.js';
import type { TestServer } from '../support/servers.js';
import type { GitHubApiServer } from '../support/github-api-server.js';

const repository = { id: 4242, full_name: 'acme/shop', default_branch: 'main' };
let api: GitHubApiServer;
let target: TestServer;
let dir: string;

let fixture: BundleFixture | undefined;
beforeAll(async () => {
  fixture = await startBundleFixture({ tmpPrefix: 'perf-readonly-', targetDelayMs: 2, steadySeconds: 2, steadyRatePerS: 20 });
  ({ api, target, dir } = fixture);
}, 200_000);
afterAll(async () => {
  await fixture?.close();
});

let runs = 0;
async function runDist(event: string, payload: unknown, inputs: Record<string, string>, job = 'perf'): Promise<{ code: number | null; stdout: string }> {
  const runDir = join(dir, `run-${++runs}`);
  const run = await runBundleAction({
    runDir,
    event,
    payload,
    env: {
      TARGET: target.url,
      INPUT_CONFIG: join(dir, 'perf.yml'),
      'INPUT_GITHUB-TOKEN': 'x',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: api.url,
      GITHUB_JOB: job,
      RUNNER_TEMP: runDir,
      ...api.artifactServiceEnv,
    },
    inputs,
  });
  return { code: run.code, stdout: run.log };
}

async function uploadedFiles(label: string): Promise<string[]> {
  const into = join(dir, `unzipped-${label}`);
  await mkdir(into, { recursive: true });
  return (await extractZipBounded(api.uploads.get('perf-comment-shop')!, into, { maxTotalBytes: 256 << 20 }, 'uploaded comment data')).sort();
}

function pullRequest(number: number, headSha: string, headRepo: string) {
  return { pull_request: { number, head: { sha: headSha, repo: { full_name: headRepo } }, base: { sha: '1'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } } }, repository };
}

let nextRunId = 7000;
/** The report job of the run that uploaded the comment data, as a workflow_run event starts it. */
async function reportJob(headSha: string): Promise<{ code: number | null; stdout: string }> {
  const runId = ++nextRunId;
  const zip = api.uploads.get('perf-comment-shop')!;
  api.artifacts.set(runId, [{ id: runId * 10, name: 'perf-comment-shop', expired: false, size_in_bytes: zip.length, created_at: '2026-12-01T10:00:00Z' }]);
  api.artifactZips.set(runId * 10, zip);
  return runDist('workflow_run', { workflow_run: { id: runId, head_sha: headSha, event: 'pull_request' }, repository }, { mode: 'report' }, 'comment');
}

describe('a token that cannot comment leaves the comment data, through dist/index.js', () => {
  it('a read-only token on a same-repo PR: the 403 uploads pr.json, verdict.json and results.json; the report job posts the comment', async () => {
    const headSha = '4'.repeat(40);
    api.failNext('forbidden', { method: 'POST', pathPart: '/issues/8/comments' });
    const run = await runDist('pull_request', pullRequest(8, headSha, 'acme/shop'), { baseline: 'none', 'fail-on': 'none', 'out-dir': join(dir, 'out-8') });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::warning::The token may not comment here .*uploaded as perf-comment-shop/);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/shop/issues/8/comments')).toHaveLength(1);
    expect(api.comments.filter((c) => c.issue_number === 8)).toHaveLength(0);
    expect(await uploadedFiles('readonly')).toEqual(['pr.json', 'results.json', 'verdict.json']);
    expect(JSON.parse(await readFile(join(dir, 'unzipped-readonly', 'pr.json'), 'utf8'))).toEqual({ prNumber: 8, headSha });

    api.commitPulls.set(headSha, [8]);
    const report = await reportJob(headSha);
    expect(report.code, report.stdout).toBe(0);
    const posted = api.comments.filter((c) => c.issue_number === 8);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.startsWith('<!-- perf-action:shop:comment -->\n')).toBe(true);
  }, 120_000);

  it("a fork's PR uploads the same data and makes no write request to the API", async () => {
    const headSha = '5'.repeat(40);
    api.uploads.delete('perf-comment-shop');
    const writesBefore = api.requests.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.path.startsWith('/repos/')).length;
    const run = await runDist('pull_request', pullRequest(9, headSha, 'mallory/shop'), { baseline: 'none', 'fail-on': 'none', 'out-dir': join(dir, 'out-9') });
    expect(run.code, run.stdout).toBe(0);
    expect(api.requests.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.path.startsWith('/repos/')).length).toBe(writesBefore);
    expect(await uploadedFiles('fork')).toEqual(['pr.json', 'results.json', 'verdict.json']);
    api.commitPulls.set(headSha, [9]);
    const report = await reportJob(headSha);
    expect(report.code, report.stdout).toBe(0);
    expect(api.comments.filter((c) => c.issue_number === 9)).toHaveLength(1);
  }, 120_000);
});
