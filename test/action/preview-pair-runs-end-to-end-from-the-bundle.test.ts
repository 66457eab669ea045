// The preview pair of example workflows run from dist/index.js as the runner runs it, one after the
// other against one local GitHub (test/support/github-api-server.ts, which also speaks the artifact
// service @actions/artifact uploads to): main-baseline.yml's step on a push to main uploads the
// baseline artifact for real (Twirp calls, block-blob upload), then pr-preview.yml's step on a
// deployment_status event finds the deployment's PR, finds that artifact of the other workflow's run,
// downloads it through the public REST API, compares, and posts one sticky comment naming main's
// run. Each step's inputs and env are read from the example files (expressions resolved from a short
// table), so an edit to an example that breaks the flow breaks this test. What stands in for the
// runner: the config is examples/perf.yml with only its smoke profile shortened (a 7 s plan, not
// 70 s); main's branch preview and the PR's preview are one loopback server on a free port, the
// preview domain resolving to 127.0.0.1 through a preloaded hosts-file stand-in, so allowed-hosts
// '*.preview.example.com' applies as written.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ensureBuilt } from '../support/built-bundle.js';
import { runBundleAction } from '../support/run-bundle-action.js';
import { REPO_ID, startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';
import { startServer, type TestServer } from '../support/servers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PRELOAD = join(ROOT, 'test', 'support', 'preview-hosts-to-loopback.mjs');
const PREVIEW_DOMAIN = 'preview.example.com';
const REPO = 'acme/shop';
const MAIN_SHA = '1'.repeat(40);
const PR_SHA = '2'.repeat(40);
const PR_NUMBER = 7;
const MAIN_RUN = { id: 801, number: 17, backendId: 'run-backend-801' };
const PREVIEW_RUN = { id: 802, number: 3, backendId: 'run-backend-802' };

interface Step {
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; steps: Step[] }>;
}

const readWorkflow = async (name: string): Promise<Workflow> => parse(await readFile(join(ROOT, 'examples', 'workflows', name), 'utf8')) as Workflow;

/** The one perf-action step of a workflow, its ${{ … }} expressions resolved from `values`; an unknown one fails the test. */
function perfStep(workflow: Workflow, file: string, values: Record<string, string>): { inputs: Record<string, string>; env: Record<string, string> } {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps).filter((step) => step.uses?.startsWith('org/perf-action@'));
  expect(steps, file).toHaveLength(1);
  const resolve = (map: Record<string, string | number | boolean> | undefined) =>
    Object.fromEntries(
      Object.entries(map ?? {}).map(([key, value]) => [
        key,
        String(value).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_m, expression: string) => {
          if (expression in values) return values[expression]!;
          throw new Error(`${file}: no value for \${{ ${expression} }}; add it to this test's table`);
        }),
      ]),
    );
  return { inputs: resolve(steps[0]!.with), env: resolve(steps[0]!.env) };
}

/** A runtime token as the runner hands it to @actions/artifact: a JWT whose scope names the run and job backend ids (the signature is not checked by the client). */
function runtimeToken(runBackendId: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead:x Actions.Results:${runBackendId}:job-backend-1` })}.c2ln`;
}

/** What the storefront saw of each request, oldest first (a run here sends a few hundred). */
const arrivals: { host: string; path: string; authorization: string }[] = [];
const MAX_ARRIVALS = 10_000;

/** The storefront examples/perf.yml loads: every route its scenarios call, answering as they expect. */
function storefront(): Promise<TestServer> {
  return startServer(
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (arrivals.length < MAX_ARRIVALS) arrivals.push({ host: req.headers.host ?? '', path, authorization: req.headers.authorization ?? '' });
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        // A few ms, as a real page takes, so the comparison is of latencies and not of timer noise.
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(value));
        }, 3);
      };
      if (req.method === 'GET' && path === '/') return send(200, { ok: true });
      if (req.method === 'GET' && path === '/api/products') return send(200, { items: [{ id: 42 }] });
      if (req.method === 'GET' && path === '/api/products/42') return send(200, { id: 42 });
      if (req.method === 'POST' && path === '/api/login') return send(200, { token: 't0ken' }, { 'set-cookie': 'session=s1; Path=/' });
      if (req.method === 'POST' && path === '/api/cart') return send(201, { ok: true });
      send(404, { error: 'not found' });
    },
    { readBody: true },
  );
}

