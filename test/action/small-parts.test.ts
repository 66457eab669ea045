import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { prepareConfig } from '../../src/action/main.js';
import { isDefaultBranchRun, readEventContext } from '../../src/action/context.js';
import { actionOutputs, verdictAnnotations } from '../../src/action/outputs.js';
import { waitForReady } from '../../src/action/ready.js';
import { shardArtifactName, shardConfig } from '../../src/action/shard.js';
import { loadConfigText } from '../../src/config/load.js';
import { storefrontVerdict } from '../support/fixtures-verdict.js';
import { startServer } from '../support/servers.js';

describe('readEventContext', () => {
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '991',
    GITHUB_JOB: 'perf',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/perf.yml@refs/heads/main',
  };

  it('reads a push to the default branch', () => {
    const context = readEventContext({ ...env, GITHUB_EVENT_NAME: 'push' }, { repository: { full_name: 'acme/shop', default_branch: 'main' } });
    expect(context).toMatchObject({ eventName: 'push', repo: { owner: 'acme', repo: 'shop' }, defaultBranch: 'main', workflowFile: 'perf.yml', runId: 991, job: 'perf' });
    expect(isDefaultBranchRun(context)).toBe(true);
    expect(isDefaultBranchRun({ ...context, ref: 'refs/heads/feature' })).toBe(false);
    expect(isDefaultBranchRun({ ...context, eventName: 'pull_request' })).toBe(false);
  });

  it('reads a deployment URL and a workflow_run', () => {
    expect(readEventContext({ GITHUB_EVENT_NAME: 'deployment_status' }, { deployment_status: { environment_url: 'https://pr-1.preview.example.com' } }).deploymentUrl).toBe(
      'https://pr-1.preview.example.com',
    );
    expect(readEventContext({ GITHUB_EVENT_NAME: 'workflow_run' }, { workflow_run: { id: 5, head_sha: 'abc', event: 'pull_request', conclusion: 'success' } }).workflowRun).toEqual({
      id: 5,
      headSha: 'abc',
      event: 'pull_request',
      conclusion: 'success',
    });
    expect(readEventContext({}, 'garbage')).toEqual({ eventName: '', serverUrl: 'https://github.com' });
  });
});

describe('outputs and annotations', () => {
  it('maps the verdict to every output', () => {
    const outputs = actionOutputs(storefrontVerdict(), { resultsPath: '/o/results.json', reportPath: '/o/report.html', commentUrl: 'https://c', baselineSha: 'abc' });
    expect(outputs).toEqual({
      verdict: 'fail',
      slo: 'inconclusive',
      regression: 'fail',
      'p50-ms': '33',
      'p95-ms': '101',
      'p99-ms': '170',
      'error-ratio': '0.0001',
      'results-path': '/o/results.json',
      'report-path': '/o/report.html',
      'comment-url': 'https://c',
      'baseline-sha': 'abc',
    });
  });

  it('errors for failed rows, warnings for validity reasons', () => {
    const base = storefrontVerdict();
    const verdict = storefrontVerdict({
      slos: [{ ...base.slos[0]!, outcome: 'fail', sli: 0.95, good: 95, valid: 100 }],
      validity: { ...base.validity, reasons: ['current run: generator lag p99 8.0 ms is above 5 ms (generator saturated)'] },
    });
    expect(verdictAnnotations(verdict)).toEqual([
      { level: 'error', message: 'SLO "pages are fast" failed: 95.00 % good (95 of 100), objective 99.00 %' },
      { level: 'error', message: 'Regression: product p95 100.0 → 118.0 ms: ratio 1.18 with interval 1.12 … 1.24 against tolerance 10 %' },
      { level: 'warning', message: 'Inconclusive: current run: generator lag p99 8.0 ms is above 5 ms (generator saturated)' },
    ]);
  });
});

describe('shardConfig', () => {
  const open = loadConfigText('name: api\ntarget: http://127.0.0.1:1\nload:\n  maxInFlight: 100\n  phases:\n    - { duration: 2s, rate: 10, rampTo: 90 }\n    - { duration: 5s, rate: 90 }\nscenarios:\n  - { name: s, steps: [{ get: / }] }\n', { env: {} });
  it('divides open-model rates and names the shard artifact', () => {
    const shard = shardConfig(open, 1, 3);
    expect(shard.load.phases.map((p) => [p.rate, p.rampTo])).toEqual([
      [10 / 3, 30],
      [30, undefined],
    ]);
    expect(shard.load.maxInFlight).toBe(34);
    expect(shard.labels.shard).toBe('2/3');
    expect(open.load.phases[1]!.rate).toBe(90);
    expect(shardArtifactName(open, 1)).toBe('perf-shard-api-1');
  });

  it('splits closed-model users with the remainder to the lowest indexes', () => {
    const closed = loadConfigText('name: api\ntarget: http://127.0.0.1:1\nload:\n  model: closed\n  phases:\n    - { duration: 5s, vus: 10 }\nscenarios:\n  - { name: s, steps: [{ get: / }] }\n', { env: {} });
    expect([0, 1, 2].map((i) => shardConfig(closed, i, 3).load.phases[0]!.vus)).toEqual([4, 3, 3]);
  });
});

