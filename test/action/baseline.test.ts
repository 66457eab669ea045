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
import { REPO_ID, startGitHubApiServer, type ApiRun, type GitHubApiServer } from '../support/github-api-server.js';

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

function run(id: number, sha: string, day: number, extra: Partial<ApiRun> = {}) {
  api.runs.push({ id, head_sha: sha, head_branch: 'main', created_at: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, conclusion: 'success', workflow: 'perf.yml', ...extra });
}
/** The artifact is made a minute after its run starts, so the newest run's artifact is the newest. */
function artifact(runId: number, options: { expired?: boolean; id?: number } = {}) {
  const started = api.runs.find((r) => r.id === runId)?.created_at ?? '2026-11-20T00:00:00Z';
  api.artifacts.set(runId, [{ id: options.id ?? runId * 10, name, expired: options.expired ?? false, size_in_bytes: 5000, created_at: started.replace('T00:00', 'T00:01') }]);
}
const fork = { id: 999, full_name: 'mallory/shop' };

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
    repository: { id: REPO_ID, fullName: 'acme/shop', defaultBranch: 'main' },
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
    expect(found).toMatchObject({
      info: { sha: 'sha2', runId: 2, artifactName: name, createdAt: '2026-11-02T00:01:00Z', event: 'push', workflow: 'perf.yml', runUrl: 'https://github.test/acme/shop/actions/runs/2' },
    });
    expect('baseline' in found && found.baseline.meta.runId).toBe('base-run');
    expect('history' in found && found.history?.configName).toBe('api');
    expect(download.fetched).toEqual([20]);
    // Found by artifact name across the repository, not through one workflow's run list.
    expect(api.requests.find((r) => r.path === '/repos/acme/shop/actions/artifacts')?.query.get('name')).toBe(name);
    expect(api.requests.some((r) => r.path.includes('/actions/workflows/'))).toBe(false);
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
    expect(none).toEqual({ missing: `no artifact ${name} from a successful push, schedule or workflow_dispatch run of acme/shop on main at or before the merge-base older` });
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
    expect(await findBaseline(lookup(downloader(new Map())))).toEqual({ missing: `no artifact ${name} in acme/shop` });
    run(1, 'sha1', 1);
    run(2, 'sha2', 2);
    artifact(2, { expired: true });
    expect(await findBaseline(lookup(downloader(new Map())))).toEqual({ missing: `artifact ${name} has expired in all 1 runs that uploaded it` });
  });

  it('reads at most 20 candidate runs', async () => {
    // 24 newer runs on main that are not main's own (workflow_run events), then one good run.
    run(1, 'sha1', 1);
    for (let i = 2; i <= 25; i++) run(i, `sha${i}`, i, { event: 'workflow_run' });
    for (let i = 1; i <= 25; i++) artifact(i);
    expect(await findBaseline(lookup(downloader(new Map([[10, { 'results.json': resultText }]]))))).toEqual({
      missing: `no artifact ${name} from a successful push, schedule or workflow_dispatch run of acme/shop on main (20 from other runs set aside)`,
    });
    expect(api.requests.filter((r) => /\/actions\/runs\/\d+$/.test(r.path))).toHaveLength(20);
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
    for (let i = 0; i < 3; i++) api.failNext('server-error', { pathPart: '/actions/artifacts' });
    const octokit = createOctokit('t', { baseUrl: api.url, retryAfterBaseMs: 5 });
    const outcome = await findBaseline({ ...lookup(downloader(new Map())), octokit });
    expect('missing' in outcome && outcome.missing.startsWith(`baseline lookup failed: GitHub API: listing artifacts named ${name} failed (HTTP 500)`)).toBe(true);
  });

  it("never takes a fork's pull_request run from its own branch named main, however new its decoy artifact", async () => {
    run(1, 'sha1', 1);
    artifact(1);
    // The fork's run: GitHub lists it with head_branch "main"; its artifact has our name and is newer.
    run(2, 'f'.repeat(40), 9, { event: 'pull_request', head_repository: fork });
    artifact(2);
    const download = downloader(new Map([[10, { 'results.json': resultText }], [20, { 'results.json': resultText }]]));
    const found = await findBaseline(lookup(download));
    expect('info' in found && found.info).toMatchObject({ sha: 'sha1', runId: 1, event: 'push' });
    expect(download.fetched).toEqual([10]);
    // Without the repository ids on the artifact listing, the run itself is read and still refused.
    api.artifacts.delete(1);
    api.hideArtifactRepositoryIds = true;
    try {
      const alone = await findBaseline(lookup(download));
      expect(alone).toEqual({ missing: `no artifact ${name} from a successful push, schedule or workflow_dispatch run of acme/shop on main (1 from other runs set aside)` });
      expect(api.requests.some((r) => r.path === '/repos/acme/shop/actions/runs/2')).toBe(true);
    } finally {
      api.hideArtifactRepositoryIds = false;
    }
    expect(download.fetched).toEqual([10]);
  });

  it('refuses every run that is not a successful push, schedule or dispatch of this repository on main', async () => {
    const refused: [number, Partial<ApiRun>][] = [
      [2, { event: 'pull_request' }],
      [3, { event: 'pull_request_target' }],
      [4, { event: 'workflow_run' }],
      [5, { event: 'deployment_status' }],
      [6, { event: 'push', head_repository: fork }],
      [7, { event: 'push', head_branch: 'release' }],
      [8, { event: 'push', conclusion: 'failure' }],
    ];
    for (const [id, extra] of refused) {
      run(id, `sha${id}`, id, extra);
      artifact(id);
    }
    const files = new Map(refused.map(([id]) => [id * 10, { 'results.json': resultText }]));
    const download = downloader(files);
    const none = await findBaseline(lookup(download));
    expect('missing' in none && none.missing).toMatch(/^no artifact perf-baseline-api-smoke from a successful push, schedule or workflow_dispatch run of acme\/shop on main/);
    expect(download.fetched).toEqual([]);
    for (const [id, event] of [[1, 'schedule'], [9, 'workflow_dispatch']] as const) {
      run(id, `sha${id}`, id, { event });
      artifact(id);
      files.set(id * 10, { 'results.json': resultText });
      const found = await findBaseline(lookup(download));
      expect('info' in found && found.info).toMatchObject({ runId: id, event });
    }
  });

  it('finds the baseline another workflow uploaded, and baseline-workflow narrows to one file', async () => {
    run(1, 'sha1', 1, { workflow: 'main-baseline.yml', run_number: 41 });
    artifact(1);
    const download = downloader(new Map([[10, { 'results.json': resultText }]]));
    const found = await findBaseline(lookup(download));
    expect('info' in found && found.info).toMatchObject({ runId: 1, workflow: 'main-baseline.yml', runNumber: 41, event: 'push' });
    expect('info' in await findBaseline({ ...lookup(download), workflow: 'main-baseline.yml' })).toBe(true);
    expect(await findBaseline({ ...lookup(download), workflow: 'nightly.yml' })).toEqual({
      missing: `no artifact ${name} from a successful push, schedule or workflow_dispatch run of acme/shop on main by nightly.yml (1 from other runs set aside)`,
    });
  });

  it('caps the size of results.json', async () => {
    const big = join(dir, 'big');
    await mkdir(big, { recursive: true });
    await writeRunResult(join(big, 'results.json'), result);
    await writeFile(join(big, 'results.json'), Buffer.alloc(MAX_BASELINE_FILE_BYTES + 1, 32));
    expect(await readBaselineFiles(big, 'b')).toEqual({ missing: `baseline b: results.json is ${MAX_BASELINE_FILE_BYTES + 1} bytes, above the ${MAX_BASELINE_FILE_BYTES}-byte cap` });
  });
});
