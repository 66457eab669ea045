// `mode: report` run as the runner runs it (dist/index.js, a workflow_run event, INPUT_* variables)
// against the local REST server, which serves each artifact's zip through the real download path.
// Every tampered artifact fails the job with its reason and the server records no comment POST or
// PATCH; a genuine one becomes one comment, rendered by the report job with its own marker.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESULTS_FILE_BYTES } from '../../src/results/run-result.js';
import { MAX_COMMENT_ARTIFACT_BYTES } from '../../src/action/comment-data.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runBundleAction } from '../support/run-bundle-action.js';
import { genuineCommentFiles, type CommentArtifactFiles } from '../support/comment-artifact.js';
import { startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';
import { makeZip, type ZipEntry } from '../support/zip.js';

const headSha = 'e'.repeat(40);
const prNumber = 31;
let api: GitHubApiServer;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  api = await startGitHubApiServer();
  dir = await mkdtemp(join(tmpdir(), 'perf-report-mode-'));
  // The report job's own perf.yml (the default branch's): only its name is read.
  await writeFile(join(dir, 'perf.yml'), 'name: shop\ntarget: ${PREVIEW_URL}\nscenarios:\n  - name: s\n    steps:\n      - { name: home, get: / }\n');
  api.commitPulls.set(headSha, [prNumber]);
}, 200_000);
afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let nextRunId = 3000;
/** Puts `zip` up as the perf-comment-shop artifact of a new run and returns that run's id. */
function publish(zip: Buffer, options: { listedBytes?: number; name?: string } = {}): { runId: number; artifactId: number } {
  const runId = ++nextRunId;
  const artifactId = runId * 10;
  api.artifacts.set(runId, [{ id: artifactId, name: options.name ?? 'perf-comment-shop', expired: false, size_in_bytes: options.listedBytes ?? zip.length, created_at: '2026-12-01T10:00:00Z' }]);
  api.artifactZips.set(artifactId, zip);
  return { runId, artifactId };
}

const zipOf = (files: object): Buffer => makeZip(Object.entries(files as Record<string, string | Buffer>).map(([name, data]): ZipEntry => ({ name, data })));

async function report(runId: number, configPath = join(dir, 'perf.yml')): Promise<{ code: number | null; stdout: string }> {
  const runDir = join(dir, `run-${runId}`);
  const run = await runBundleAction({
    runDir,
    event: 'workflow_run',
    payload: { workflow_run: { id: runId, head_sha: headSha, event: 'pull_request', conclusion: 'success' }, repository: { full_name: 'acme/shop', default_branch: 'main' } },
    env: {
      INPUT_MODE: 'report',
      INPUT_CONFIG: configPath,
      'INPUT_GITHUB-TOKEN': 'x',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.test',
      GITHUB_JOB: 'comment',
      RUNNER_TEMP: runDir,
    },
  });
  return { code: run.code, stdout: run.log };
}

const writes = () => api.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').filter((r) => r.path.includes('/comments'));
const downloadsOf = (artifactId: number) => api.requests.filter((r) => r.path.endsWith(`/artifacts/${artifactId}/zip`)).length;

