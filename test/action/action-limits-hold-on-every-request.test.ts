// The action's allowed-hosts and max-rate inputs reach the engine, through dist/index.js as the
// runner runs it (INPUT_* variables, an event file, no GitHub token, no comment): a perf.yml whose
// step follows a value the target answers with, pointing at a second loopback host, sends it nothing
// and counts blocked-host; ten closed-model VUs run at the max-rate input, not as fast as they can.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunResult } from '../../src/results/types.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { startServer, type TestServer } from '../support/servers.js';

let target: TestServer;
let victim: TestServer;
let dir: string;

beforeAll(async () => {
  victim = await startServer((_req, res) => res.end('stolen'), { host: '127.0.0.2' });
  target = await startServer((req, res) => {
    if (req.url === '/next') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ next: `/127.0.0.2:${victim.port}/x` }));
    }
    res.end('ok');
  });
  dir = await mkdtemp(join(tmpdir(), 'perf-action-limits-'));
  ensureBuilt();
}, 600_000);

afterAll(async () => {
  await Promise.all([target?.close(), victim?.close()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function runAction(name: string, config: string, inputs: Record<string, string>): Promise<{ code: number | null; log: string; result: RunResult }> {
  const { action } = ensureBuilt();
  const runDir = join(dir, name);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'perf.yml'), config);
  await writeFile(join(runDir, 'event.json'), JSON.stringify({ repository: { full_name: 'acme/shop', default_branch: 'main' } }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runDir,
    INPUT_CONFIG: join(runDir, 'perf.yml'),
    INPUT_BASELINE: 'none',
    INPUT_COMMENT: 'never',
    'INPUT_OUT-DIR': join(runDir, 'out'),
    'INPUT_FAIL-ON': 'none',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: join(runDir, 'event.json'),
    GITHUB_REF: 'refs/heads/feature',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_OUTPUT: join(runDir, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(runDir, 'summary.md'),
    RUNNER_TEMP: runDir,
    GITHUB_WORKSPACE: runDir,
  };
  await writeFile(env.GITHUB_OUTPUT!, '');
  await writeFile(env.GITHUB_STEP_SUMMARY!, '');
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [action], { cwd: runDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 60_000);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const result = JSON.parse(await readFile(join(runDir, 'out', 'results.json'), 'utf8')) as RunResult;
  return { code, log, result };
}

const sum = (counts: readonly number[] | undefined): number => (counts ?? []).reduce((total, count) => total + count, 0);

test('allowed-hosts: a captured way to another host is blocked as it leaves', async () => {
  const before = victim.requests();
  const config = [
    'name: escape',
    `target: ${target.url}`,
    'load:',
    '  phases:',
    '    - { name: steady, duration: 2s, rate: 10 }',
    'scenarios:',
    '  - name: s',
    '    steps:',
    '      - { name: first, get: /next, capture: { next: "$.next" } }',
    '      - { name: out, get: "/{{ next }}" }',
    '',
  ].join('\n');
  const { code, log, result } = await runAction('hosts', config, { 'ALLOWED-HOSTS': `127.0.0.1:${target.port}` });
  expect(code, log).toBe(0);
  expect(victim.requests()).toBe(before);
  const out = result.endpoints.find((series) => series.name === 'out')!;
  expect(sum(out.errors['blocked-host'])).toBeGreaterThanOrEqual(15);
  expect(sum(out.errors['blocked-host'])).toBe(sum(out.requests));
  expect(out.errorSamples['blocked-host']).toContain(`http://127.0.0.2:${victim.port}/x`);
}, 120_000);

test('max-rate: ten closed-model VUs are held to the input', async () => {
  const config = [
    'name: capped',
    `target: ${target.url}`,
    'load:',
    '  model: closed',
    '  phases:',
    '    - { name: steady, duration: 5s, vus: 10 }',
    'scenarios:',
    '  - name: s',
    '    steps:',
    '      - { name: hit, get: /hit }',
    '',
  ].join('\n');
  const { code, log, result } = await runAction('rate', config, { 'MAX-RATE': '40', 'ALLOWED-HOSTS': `127.0.0.1:${target.port}` });
  expect(code, log).toBe(0);
  const achievedRate = sum(result.total.requests) / result.plan.durationSec;
  expect(Math.abs(achievedRate - 40) / 40).toBeLessThan(0.05);
  expect(result.generator.throttle?.maxRate).toBe(40);
}, 120_000);
