// run() in-process with injected artifact transfer: a push to main uploads the baseline, a PR finds
// it through the REST server and compares, a fork PR (or a read-only token) leaves its comment data as
// an artifact, and shards are merged. The decoy-baseline attack runs through dist/index.js in
// decoy-baseline-is-never-chosen.test.ts. Inputs and runner files come through process.env as on a runner.

import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import type { ArtifactDownloader, ArtifactUploader } from '../../src/action/comment.js';
import { startDelayServer, type TestServer } from '../support/servers.js';
import { startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';
import { craftHistogram } from '../support/craft-histogram.js';

let dir: string;
let target: TestServer;
let api: GitHubApiServer;
const saved = new Map<string, string | undefined>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-modes-'));
  target = await startDelayServer(2);
  api = await startGitHubApiServer();
  await writeFile(
    join(dir, 'perf.yml'),
    `name: shop
target: \${TARGET}
load:
  phases:
    - { name: ramp, duration: 1s, rate: 5, rampTo: 30 }
    - { name: steady, duration: 3s, rate: 30 }
scenarios:
  - name: browse
    steps:
      - { name: home, get: / }
`,
  );
});
afterAll(async () => {
  await target.close();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  saved.clear();
  process.exitCode = undefined;
});

function setEnv(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (!saved.has(key)) saved.set(key, process.env[key]);
    process.env[key] = value;
  }
}

/** Artifacts kept in folders under dir/store/<name>, as upload-artifact would keep them. */
const uploads: { name: string; files: string[] }[] = [];
const upload: ArtifactUploader = async (name, files) => {
  uploads.push({ name, files: files.map((f) => f.split('/').at(-1)!) });
  await mkdir(join(dir, 'store', name), { recursive: true });
  for (const file of files) await cp(file, join(dir, 'store', name, file.split('/').at(-1)!));
};
/** A folder under dir/by-id/<artifact id> wins over the named one: an artifact a test altered. */
const download: ArtifactDownloader = async (artifact, into) => {
  const byId = join(dir, 'by-id', String(artifact.id));
  const from = await stat(byId).then(() => byId, () => join(dir, 'store', artifact.name));
  await cp(from, into, { recursive: true });
};

async function runAction(name: string, event: string, payload: unknown, inputs: Record<string, string> = {}): Promise<Record<string, string>> {
  const runDir = join(dir, name);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'event.json'), JSON.stringify(payload));
  await writeFile(join(runDir, 'output.txt'), '');
  // Each run sees only its own inputs, as each step does on a runner.
  for (const key of Object.keys(process.env).filter((k) => k.startsWith('INPUT_'))) {
    if (!saved.has(key)) saved.set(key, process.env[key]);
    delete process.env[key];
  }
  setEnv({
    TARGET: target.url,
    INPUT_CONFIG: join(dir, 'perf.yml'),
    'INPUT_GITHUB-TOKEN': 'x',
    'INPUT_OUT-DIR': join(runDir, 'out'),
    'INPUT_FAIL-ON': 'none',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: join(runDir, 'event.json'),
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: api.url,
    GITHUB_OUTPUT: join(runDir, 'output.txt'),
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/perf.yml@refs/heads/main',
    GITHUB_JOB: 'perf',
    RUNNER_TEMP: runDir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  });
  await run({ env: process.env, upload, download });
  const text = await readFile(join(runDir, 'output.txt'), 'utf8');
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  expect(process.exitCode ?? 0, `${name} failed`).toBe(0);
  return outputs;
}

const mainSha = '1'.repeat(40);
const repository = { full_name: 'acme/shop', default_branch: 'main' };