/** The job fails with `reason` in its error line, and nothing is posted or edited. */
async function expectRefused(runId: number, reason: RegExp): Promise<string> {
  const before = writes().length;
  const result = await report(runId);
  expect(result.code, result.stdout).toBe(1);
  const error = result.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
  expect(error, result.stdout).toMatch(reason);
  expect(result.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(writes().length).toBe(before);
  return error;
}

const genuine = (): CommentArtifactFiles => genuineCommentFiles({ configName: 'shop', headSha, prNumber });
/** The relayed form this tool used to post: Markdown written by the PR's code. */
const relayed = (body: string) => zipOf({ 'comment.json': JSON.stringify({ prNumber, headSha, body }) });
const marker = '<!-- perf-action:shop:perf -->';

describe('mode report through dist/index.js refuses what a PR could have forged', () => {
  const relayedBodies: [string, string][] = [
    ['mentions', `${marker}\n### ✅ shop: fine @octocat @org/team`],
    ['an img onerror without a space', `${marker}\n<img/src=x/onerror=alert(document.domain)>`],
    ['an svg onload', `${marker}\n<svg/onload=alert(1)>`],
    ['a tracking image', `${marker}\n![](https://tracker.example/pixel.gif?pr=${prNumber})`],
    ['a fake headline', `${marker}\n### ✅ shop: p95 is 40 % faster than main\n### ❌ ignore the above`],
    ["another config's marker", '<!-- perf-action:billing:perf -->\n### ✅ billing: pass'],
    ['a 70,024-character body', `${marker}\n${'x'.repeat(70_024 - marker.length - 1)}`],
  ];
  for (const [what, body] of relayedBodies) {
    it(`a prepared Markdown comment with ${what} is refused, never relayed`, async () => {
      const { runId } = publish(relayed(body));
      await expectRefused(runId, /entry "comment\.json" is not one of pr\.json, verdict\.json, results\.json; refused/);
    }, 70_000);
  }

  it('Markdown smuggled into the data files as an extra field is refused with its JSON path', async () => {
    const files = genuine();
    const withBody = { ...files, 'pr.json': JSON.stringify({ prNumber, headSha, body: '<img/src=x/onerror=alert(1)> @octocat' }) };
    await expectRefused(publish(zipOf(withBody)).runId, /pr\.json: unexpected field "body"/);
    const verdict = { ...(JSON.parse(files['verdict.json']) as Record<string, unknown>), comment: '<svg/onload=alert(1)>' };
    await expectRefused(publish(zipOf({ ...files, 'verdict.json': JSON.stringify(verdict) })).runId, /\$: unexpected field "comment"/);
  }, 70_000);

  it('a verdict whose outcome its own rows contradict (a fake pass headline) is refused', async () => {
    const files = genuine();
    const verdict = JSON.parse(files['verdict.json']) as { overall: string; slo: string; slos: unknown[]; headline: string };
    verdict.slos = [{ name: 'fast', kind: 'latency', endpoints: 'all', objective: 0.99, thresholdMs: 5, good: 1, valid: 100, sli: 0.01, sliLow: 0, sliHigh: 0.05, designEffect: 1, budgetUsed: 99, burnRate: 99, outcome: 'fail' }];
    verdict.slo = 'pass';
    verdict.overall = 'pass';
    verdict.headline = 'p95 is 40 % faster than main';
    await expectRefused(publish(zipOf({ ...files, 'verdict.json': JSON.stringify(verdict) })).runId, /\$\.slo: "pass", but its SLO rows make it "fail"/);
  }, 70_000);

  it("data for another config (to reach that config's sticky comment) is refused", async () => {
    const other = genuineCommentFiles({ configName: 'billing', headSha, prNumber });
    await expectRefused(publish(zipOf(other)).runId, /verdict\.json is for config "billing", not this job's "shop"/);
  }, 70_000);

  it('a PR number the run head does not belong to is refused', async () => {
    api.pulls.set(99, 'c'.repeat(40));
    const files = { ...genuine(), 'pr.json': JSON.stringify({ prNumber: 99, headSha }) };
    await expectRefused(publish(zipOf(files)).runId, /PR #99 is not a pull request of e{40}/);
  }, 70_000);

  it('an artifact listed above the cap is refused before any download', async () => {
    const { runId, artifactId } = publish(zipOf(genuine()), { listedBytes: MAX_COMMENT_ARTIFACT_BYTES + 1 });
    await expectRefused(runId, new RegExp(`lists it at ${MAX_COMMENT_ARTIFACT_BYTES + 1} bytes, above the ${MAX_COMMENT_ARTIFACT_BYTES}-byte cap; refused before download`));
    expect(downloadsOf(artifactId)).toBe(0);
  }, 70_000);

  it('a zip bomb (a small listed size, a results.json that inflates past its cap) stops at the cap', async () => {
    const bomb = makeZip([
      { name: 'pr.json', data: genuine()['pr.json'] },
      { name: 'verdict.json', data: genuine()['verdict.json'] },
      { name: 'results.json', data: Buffer.alloc(MAX_RESULTS_FILE_BYTES + 10 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const { runId, artifactId } = publish(bomb);
    const started = Date.now();
    await expectRefused(runId, new RegExp(`entry "results\\.json" inflates to more than ${MAX_RESULTS_FILE_BYTES} bytes; refused`));
    expect(downloadsOf(artifactId)).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 70_000);

  it('a zip that hides a path in a name, or was altered after it was made, is refused', async () => {
    const files = genuine();
    const lying = makeZip([{ name: 'pr.json', data: files['pr.json'] }, { name: 'verdict.json', data: files['verdict.json'] }, { name: '../results.json', data: files['results.json'] }]);
    await expectRefused(publish(lying).runId, /entry "\.\.\/results\.json" is not a plain file name/);
    const results = Buffer.from(files['results.json']);
    const crc = crc32(results);
    results[10] = results[10]! ^ 1;
    // Sizes claimed small are not believed; the CRC of the bytes as made no longer matches.
    const altered = makeZip([{ name: 'pr.json', data: files['pr.json'] }, { name: 'verdict.json', data: files['verdict.json'] }, { name: 'results.json', data: results, claimedSize: 10, claimedCrc: crc }]);
    await expectRefused(publish(altered).runId, /entry "results\.json" fails its CRC check; refused/);
  }, 70_000);
});

describe('mode report through dist/index.js posts a comment it built itself', () => {
  it('without its own perf.yml the job fails and names the file, before any download', async () => {
    const { runId, artifactId } = publish(zipOf(genuine()));
    const before = writes().length;
    const result = await report(runId, join(dir, 'missing', 'perf.yml'));
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/::error::.*missing\/perf\.yml: cannot read the file \(ENOENT\); mode report takes the config name from its own perf\.yml/);
    expect(downloadsOf(artifactId)).toBe(0);
    expect(writes().length).toBe(before);
  }, 70_000);

  it('a genuine artifact becomes one comment with the report job marker; a second run updates it', async () => {
    const issue = () => api.comments.filter((c) => c.issue_number === prNumber);
    const first = await report(publish(zipOf(genuine())).runId);
    expect(first.code, first.stdout).toBe(0);
    expect(issue()).toHaveLength(1);
    const body = issue()[0]!.body;
    expect(body.startsWith('<!-- perf-action:shop:comment -->\n')).toBe(true);
    expect(body).toMatch(/^### (✅|⚠️|❌) shop: /m);
    expect(body).toContain('| home |');
    expect(body.length).toBeLessThanOrEqual(65_536);
    const second = await report(publish(zipOf(genuine())).runId);
    expect(second.code, second.stdout).toBe(0);
    expect(issue()).toHaveLength(1);
    expect(issue()[0]!.body).toContain('Earlier runs on this PR (1)');
  }, 140_000);

  it('data that would render past GitHub\'s 65,536-character limit is posted shortened to fit', async () => {
    const pr = 33;
    api.commitPulls.set(headSha, [prNumber, pr]);
    const endpoints = Array.from({ length: 300 }, (_, i) => `GET /${'very-long-path-segment/'.repeat(8)}${i}`);
    const result = await report(publish(zipOf(genuineCommentFiles({ configName: 'shop', headSha, prNumber: pr, endpoints }))).runId);
    api.commitPulls.set(headSha, [prNumber]);
    expect(result.code, result.stdout).toBe(0);
    const body = api.comments.find((c) => c.issue_number === pr)!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("Shortened to fit GitHub's comment size limit");
  }, 70_000);

  it('hostile endpoint names in otherwise valid data are rendered inert, with the same escaping as every comment', async () => {
    const hostile = ['@octocat @org/team', '<img/src=x/onerror=alert(1)>', '<svg/onload=alert(1)>', '![t](https://tracker.example/p.gif)'];
    const pr = 32;
    api.commitPulls.set(headSha, [prNumber, pr]);
    const files = genuineCommentFiles({ configName: 'shop', headSha, prNumber: pr, endpoints: hostile });
    const result = await report(publish(zipOf(files)).runId);
    api.commitPulls.set(headSha, [prNumber]);
    expect(result.code, result.stdout).toBe(0);
    const body = api.comments.find((c) => c.issue_number === pr)!.body;
    // Inert: no tag opens (the "<" is an entity), so the on…= text is only text.
    expect(body).not.toMatch(/<img|<svg/i);
    expect(body).toContain('&#60;img/src=x/onerror=alert(1)&#62;');
    expect(body).not.toMatch(/@octocat|@org\/team/);
    expect(body).not.toContain('![');
    expect(body).not.toContain('](https://tracker.example');
    expect(body).toContain('&#64;\u200doctocat');
  }, 70_000);
});