describe('waitForReady', () => {
  it('polls until the target answers 2xx', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls++;
      res.statusCode = calls < 3 ? 503 : 200;
      res.end();
    });
    try {
      expect(await waitForReady(server.url, { timeoutMs: 5000, intervalMs: 20 })).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('checks the certificate unless the run is insecure, and says why a try failed', async () => {
    const server = await startServer((_req, res) => res.end('ok'), { tls: true });
    const lines: string[] = [];
    try {
      const error = await waitForReady(server.url, { timeoutMs: 300, intervalMs: 50, log: (line) => lines.push(line) }).catch((e: unknown) => e);
      expect((error as { code: string }).code).toBe('PA_TARGET');
      // Node may append a hint ("; if the root CA is installed locally, try … --use-system-ca").
      expect((error as Error).message).toMatch(/last: fetch failed: self[- ]signed certificate[^)]*\)$/);
      expect(lines[0]).toMatch(/not ready \(fetch failed: self[- ]signed certificate[^)]*\); attempt 1$/);
      expect(server.requests()).toBe(0);
      expect(await waitForReady(server.url, { timeoutMs: 5000, intervalMs: 50, insecureTls: true })).toBe(1);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reports the last answer, not the attempt the deadline itself cut short', async () => {
    // Every answer takes 150 ms, so the deadline almost always falls inside an attempt.
    const server = await startServer((_req, res) => {
      setTimeout(() => {
        res.statusCode = 503;
        res.end();
      }, 150);
    });
    try {
      const error = await waitForReady(server.url, { timeoutMs: 1_000, intervalMs: 20 }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/\(\d+ attempts; last: HTTP 503\)$/);
    } finally {
      await server.close();
    }
  });

  it('gives up after its time with a TargetError', async () => {
    const server = await startServer((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    try {
      const error = await waitForReady(server.url, { timeoutMs: 1_000, intervalMs: 20 }).catch((e: unknown) => e);
      expect((error as { code: string }).code).toBe('PA_TARGET');
      expect((error as Error).message).toMatch(/did not answer 2xx or 3xx within 1000 ms \(\d+ attempts; last: HTTP 500\)$/);
    } finally {
      await server.close();
    }
  });
});

describe('prepareConfig', () => {
  const inputsOf = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');
  const setup = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'perf-prepare-'));
    const file = join(folder, 'perf.yml');
    await writeFile(file, 'name: api\ntarget: http://127.0.0.1:9\nhttp:\n  headers:\n    authorization: Bearer ${TOKEN}\nload:\n  phases:\n    - { duration: 2s, rate: 10 }\nscenarios:\n  - { name: s, steps: [{ get: / }] }\n');
    return { folder, file };
  };

  it('takes the deployment URL on deployment_status, and needs allowed-hosts or confirm for a remote host', async () => {
    const { folder, file } = await setup();
    try {
      const context = readEventContext({ GITHUB_EVENT_NAME: 'deployment_status' }, { deployment_status: { environment_url: 'https://pr-9.preview.example.com' } });
      const refused = await prepareConfig(inputsOf({ config: file, comment: 'never' }), context, { TOKEN: 's3cret' }).catch((e: unknown) => e);
      expect((refused as { code: string }).code).toBe('PA_LIMIT');
      expect((refused as Error).message).toBe('inputs allowed-hosts, confirm: target "https://pr-9.preview.example.com" is not loopback; list its host in allowed-hosts or set confirm: true');
      const allowed = await prepareConfig(inputsOf({ config: file, comment: 'never', 'allowed-hosts': '*.preview.example.com' }), context, { TOKEN: 's3cret' });
      expect(allowed.target).toBe('https://pr-9.preview.example.com');
      const overridden = await prepareConfig(inputsOf({ config: file, comment: 'never', 'target-url': 'http://127.0.0.1:8080' }), context, { TOKEN: 's3cret' });
      expect(overridden.target).toBe('http://127.0.0.1:8080');
      const wrongHost = await prepareConfig(inputsOf({ config: file, comment: 'never', 'allowed-hosts': 'api.example.com' }), context, { TOKEN: 's3cret' }).catch((e: unknown) => e);
      expect((wrongHost as { problems: string[] }).problems).toEqual(['target: host "pr-9.preview.example.com" is not an allowed host (allowed: api.example.com)']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('the deployment URL or target-url stands in for an unset ${PREVIEW_URL} target', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'perf-prepare-'));
    const file = join(folder, 'perf.yml');
    await writeFile(file, 'name: api\ntarget: ${PREVIEW_URL}\nload:\n  phases:\n    - { duration: 2s, rate: 10 }\n');
    try {
      const deployment = readEventContext({ GITHUB_EVENT_NAME: 'deployment_status' }, { deployment_status: { environment_url: 'https://pr-9.preview.example.com' } });
      const fromEvent = await prepareConfig(inputsOf({ config: file, comment: 'never', 'allowed-hosts': '*.preview.example.com' }), deployment, {});
      expect(fromEvent.target).toBe('https://pr-9.preview.example.com');
      const fromInput = await prepareConfig(inputsOf({ config: file, comment: 'never', 'target-url': 'http://127.0.0.1:8080' }), readEventContext({}, {}), {});
      expect(fromInput.target).toBe('http://127.0.0.1:8080');
      const neither = await prepareConfig(inputsOf({ config: file, comment: 'never' }), readEventContext({}, {}), {}).catch((e: unknown) => e);
      expect((neither as { code: string }).code).toBe('PA_CONFIG');
      expect((neither as { problems: string[] }).problems[0]).toMatch(/^target: environment variable PREVIEW_URL is not set/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('masks secret header values', async () => {
    const { folder, file } = await setup();
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await prepareConfig(inputsOf({ config: file, comment: 'never' }), readEventContext({}, {}), { TOKEN: 's3cret' });
    } finally {
      process.stdout.write = write;
      await rm(folder, { recursive: true, force: true });
    }
    expect(written.join('')).toContain('::add-mask::Bearer s3cret');
    expect(written.join('')).toContain('::add-mask::s3cret\n');
  });
});
