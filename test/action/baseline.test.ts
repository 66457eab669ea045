import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baselineArtifactName, findBaseline, MAX_BASELINE_FILE_BYTES, readBaselineFiles } from '../../src/action/baseline.js';
import type { ArtifactDownloader } from '../../src/action/comment.js';
import { createOctokit, getMergeBase } from '../../src/action/github.js';
import { emptyHistory } from '../../src/results/history.js';
import { writeRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';
import { startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';

const repo = { owner: 'acme', repo: 'shop' };
const name = 'perf-baseline-api-smoke';
let api: GitHubApiServer;
let dir: string;

beforeAll(async () => {
  api = await startGitHubApiServer();
  dir = await mkdtemp(join(tmpdir(), 'perf-baseline-'));
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.runs.length = 0;
  api.artifacts.clear();
  api.requests.length = 0;
});

function run(id: number, sha: string, day: number) {
  api.runs.push({ id, head_sha: sha, head_branch: 'main', created_at: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, conclusion: 'success', workflow: 'perf.yml' });
}
function artifact(runId: number, options: { expired?: boolean; id?: number } = {}) {
  api.artifacts.set(runId, [{ id: options.id ?? runId * 10, name, expired: options.expired ?? false, size_in_bytes: 5000, created_at: '2026-11-20T00:00:00Z' }]);
}

/** A downloader that writes, for each artifact id, the files the test gave it, and records what it fetched. */
function downloader(files: Map<number, Record<string, string>>): ArtifactDownloader & { fetched: number[] } {
  const fetched: number[] = [];
  const download = async (a: { id: number }, into: string) => {
    fetched.push(a.id);
    await mkdir(into, { recursive: true });
    for (const [file, text] of Object.entries(files.get(a.id) ?? {})) await writeFile(join(into, file), text);
  };
  return Object.assign(download, { fetched });
}

const result = syntheticRun({ seed: 1, seconds: 5, endpoints: [{ name: 'home', ratePerSec: 20, medianMs: 10, sigma: 0.2 }], meta: { runId: 'base-run', commit: 'c'.repeat(40) } });
const resultText = JSON.stringify(result);
const historyText = JSON.stringify(emptyHistory('api', 'smoke'));

function lookup(download: ArtifactDownloader, baseSha?: string) {
  return {
    octokit: createOctokit('t', { baseUrl: api.url }),
    repo,
    workflow: 'perf.yml',
    defaultBranch: 'main',
    ...(baseSha === undefined ? {} : { baseSha }),
    artifactName: name,
    download,
    tempDir: dir,
  };
}

describe('findBaseline', () => {
  it('names the artifact by config and profile', () => {
    expect(baselineArtifactName('api', 'smoke')).toBe(name);
    expect(baselineArtifactName('my api')).toBe('perf-baseline-my_api');
  });

  it('uses the run at the PR base sha rather than a newer one', async () => {
    run(1, 'sha1', 1);
    run(2, 'sha2', 2);
    run(3, 'sha3', 3);
    for (const id of [1, 2, 3]) artifact(id);
    const download = downloader(new Map([[20, { 'results.json': resultText, 'history.json': historyText }]]));
    const found = await findBaseline(lookup(download, 'sha2'));
    expect(found).toMatchObject({ info: { sha: 'sha2', runId: 2, artifactName: name, createdAt: '2026-11-20T00:00:00Z' } });
    expect('baseline' in found && found.baseline.meta.runId).toBe('base-run');
    expect('history' in found && found.history?.configName).toBe('api');
    expect(download.fetched).toEqual([20]);
    const runsQuery = api.requests.find((r) => r.path.endsWith('/actions/workflows/perf.yml/runs'))!.query;
    expect([runsQuery.get('branch'), runsQuery.get('status')]).toEqual(['main', 'success']);
  });

  it('prefers the run at the merge-base that the compare API names', async () => {
    run(1, 'sha1', 1);
    run(2, 'sha2', 2);
    run(3, 'sha3', 3);
    for (const id of [1, 2, 3]) artifact(id);
    api.mergeBases.set('sha3...pr-head', { sha: 'sha1', date: '2026-11-01T00:00:00Z' });
    const octokit = createOctokit('t', { baseUrl: api.url });
    const mergeBase = await getMergeBase(octokit, repo, 'sha3', 'pr-head');
    expect(mergeBase).toEqual({ sha: 'sha1', date: '2026-11-01T00:00:00Z' });
    const download = downloader(new Map([[10, { 'results.json': resultText }]]));
    const found = await findBaseline({ ...lookup(download, 'sha3'), mergeBase });
    expect('info' in found && found.info).toMatchObject({ sha: 'sha1', runId: 1 });
  });

  it('without a run at the merge-base, takes the newest run created by then, never a later one', async () => {
    run(1, 'sha1', 1);
    run(3, 'sha3', 3);
    run(5, 'sha5', 5);
    for (const id of [1, 3, 5]) artifact(id);
    const download = downloader(new Map([[30, { 'results.json': resultText }]]));
    // The branch left main at a commit of day 4 that has no run of its own: day 3's run is the nearest earlier one.
    const found = await findBaseline({ ...lookup(download, 'sha5'), mergeBase: { sha: 'no-run', date: '2026-11-04T12:00:00Z' } });
    expect('info' in found && found.info).toMatchObject({ sha: 'sha3', runId: 3 });
    const none = await findBaseline({ ...lookup(download, 'sha5'), mergeBase: { sha: 'older', date: '2026-10-01T00:00:00Z' } });
    expect(none).toEqual({ missing: 'no successful run of perf.yml on main at or before the merge-base older' });
  });

  it('walks back past an expired artifact and a run without one', async () => {
    run(1, 'sha1', 1);
    run(2, 'sha2', 2);
    run(3, 'sha3', 3);
    artifact(3, { expired: true });
    artifact(1);
    const download = downloader(new Map([[10, { 'results.json': resultText }]]));
    const found = await findBaseline(lookup(download, 'sha3'));
    expect('info' in found && found.info).toMatchObject({ sha: 'sha1', runId: 1 });
    expect('history' in found).toBe(false);
    expect(download.fetched).toEqual([10]);
  });

  it('reports missing, in words, when no run has the artifact', async () => {
    expect(await findBaseline(lookup(downloader(new Map())))).toEqual({ missing: 'no successful run of perf.yml on main' });
    run(1, 'sha1', 1);
    run(2, 'sha2', 2);
    artifact(2, { expired: true });
    expect(await findBaseline(lookup(downloader(new Map())))).toEqual({
      missing: `artifact ${name} has expired in 1 of the 2 successful runs of perf.yml on main and is absent from the rest`,
    });
  });

  it('stops after 20 runs', async () => {
    for (let i = 1; i <= 25; i++) run(i, `sha${i}`, i);
    artifact(1);
    expect(await findBaseline(lookup(downloader(new Map([[10, { 'results.json': resultText }]]))))).toEqual({
      missing: `no artifact ${name} in the last 20 successful runs of perf.yml on main`,
    });
    expect(api.requests.filter((r) => r.path.endsWith('/artifacts'))).toHaveLength(20);
  });

  it('reports a malformed baseline as missing with its reason', async () => {
    run(1, 'sha1', 1);
    artifact(1);
    const notJson = await findBaseline(lookup(downloader(new Map([[10, { 'results.json': '{oops' }]]))));
    expect('missing' in notJson && notJson.missing.startsWith('baseline is malformed: ')).toBe(true);
    expect('missing' in notJson && notJson.missing).toContain('not valid JSON');
    const wrongFormat = await findBaseline(lookup(downloader(new Map([[10, { 'results.json': JSON.stringify({ format: 'other' }) }]]))));
    expect('missing' in wrongFormat && wrongFormat.missing).toContain('not a perf-action results file');
    const empty = await findBaseline(lookup(downloader(new Map([[10, {}]]))));
    expect(empty).toEqual({ missing: `baseline ${name} (run 1) holds no results.json` });
  });

  it('reports an API failure as missing instead of throwing', async () => {
    for (let i = 0; i < 3; i++) api.failNext('server-error', { pathPart: '/actions/workflows/' });
    const octokit = createOctokit('t', { baseUrl: api.url, retryAfterBaseMs: 5 });
    const outcome = await findBaseline({ ...lookup(downloader(new Map())), octokit });
    expect('missing' in outcome && outcome.missing.startsWith('baseline lookup failed: GitHub API: listing runs of workflow perf.yml on main failed (HTTP 500)')).toBe(true);
  });

  it('caps the size of results.json', async () => {
    const big = join(dir, 'big');
    await mkdir(big, { recursive: true });
    await writeRunResult(join(big, 'results.json'), result);
    await writeFile(join(big, 'results.json'), Buffer.alloc(MAX_BASELINE_FILE_BYTES + 1, 32));
    expect(await readBaselineFiles(big, 'b')).toEqual({ missing: `baseline b: results.json is ${MAX_BASELINE_FILE_BYTES + 1} bytes, above the ${MAX_BASELINE_FILE_BYTES}-byte cap` });
  });
});