/** action.yml's input defaults, ${{ github.token }} resolved to the job's token as the runner does. */
async function actionDefaults(): Promise<Record<string, string>> {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => {
      const value = String(spec.default ?? '');
      if (!value.includes('${{')) return [name, value];
      expect(value, `action.yml inputs.${name}`).toBe('${{ github.token }}');
      return [name, 'ghs_local'];
    }),
  );
}

interface StepRun {
  readonly code: number | null;
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

let dir: string;
let workspace: string;
let api: GitHubApiServer;
let target: TestServer;
/** results.json and history.json as main's push run wrote them, to compare with what the preview run downloaded. */
const mainFiles = new Map<string, string>();

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'perf-preview-pair-'));
  workspace = join(dir, 'repo');
  await mkdir(workspace, { recursive: true });
  // The user's perf.yml is the example one; only the smoke profile is cut from 10 s + 1 min to 2 s + 5 s.
  const config = parse(await readFile(join(ROOT, 'examples', 'perf.yml'), 'utf8')) as { profiles: Record<string, { load: unknown }> };
  expect(Object.keys(config.profiles)).toContain('smoke');
  config.profiles.smoke = { load: { phases: [{ name: 'warm-up', duration: '2s', rate: 2, rampTo: 20 }, { name: 'steady', duration: '5s', rate: 20 }] } };
  await writeFile(join(workspace, 'perf.yml'), stringify(config));
  api = await startGitHubApiServer();
  target = await storefront();
  api.uploadRuns.set(MAIN_RUN.backendId, MAIN_RUN.id);
}, 240_000);
afterAll(async () => {
  await target?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** dist/index.js as the runner starts a step: only the runner's variables, the step's env and its INPUT_*. */
async function runStep(name: string, event: string, payload: unknown, step: { inputs: Record<string, string>; env: Record<string, string> }, runner: Record<string, string>): Promise<StepRun> {
  const runDir = join(dir, name);
  const runnerTemp = join(runDir, 'runner-temp');
  await mkdir(runnerTemp, { recursive: true });
  const run = await runBundleAction({
    runDir,
    cwd: workspace,
    event,
    payload,
    env: {
      NODE_OPTIONS: `--import=${PRELOAD}`,
      PERF_TEST_LOOPBACK_DOMAIN: PREVIEW_DOMAIN,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_JOB: 'perf',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      ACTIONS_RESULTS_URL: `${api.url}/`,
      ...runner,
      ...step.env,
    },
    // The runner sets every input action.yml declares: the step's value, else the declared default.
    inputs: { ...(await actionDefaults()), ...step.inputs },
    stepSummary: true,
    timeoutMs: 80_000,
  });
  return { code: run.code, log: run.log, outputs: run.outputs, summary: run.summary };
}

/** pr-preview.yml's step on a successful deployment of `sha` to the Preview environment, whose PR is PR_NUMBER. */
async function runPreview(name: string, sha: string, run: { id: number; number: number; backendId: string }): Promise<StepRun> {
  const workflow = await readWorkflow('pr-preview.yml');
  expect(Object.keys(workflow.on)).toEqual(['deployment_status']);
  const environmentUrl = `http://pr-${PR_NUMBER}.${PREVIEW_DOMAIN}:${target.port}`;
  const payload = {
    deployment_status: { state: 'success', environment: 'Preview', environment_url: environmentUrl },
    deployment: { sha, ref: 'feature/faster-home', environment: 'Preview' },
    repository,
  };
  // The job's filter, as written, lets this event through (and would stop a failed or production one).
  const job = Object.values(workflow.jobs)[0]!;
  expect(job.if).toBe("${{ github.event.deployment_status.state == 'success' && startsWith(github.event.deployment.environment, 'Preview') }}");
  expect(payload.deployment_status.state === 'success' && payload.deployment.environment.startsWith('Preview')).toBe(true);
  const step = perfStep(workflow, 'pr-preview.yml', { ...secrets, 'github.event.deployment_status.environment_url': environmentUrl });
  expect(step.inputs['allowed-hosts']).toBe(`*.${PREVIEW_DOMAIN}`);
  api.commitPulls.set(sha, [PR_NUMBER]);
  api.uploadRuns.set(run.backendId, run.id);
  return runStep(name, 'deployment_status', payload, step, {
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/feature/faster-home',
    GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/pr-preview.yml@refs/heads/feature/faster-home`,
    GITHUB_RUN_ID: String(run.id),
    GITHUB_RUN_NUMBER: String(run.number),
    ACTIONS_RUNTIME_TOKEN: runtimeToken(run.backendId),
  });
}

const secrets = { 'secrets.API_TOKEN': 'placeholder-API_TOKEN' };
const repository = { id: REPO_ID, full_name: REPO, default_branch: 'main' };

describe('the preview pair from dist/index.js', () => {
  it("main-baseline.yml's push to main uploads the baseline artifact through the artifact service", async () => {
    const workflow = await readWorkflow('main-baseline.yml');
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    const step = perfStep(workflow, 'main-baseline.yml', secrets);
    // Main's branch preview, on the same (here: resolved to loopback) preview domain as the PR's.
    expect(step.inputs['target-url']).toBe(`https://main.${PREVIEW_DOMAIN}`);
    step.inputs['target-url'] = `http://main.${PREVIEW_DOMAIN}:${target.port}`;
    const before = target.requests();
    const result = await runStep('push', 'push', { ref: 'refs/heads/main', after: MAIN_SHA, repository }, step, {
      GITHUB_SHA: MAIN_SHA,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/main-baseline.yml@refs/heads/main`,
      GITHUB_RUN_ID: String(MAIN_RUN.id),
      GITHUB_RUN_NUMBER: String(MAIN_RUN.number),
      ACTIONS_RUNTIME_TOKEN: runtimeToken(MAIN_RUN.backendId),
    });
    expect(result.code, result.log).toBe(0);
    expect(target.requests() - before).toBeGreaterThan(50);
    expect(result.log).toContain('Baseline uploaded as perf-baseline-storefront-smoke');
    const uploaded = api.artifacts.get(MAIN_RUN.id) ?? [];
    expect(uploaded.map((a) => a.name)).toEqual(['perf-baseline-storefront-smoke']);
    const zip = api.artifactZips.get(uploaded[0]!.id)!;
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    for (const file of ['results.json', 'verdict.json', 'report.html', 'history.json']) expect(zip.includes(Buffer.from(file)), file).toBe(true);
    // Nothing is posted on a push; the only writes are the upload's.
    expect(api.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/twirp/') && !r.path.startsWith('/_upload/'))).toEqual([]);
    for (const file of ['results.json', 'history.json']) mainFiles.set(file, await readFile(join(workspace, 'perf-results', file), 'utf8'));
    // The run then ends, successfully, as GitHub records it.
    api.runs.push({ id: MAIN_RUN.id, head_sha: MAIN_SHA, head_branch: 'main', created_at: new Date().toISOString(), conclusion: 'success', workflow: 'main-baseline.yml', event: 'push', run_number: MAIN_RUN.number });
  }, 120_000);

  it("pr-preview.yml's deployment_status run finds that artifact of the other workflow and posts one comment naming main's run", async () => {
    expect(api.artifacts.get(MAIN_RUN.id), 'the push run must have uploaded first').toBeDefined();
    const before = target.requests();
    const arrivalsBefore = arrivals.length;
    const result = await runPreview('preview', PR_SHA, PREVIEW_RUN);
    expect(result.code, result.log).toBe(0);
    expect(target.requests() - before).toBeGreaterThan(50);
    // The load went to the preview host by name; pages carry the secret the step's env gave perf.yml.
    const seen = arrivals.slice(arrivalsBefore);
    expect(new Set(seen.map((a) => a.host))).toEqual(new Set([`pr-${PR_NUMBER}.${PREVIEW_DOMAIN}:${target.port}`]));
    const home = seen.filter((a) => a.path === '/');
    expect(home.length).toBeGreaterThan(10);
    // All but the one wait-for-ready probe, which sends no perf.yml headers.
    expect(home.filter((a) => a.authorization !== 'Bearer placeholder-API_TOKEN')).toEqual([{ host: seen[0]!.host, path: '/', authorization: '' }]);

    // Main's artifact was downloaded through the REST API (302 to the blob), and nothing was uploaded.
    const artifactId = api.artifacts.get(MAIN_RUN.id)![0]!.id;
    expect(api.requests.some((r) => r.method === 'GET' && r.path === `/repos/${REPO}/actions/artifacts/${artifactId}/zip`)).toBe(true);
    expect(api.requests.some((r) => r.method === 'GET' && r.path === `/_blobs/artifact-${artifactId}.zip`)).toBe(true);
    expect(api.artifacts.get(PREVIEW_RUN.id)).toBeUndefined();
    // What the preview run unzipped is, byte for byte, what main's run wrote.
    const downloaded = join(dir, 'preview', 'runner-temp', 'perf-action', `perf-baseline-storefront-smoke-${MAIN_RUN.id}`);
    for (const [file, text] of mainFiles) expect(await readFile(join(downloaded, file), 'utf8'), file).toBe(text);
    expect(result.outputs['baseline-sha']).toBe(MAIN_SHA);

    // One sticky comment on the deployment's PR, naming main's run of the other workflow.
    const comments = api.comments.filter((c) => c.issue_number === PR_NUMBER);
    expect(comments).toHaveLength(1);
    expect(result.outputs['comment-url']).toBe(comments[0]!.html_url);
    const body = comments[0]!.body;
    expect(body.startsWith('<!-- perf-action:storefront:perf -->')).toBe(true);
    expect(body).toContain(`[main-baseline.yml run &#35;\u200d${MAIN_RUN.number}](https://github.test/${REPO}/actions/runs/${MAIN_RUN.id}) (push)`);
    expect(body).toContain(MAIN_SHA.slice(0, 7));
    const verdict = JSON.parse(await readFile(join(workspace, 'perf-results', 'verdict.json'), 'utf8')) as {
      baseline?: { origin?: { workflow: string; runId: number; runNumber: number; event: string; commit: string } };
      comparisons: unknown[];
    };
    expect(verdict.baseline?.origin).toMatchObject({ workflow: 'main-baseline.yml', runId: MAIN_RUN.id, runNumber: MAIN_RUN.number, event: 'push', commit: MAIN_SHA });
    // Both runs loaded the same kind of deployment, so the rows compare them: none is set aside for a
    // baseline of another target class, model or plan.
    expect(verdict.comparisons.length).toBeGreaterThan(0);
    expect(body).not.toMatch(/target class differs|ran against a \w+ target|no usable baseline/);
  }, 120_000);

  it('a newer deployment of the same PR keeps the one sticky comment: no second comment is created', async () => {
    expect(api.comments.filter((c) => c.issue_number === PR_NUMBER), 'the first preview run must have commented').toHaveLength(1);
    const posts = () => api.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${REPO}/issues/${PR_NUMBER}/comments`).length;
    const postsBefore = posts();
    const result = await runPreview('preview-again', '3'.repeat(40), { id: 803, number: 4, backendId: 'run-backend-803' });
    expect(result.code, result.log).toBe(0);
    expect(posts()).toBe(postsBefore);
    expect(api.comments.filter((c) => c.issue_number === PR_NUMBER)).toHaveLength(1);
    // on-change: updated in place when the verdict line changed, else left as it was.
    expect(result.log).toMatch(new RegExp(`^Comment (updated|unchanged): https://github\\.test/${REPO}/pull/${PR_NUMBER}#issuecomment-\\d+$`, 'm'));
  }, 120_000);
});