describe('run() across events', () => {
  it('a push to main uploads results, verdict, report and a one-entry history as the baseline', async () => {
    setEnv({ GITHUB_SHA: mainSha, GITHUB_REF: 'refs/heads/main' });
    const outputs = await runAction('push', 'push', { repository }, { baseline: 'none' });
    expect(outputs.verdict).toMatch(/^(pass|inconclusive)$/);
    expect(uploads).toEqual([{ name: 'perf-baseline-shop', files: ['results.json', 'verdict.json', 'report.html', 'history.json'] }]);
    const history = JSON.parse(await readFile(join(dir, 'store', 'perf-baseline-shop', 'history.json'), 'utf8')) as { entries: { commit: string }[] };
    expect(history.entries.map((e) => e.commit)).toEqual([mainSha]);
    expect(api.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  }, 30_000);

  it('a PR finds that baseline at its base sha and reports its commit', async () => {
    api.runs.push({ id: 501, head_sha: mainSha, head_branch: 'main', created_at: '2026-11-23T20:00:00Z', conclusion: 'success', workflow: 'perf.yml' });
    api.artifacts.set(501, [{ id: 5010, name: 'perf-baseline-shop', expired: false, size_in_bytes: 9000, created_at: '2026-11-23T20:01:00Z' }]);
    const pr = { number: 3, head: { sha: '2'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: mainSha, ref: 'main', repo: { full_name: 'acme/shop' } } };
    const outputs = await runAction('pr', 'pull_request', { pull_request: pr, repository });
    expect(outputs['baseline-sha']).toBe(mainSha);
    expect(outputs['comment-url']).toMatch(/\/pull\/3#issuecomment-/);
    const verdict = JSON.parse(await readFile(join(dir, 'pr', 'out', 'verdict.json'), 'utf8')) as { baseline?: { commit?: string }; comparisons: unknown[] };
    expect(verdict.baseline?.commit).toBe(mainSha);
    expect(verdict.comparisons.length).toBeGreaterThan(0);
    expect(uploads).toHaveLength(1);
  }, 30_000);

  it('a baseline whose histogram is corrupt makes the comparison inconclusive, names the cause, and the job still succeeds', async () => {
    const baseSha = '7'.repeat(40);
    api.runs.push({ id: 511, head_sha: baseSha, head_branch: 'main', created_at: '2026-11-23T22:00:00Z', conclusion: 'success', workflow: 'perf.yml' });
    api.artifacts.set(511, [{ id: 5110, name: 'perf-baseline-shop', expired: false, size_in_bytes: 9000, created_at: '2026-11-23T22:01:00Z' }]);
    // Main's genuine results with one latency histogram replaced by a 2^32 + 5 bucket, which a 32-bit reader would take for 5.
    const corrupt = JSON.parse(await readFile(join(dir, 'store', 'perf-baseline-shop', 'results.json'), 'utf8')) as { endpoints: { latency: string[] }[] };
    corrupt.endpoints[0]!.latency[1] = craftHistogram({ counts: [[1000, 2 ** 32 + 5]] });
    await mkdir(join(dir, 'by-id', '5110'), { recursive: true });
    await writeFile(join(dir, 'by-id', '5110', 'results.json'), JSON.stringify(corrupt));
    const pr = { number: 12, head: { sha: 'c'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: baseSha, ref: 'main', repo: { full_name: 'acme/shop' } } };
    const outputs = await runAction('corrupt-baseline', 'pull_request', { pull_request: pr, repository }, { 'fail-on': 'slo,regression' });
    expect(outputs.verdict).toBe('inconclusive');
    const verdict = JSON.parse(await readFile(join(dir, 'corrupt-baseline', 'out', 'verdict.json'), 'utf8')) as { comparisons: { outcome: string }[]; notes: string[]; validity: { reasons: string[] } };
    expect(verdict.comparisons.length).toBeGreaterThan(0);
    expect(new Set(verdict.comparisons.map((row) => row.outcome))).toEqual(new Set(['inconclusive']));
    expect([...verdict.notes, ...verdict.validity.reasons].join('\n')).toMatch(/baseline is malformed: .*latency\[1\]: not a histogram this tool writes: a bucket holds 4294967301/);
    expect(api.comments.find((c) => c.issue_number === 12)?.body).toMatch(/baseline is malformed/);
  }, 30_000);

  it('a PR run of pr-preview.yml finds the baseline a push run of main-baseline.yml uploaded, and the comment names that run', async () => {
    api.runs.push({ id: 801, head_sha: mainSha, head_branch: 'main', created_at: '2026-11-24T20:00:00Z', conclusion: 'success', workflow: 'main-baseline.yml', run_number: 17 });
    api.artifacts.set(801, [{ id: 8010, name: 'perf-baseline-shop', expired: false, size_in_bytes: 9000, created_at: '2026-11-24T20:01:00Z' }]);
    setEnv({ GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/pr-preview.yml@refs/pull/5/merge' });
    const pr = { number: 5, head: { sha: '5'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: mainSha, ref: 'main', repo: { full_name: 'acme/shop' } } };
    const outputs = await runAction('split', 'pull_request', { pull_request: pr, repository }, { 'baseline-workflow': 'main-baseline.yml' });
    expect(outputs['baseline-sha']).toBe(mainSha);
    const verdict = JSON.parse(await readFile(join(dir, 'split', 'out', 'verdict.json'), 'utf8')) as { baseline?: { origin?: unknown } };
    expect(verdict.baseline?.origin).toEqual({ workflow: 'main-baseline.yml', runId: 801, runNumber: 17, event: 'push', commit: mainSha, createdAt: '2026-11-24T20:01:00Z', url: 'https://github.test/acme/shop/actions/runs/801' });
    const body = api.comments.find((c) => c.issue_number === 5)!.body;
    expect(body).toContain('[main-baseline.yml run &#35;\u200d17](https://github.test/acme/shop/actions/runs/801) (push)');
  }, 30_000);

  it('a fork PR posts nothing and uploads its comment data for the report job, which builds the comment from it', async () => {
    const headSha = '3'.repeat(40);
    const pr = { number: 4, head: { sha: headSha, repo: { full_name: 'mallory/shop' } }, base: { sha: mainSha, ref: 'main', repo: { full_name: 'acme/shop' } } };
    const writesBefore = api.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').length;
    const outputs = await runAction('fork', 'pull_request', { pull_request: pr, repository }, { baseline: 'none' });
    expect(outputs['comment-url']).toBe('');
    expect(api.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')).toHaveLength(writesBefore);
    // Data, not Markdown: the run's own verdict and results, and which PR they are for.
    expect(uploads.at(-1)).toEqual({ name: 'perf-comment-shop', files: ['pr.json', 'verdict.json', 'results.json'] });
    const stored = join(dir, 'store', 'perf-comment-shop');
    expect(JSON.parse(await readFile(join(stored, 'pr.json'), 'utf8'))).toEqual({ prNumber: 4, headSha });
    expect(await readFile(join(stored, 'verdict.json'), 'utf8')).toBe(await readFile(join(dir, 'fork', 'out', 'verdict.json'), 'utf8'));

    api.artifacts.set(601, [{ id: 6010, name: 'perf-comment-shop', expired: false, size_in_bytes: 100, created_at: '2026-11-23T21:00:00Z' }]);
    api.commitPulls.set(headSha, [4]);
    const report = await runAction('report', 'workflow_run', { workflow_run: { id: 601, head_sha: headSha, event: 'pull_request' }, repository }, { mode: 'report' });
    expect(report['comment-url']).toMatch(/\/pull\/4#issuecomment-/);
    const posted = api.comments.filter((c) => c.issue_number === 4);
    expect(posted).toHaveLength(1);
    // The report job's own marker (its GITHUB_JOB is perf here too).
    expect(posted[0]!.body.startsWith('<!-- perf-action:shop:perf -->\n')).toBe(true);
    expect(posted[0]!.body).toContain('| home |');
  }, 30_000);

  it('a read-only token on a same-repo PR (comment POST answers 403) uploads the comment data as a fork does', async () => {
    const headSha = '4'.repeat(40);
    const pr = { number: 8, head: { sha: headSha, repo: { full_name: 'acme/shop' } }, base: { sha: mainSha, ref: 'main', repo: { full_name: 'acme/shop' } } };
    api.failNext('forbidden', { method: 'POST', pathPart: '/issues/8/comments' });
    const uploadsBefore = uploads.length;
    const outputs = await runAction('forbidden', 'pull_request', { pull_request: pr, repository }, { baseline: 'none' });
    expect(outputs['comment-url']).toBe('');
    expect(outputs.verdict).toMatch(/^(pass|inconclusive)$/);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/8/comments'))).toHaveLength(1);
    expect(api.comments.filter((c) => c.issue_number === 8)).toHaveLength(0);
    expect(uploads.slice(uploadsBefore)).toEqual([{ name: 'perf-comment-shop', files: ['pr.json', 'verdict.json', 'results.json'] }]);
    expect(JSON.parse(await readFile(join(dir, 'store', 'perf-comment-shop', 'pr.json'), 'utf8'))).toEqual({ prNumber: 8, headSha });

    // The report job of that run then posts it.
    api.artifacts.set(602, [{ id: 6020, name: 'perf-comment-shop', expired: false, size_in_bytes: 100, created_at: '2026-11-23T22:00:00Z' }]);
    api.commitPulls.set(headSha, [8]);
    const report = await runAction('report-readonly', 'workflow_run', { workflow_run: { id: 602, head_sha: headSha, event: 'pull_request' }, repository }, { mode: 'report' });
    expect(report['comment-url']).toMatch(/\/pull\/8#issuecomment-/);
    expect(api.comments.filter((c) => c.issue_number === 8)).toHaveLength(1);
  }, 30_000);

  it('two shards each load half the rate and the merge holds every request of both', async () => {
    const before = target.requests();
    for (const index of ['0', '1']) {
      const outputs = await runAction(`shard-${index}`, 'workflow_dispatch', { repository }, { mode: 'shard', 'shard-index': index, 'shard-count': '2', comment: 'never' });
      expect(outputs['results-path']).toMatch(/results\.json$/);
    }
    // 1 s ramp 5→30 (17.5 planned) + 3 s at 30 = 107.5 requests, split in two.
    expect(target.requests() - before).toBeGreaterThanOrEqual(95);
    expect(target.requests() - before).toBeLessThanOrEqual(120);
    expect(uploads.slice(-2).map((u) => u.name)).toEqual(['perf-shard-shop-0', 'perf-shard-shop-1']);
    api.artifacts.set(701, [
      { id: 7010, name: 'perf-shard-shop-0', expired: false, size_in_bytes: 100, created_at: '2026-11-23T21:00:00Z' },
      { id: 7011, name: 'perf-shard-shop-1', expired: false, size_in_bytes: 100, created_at: '2026-11-23T21:00:00Z' },
    ]);
    setEnv({ GITHUB_RUN_ID: '701' });
    const merged = await runAction('merge', 'workflow_dispatch', { repository }, { mode: 'merge', 'shard-count': '2', comment: 'never', baseline: 'none' });
    expect(merged.verdict).toMatch(/^(pass|inconclusive)$/);
    // Shards are meant to run at the same time; here they ran one after the other, so the merge
    // (aligned on start times) spans both, and every request of both is in it.
    type Result = { meta: { shards: number }; total: { requests: number[] } };
    const read = async (name: string) => JSON.parse(await readFile(join(dir, name, 'out', 'results.json'), 'utf8')) as Result;
    const sum = (r: Result) => r.total.requests.reduce((a, b) => a + b, 0);
    const [a, b, m] = [await read('shard-0'), await read('shard-1'), await read('merge')];
    expect(m.meta.shards).toBe(2);
    expect(sum(m)).toBe(sum(a) + sum(b));
    expect(sum(a) + sum(b)).toBe(target.requests() - before);
  }, 60_000);
});
