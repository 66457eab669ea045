// The baseline-poisoning attack, run as the runner runs the action (dist/index.js, octokit against the
// local REST server, artifacts uploaded to and downloaded from it as zips): a fork's pull_request run
// from its own branch named "main" uploads a newer perf-baseline-shop artifact. Neither a PR run nor
// the next push to main ever downloads it; the push carries main's own History forward. With the
// artifact listing's repository ids hidden, the decoy's run is read and refused by its event and head
// repository instead, still before any download.

import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZipBounded } from '../../src/action/bounded-zip.js';
import { startBundleFixture, type BundleFixture } from '../support/bundle-fixture.js';
import { runBundleAction } from '../support/run-bundle-action.js';
import type { TestServer } from '../support/servers.js';
import type { GitHubApiServer } from '../support/github-api-server.js';
import { makeZip } from '../support/zip.js';

const mainSha = '1'.repeat(40);
const forkSha = 'f'.repeat(40);
const repository = { id: 4242, full_name: 'acme/shop', default_branch: 'main' };
let api: GitHubApiServer;
let target: TestServer;
let dir: string;

let fixture: BundleFixture | undefined;
beforeAll(async () => {
  fixture = await startBundleFixture({ tmpPrefix: 'perf-decoy-', targetDelayMs: 2, steadySeconds: 3, steadyRatePerS: 20 });
  ({ api, target, dir } = fixture);
}, 200_000);
afterAll(async () => {
  await fixture?.close();
});

let runs = 0;
async function runDist(event: string, payload: unknown, extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; outputs: Record<string, string>; outDir: string }> {
  const runDir = join(dir, `run-${++runs}`);
  const run = await runBundleAction({
    runDir,
    event,
    payload,
    env: {
      TARGET: target.url,
      INPUT_CONFIG: join(dir, 'perf.yml'),
      'INPUT_FAIL-ON': 'none',
      'INPUT_GITHUB-TOKEN': 'x',
      'INPUT_OUT-DIR': join(runDir, 'out'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: api.url,
      GITHUB_JOB: 'perf',
      RUNNER_TEMP: runDir,
      ...api.artifactServiceEnv,
      ...extraEnv,
    },
  });
  return { code: run.code, stdout: run.log, outputs: run.outputs, outDir: join(runDir, 'out') };
}

/** The files of the zip the last push uploaded as perf-baseline-shop. */
async function uploadedBaseline(name: string): Promise<Record<string, string>> {
  const into = join(dir, `unzipped-${name}`);
  await mkdir(into, { recursive: true });
  const files = await extractZipBounded(api.uploads.get('perf-baseline-shop')!, into, { maxTotalBytes: 256 << 20 }, 'uploaded baseline');
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readFile(join(into, file), 'utf8')] as const)));
}

const pushOf = (sha: string) => ({ env: { GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main' }, payload: { repository } });
const zipDownloads = (artifactId: number) => api.requests.filter((r) => r.path.endsWith(`/artifacts/${artifactId}/zip`)).length;
type History = { entries: { commit: string }[] };

describe("a fork's decoy baseline from its own branch named main, through dist/index.js", () => {
  it('main pushes a baseline; the fork uploads a newer decoy; a PR and the next push both use main’s', async () => {
    // 1. A push to main: no baseline yet; it uploads one through the artifact service.
    const first = await runDist('push', pushOf(mainSha).payload, pushOf(mainSha).env);
    expect(first.code, first.stdout).toBe(0);
    const genuine = await uploadedBaseline('first');
    expect((JSON.parse(genuine['history.json']!) as History).entries.map((e) => e.commit)).toEqual([mainSha]);
    api.runs.push({ id: 501, head_sha: mainSha, head_branch: 'main', created_at: '2026-12-01T08:00:00Z', conclusion: 'success', workflow: 'perf.yml', event: 'push' });
    api.artifacts.set(501, [{ id: 5010, name: 'perf-baseline-shop', expired: false, size_in_bytes: api.uploads.get('perf-baseline-shop')!.length, created_at: '2026-12-01T08:01:00Z' }]);
    api.artifactZips.set(5010, api.uploads.get('perf-baseline-shop')!);

    // 2. The fork's pull_request run on its branch "main" uploads a newer artifact of the same name.
    const decoyResults = JSON.parse(genuine['results.json']!) as { meta: { commit?: string } };
    decoyResults.meta.commit = forkSha;
    const decoyHistory = { ...(JSON.parse(genuine['history.json']!) as History), entries: [{ ...(JSON.parse(genuine['history.json']!) as History).entries[0]!, commit: forkSha }] };
    const decoy = makeZip([
      { name: 'results.json', data: JSON.stringify(decoyResults) },
      { name: 'history.json', data: JSON.stringify(decoyHistory) },
    ]);
    api.runs.push({ id: 502, head_sha: forkSha, head_branch: 'main', created_at: '2026-12-01T09:00:00Z', conclusion: 'success', workflow: 'perf.yml', event: 'pull_request', head_repository: { id: 999, full_name: 'mallory/shop' } });
    api.artifacts.set(502, [{ id: 5020, name: 'perf-baseline-shop', expired: false, size_in_bytes: decoy.length, created_at: '2026-12-01T09:01:00Z' }]);
    api.artifactZips.set(5020, decoy);

    // 3. A same-repo PR whose base is neither run: the newest of main's own runs is the baseline.
    const pr = { number: 7, head: { sha: '7'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: '8'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } } };
    const onPr = await runDist('pull_request', { pull_request: pr, repository }, {});
    expect(onPr.code, onPr.stdout).toBe(0);
    expect(onPr.outputs['baseline-sha']).toBe(mainSha);
    const verdict = JSON.parse(await readFile(join(onPr.outDir, 'verdict.json'), 'utf8')) as { baseline?: { origin?: { runId: number; event: string } } };
    expect(verdict.baseline?.origin).toMatchObject({ runId: 501, event: 'push' });
    // The comment says which run and event the baseline came from.
    expect(api.comments.find((c) => c.issue_number === 7)!.body).toContain('[perf.yml run &#35;\u200d501](https://github.test/acme/shop/actions/runs/501) (push)');
    expect(zipDownloads(5020)).toBe(0);
    expect(zipDownloads(5010)).toBe(1);

    // 4. The next push, with the listing's repository ids hidden: the decoy's run is read and refused.
    api.hideArtifactRepositoryIds = true;
    const pushSha = '6'.repeat(40);
    const second = await runDist('push', pushOf(pushSha).payload, pushOf(pushSha).env);
    api.hideArtifactRepositoryIds = false;
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs['baseline-sha']).toBe(mainSha);
    expect(api.requests.some((r) => r.path === '/repos/acme/shop/actions/runs/502')).toBe(true);
    expect(zipDownloads(5020)).toBe(0);
    const carried = await uploadedBaseline('second');
    expect((JSON.parse(carried['history.json']!) as History).entries.map((e) => e.commit)).toEqual([mainSha, pushSha]);
    expect(carried['history.json']).not.toContain(forkSha);
  }, 180_000);
});
