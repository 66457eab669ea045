// The built bundle run as the runner runs it: INPUT_* variables, an event file, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, octokit pointed at a local REST server, a loopback target.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort, startDelayServer, type TestServer } from '../support/servers.js';
import { startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { runBundleAction } from '../support/run-bundle-action.js';

let dir: string;
let target: TestServer;
let api: GitHubApiServer;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'perf-dist-'));
  target = await startDelayServer(5);
  api = await startGitHubApiServer();
}, 200_000);
afterAll(async () => {
  await target?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** 3 s ramp then 5 s steady at 50 req/s; the SLO threshold decides pass or fail (the target answers in ~5 ms). */
function perfYml(thresholdMs: number): string {
  return `name: shop
target: \${TARGET}
load:
  phases:
    - { name: ramp, duration: 3s, rate: 5, rampTo: 50 }
    - { name: steady, duration: 5s, rate: 50 }
scenarios:
  - name: browse
    steps:
      - { name: home, get: / }
slo:
  - name: home is fast
    endpoints: [home]
    latency: { threshold: ${thresholdMs}ms, objective: 99% }
`;
}

interface DistRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

let runCount = 0;
async function runDist(name: string, config: string, inputs: Record<string, string>, options: { sigtermAfterMs?: number; env?: Record<string, string> } = {}): Promise<DistRun & { elapsedMs: number; outDir: string }> {
  const runDir = join(dir, `${name}-${++runCount}`);
  const configPath = join(runDir, 'perf.yml');
  await mkdir(runDir, { recursive: true });
  await writeFile(configPath, config);
  const run = await runBundleAction({
    runDir,
    event: 'pull_request',
    payload: {
      pull_request: { number: 42, head: { sha: 'a'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } } },
      repository: { full_name: 'acme/shop', default_branch: 'main' },
    },
    env: {
      HOME: process.env.HOME ?? runDir,
      TARGET: target.url,
      INPUT_CONFIG: configPath,
      INPUT_BASELINE: 'none',
      INPUT_COMMENT: 'always',
      'INPUT_GITHUB-TOKEN': 'x',
      'INPUT_OUT-DIR': join(runDir, 'out'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: api.url,
      GITHUB_JOB: 'perf',
      RUNNER_TEMP: runDir,
      GITHUB_WORKSPACE: runDir,
      ...options.env,
    },
    inputs,
    stepSummary: true,
    timeoutMs: 50_000,
    ...(options.sigtermAfterMs === undefined ? {} : { sigtermAfterMs: options.sigtermAfterMs }),
  });
  return { code: run.code, stdout: run.log, outputs: run.outputs, summary: run.summary, elapsedMs: run.elapsedMs, outDir: join(runDir, 'out') };
}

/**
 * The analysis makes every row inconclusive when the generator itself lagged (p99 > 5 ms), which a
 * 2-core machine shared with other test runs can cause; such a run is repeated once, and a second
 * saturated run fails the test.
 */
async function runDistUnsaturated(name: string, config: string, inputs: Record<string, string>): Promise<DistRun> {
  const first = await runDist(name, config, inputs);
  if (!first.stdout.includes('(generator saturated)')) return first;
  return runDist(name, config, inputs);
}

describe('dist/index.js on a pull_request event', () => {
  it('a failing SLO with fail-on slo: outputs, summary, comment posted, exit 1', async () => {
    const before = target.requests();
    const result = await runDistUnsaturated('fail', perfYml(1), { 'FAIL-ON': 'slo' });
    expect(result.code, result.stdout).toBe(1);
    expect(target.requests() - before).toBeGreaterThan(200);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs.slo).toBe('fail');
    expect(result.outputs.regression).toBe('inconclusive');
    expect(Number(result.outputs['p95-ms'])).toBeGreaterThan(1);
    expect(Number(result.outputs['p95-ms'])).toBeLessThan(1000);
    expect(Number(result.outputs['error-ratio'])).toBe(0);
    expect(result.outputs['results-path']).toMatch(/out\/results\.json$/);
    expect(result.outputs['comment-url']).toMatch(/\/pull\/42#issuecomment-\d+$/);
    expect(result.summary).toContain('<!-- perf-action:shop:perf -->');
    expect(result.summary).toMatch(/\|.*home.*\|/);
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/shop/issues/42/comments');
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect((posts[0]!.body as { body: string }).body.startsWith('<!-- perf-action:shop:perf -->')).toBe(true);
    expect(api.comments).toHaveLength(1);
    expect(result.stdout).toContain('::error title=perf-action%3A shop::SLO "home is fast" failed');
  }, 60_000);

  it('the same failing SLO with fail-on none exits 0 and updates the comment in place', async () => {
    const posts = () => api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments')).length;
    const postsBefore = posts();
    const patchesBefore = api.requests.filter((r) => r.method === 'PATCH').length;
    const result = await runDistUnsaturated('none', perfYml(1), { 'FAIL-ON': 'none' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.slo).toBe('fail');
    expect(posts()).toBe(postsBefore);
    expect(api.requests.filter((r) => r.method === 'PATCH').length).toBeGreaterThan(patchesBefore);
    expect(api.comments[0]!.body).toContain('Earlier runs on this PR');
    expect(api.comments).toHaveLength(1);
  }, 60_000);

  it('SIGTERM stops the load early, the results gathered so far are still written, and the step fails saying so', async () => {
    const before = target.requests();
    const result = await runDist('sigterm', perfYml(1000), { 'FAIL-ON': 'none' }, { sigtermAfterMs: 4000 });
    // A cancelled job's step is not a pass, whatever fail-on says.
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/::error::interrupted by SIGTERM.*\[PA_SIGTERM\]/);
    // The plan lasts 8 s; a stop at 4 s plus the 1 s grace ends well before it.
    expect(result.elapsedMs).toBeLessThan(7500);
    const written = JSON.parse(await readFile(join(result.outDir, 'results.json'), 'utf8')) as { total: { requests: number[] } };
    const sent = written.total.requests.reduce((a, b) => a + b, 0);
    expect(sent).toBe(target.requests() - before);
    expect(sent).toBeGreaterThan(20);
    expect(sent).toBeLessThan(250);
  }, 60_000);

  it('an unreachable target fails the step fast, naming the cause; results are written, no comment is posted', async () => {
    const port = await refusedPort();
    const postsBefore = api.requests.filter((r) => r.method === 'POST').length;
    const result = await runDist('unreachable', perfYml(1000), { 'FAIL-ON': 'none' }, { env: { TARGET: `http://127.0.0.1:${port}` } });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(`::error::target unreachable: ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.stdout).toContain('[PA_TARGET]');
    // The 3 s ramp and 5 s steady plan is cut at the 5 s unreachable check (plus the stop grace).
    expect(result.elapsedMs).toBeLessThan(8_000);
    const written = JSON.parse(await readFile(join(result.outDir, 'results.json'), 'utf8')) as { meta: { stoppedBy?: string } };
    expect(written.meta.stoppedBy).toBe('unreachable');
    expect(api.requests.filter((r) => r.method === 'POST').length).toBe(postsBefore);
  }, 60_000);

  it('a target outside allowed-hosts is refused before any request', async () => {
    const before = target.requests();
    const result = await runDist('hosts', perfYml(1000), { 'ALLOWED-HOSTS': 'api.example.com' });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('::error::');
    expect(result.stdout).toContain('is not an allowed host');
    expect(result.stdout).toContain('[PA_LIMIT]');
    expect(target.requests()).toBe(before);
    expect(result.outputs.verdict).toBeUndefined();
  }, 60_000);

  it('a rate above max-rate is refused before any request', async () => {
    const before = target.requests();
    const result = await runDist('rate', perfYml(1000), { 'MAX-RATE': '20' });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('above the allowed maximum of 20 req/s');
    expect(target.requests()).toBe(before);
  }, 60_000);
});
