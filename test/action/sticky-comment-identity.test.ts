// The sticky comment is found by its marker AND the token's own login, run as the runner runs it
// (dist/index.js on a pull_request event, octokit against the local REST server): a personal token
// (GET /user answers) updates one comment across two runs; GITHUB_TOKEN (GET /user answers 403, as it
// does to installation tokens) finds its github-actions[bot] comment; a comment carrying the marker
// by anyone else, a human or another bot, is never edited.

import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBundleFixture, type BundleFixture } from '../support/bundle-fixture.js';
import { runBundleAction } from '../support/run-bundle-action.js';
import type { TestServer } from '../support/servers.js';
import { BOT_USER, type GitHubApiServer } from '../support/github-api-server.js';

const marker = '<!-- perf-action:shop:perf -->';
let api: GitHubApiServer;
let target: TestServer;
let dir: string;

let fixture: BundleFixture | undefined;
beforeAll(async () => {
  fixture = await startBundleFixture({ tmpPrefix: 'perf-sticky-', targetDelayMs: 2, steadySeconds: 2, steadyRatePerS: 20 });
  ({ api, target, dir } = fixture);
}, 200_000);
afterAll(async () => {
  await fixture?.close();
});
beforeEach(() => {
  api.comments.length = 0;
  api.requests.length = 0;
});

let runs = 0;
async function runPr(prNumber: number): Promise<{ code: number | null; stdout: string; outputs: string }> {
  const runDir = join(dir, `run-${++runs}`);
  const pr = { number: prNumber, head: { sha: 'a'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } } };
  const run = await runBundleAction({
    runDir,
    event: 'pull_request',
    payload: { pull_request: pr, repository: { full_name: 'acme/shop', default_branch: 'main' } },
    env: {
      TARGET: target.url,
      INPUT_CONFIG: join(dir, 'perf.yml'),
      INPUT_BASELINE: 'none',
      INPUT_COMMENT: 'always',
      'INPUT_FAIL-ON': 'none',
      'INPUT_GITHUB-TOKEN': 'x',
      'INPUT_OUT-DIR': join(runDir, 'out'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: api.url,
      GITHUB_JOB: 'perf',
      RUNNER_TEMP: runDir,
    },
  });
  return { code: run.code, stdout: run.log, outputs: run.outputText };
}

const patches = () => api.requests.filter((r) => r.method === 'PATCH');
const posts = () => api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));

describe('sticky comment by marker and the token identity, through dist/index.js', () => {
  it("a personal token updates its one comment across two runs and never edits another user's comment with the marker", async () => {
    api.userForbidden = false;
    api.tokenUser = { login: 'octo-dev', type: 'User' };
    const copied = `${marker}\ncopied by someone else`;
    api.comments.push({ id: 1, body: copied, user: { login: 'mallory', type: 'User' }, issue_number: 51, html_url: 'https://github.test/c/1' });

    const first = await runPr(51);
    expect(first.code, first.stdout).toBe(0);
    const second = await runPr(51);
    expect(second.code, second.stdout).toBe(0);

    const ours = api.comments.filter((c) => c.user.login === 'octo-dev');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body.startsWith(`${marker}\n`)).toBe(true);
    expect(ours[0]!.body).toContain('Earlier runs on this PR (1)');
    expect(posts()).toHaveLength(1);
    expect(patches().map((r) => r.path)).toEqual([`/repos/acme/shop/issues/comments/${ours[0]!.id}`]);
    expect(api.comments.find((c) => c.id === 1)!.body).toBe(copied);
    expect(api.requests.filter((r) => r.method === 'GET' && r.path === '/user').length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('GITHUB_TOKEN (GET /user answers 403) finds its github-actions[bot] comment and leaves another bot with the marker alone', async () => {
    api.userForbidden = true;
    api.tokenUser = BOT_USER;
    const otherBot = `${marker}\nanother app's comment`;
    api.comments.push({ id: 2, body: otherBot, user: { login: 'other-app[bot]', type: 'Bot' }, issue_number: 52, html_url: 'https://github.test/c/2' });

    const first = await runPr(52);
    expect(first.code, first.stdout).toBe(0);
    const second = await runPr(52);
    expect(second.code, second.stdout).toBe(0);

    const ours = api.comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(patches().map((r) => r.path)).toEqual([`/repos/acme/shop/issues/comments/${ours[0]!.id}`]);
    expect(api.comments.find((c) => c.id === 2)!.body).toBe(otherBot);
  }, 120_000);
});
