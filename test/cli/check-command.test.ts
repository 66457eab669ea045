// `perf-action check`: validates perf.yml as `run` loads it, prints the plan, sends nothing; exit 0 or
// 2 with the problems named. The target is a live loopback server, so "nothing sent" is counted.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeIo } from '../support/cli-io.js';
import { startDelayServer, type TestServer } from '../support/servers.js';

const PERF_YML = `name: shop
target: \${PREVIEW_URL}
http:
  headers: { authorization: "Bearer \${API_TOKEN}" }
load:
  phases:
    - { name: warm-up, duration: 10s, rate: 2, rampTo: 20 }
    - { name: steady, duration: 1m, rate: 20 }
profiles:
  full:
    load:
      model: closed
      phases:
        - { name: steady, duration: 10m, vus: 30 }
scenarios:
  - name: browse
    steps:
      - { name: home, get: / }
      - { name: list, get: /products }
slo:
  - { name: fast, latency: { threshold: 300ms, objective: 99% } }
`;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-check-'));
  await writeFile(join(dir, 'perf.yml'), PERF_YML);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function check(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = makeIo(dir, { env });
  const code = await main(['check', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('a valid config', () => {
  test('prints phases, rates, durations, endpoints and SLOs, exit 0, and sends nothing', async () => {
    const { code, out } = await check(['-c', 'perf.yml'], { PREVIEW_URL: server.url, API_TOKEN: 'tok-123' });
    expect(code).toBe(0);
    expect(out).toContain(`target ${server.url}`);
    expect(out).toMatch(/warm-up\s+10 s\s+2 → 20 req\/s\s+\(ramp/);
    expect(out).toMatch(/steady\s+1 min\s+20 req\/s/);
    // 10 s ramping 2 → 20 (110) + 60 s at 20 (1,200)
    expect(out).toContain('about 1,310 requests scheduled');
    expect(out).toContain('home (GET /) → list (GET /products)');
    expect(out).toContain('fast: 99 % of all endpoints within 300 ms');
    expect(out).not.toContain('tok-123');
    expect(out).toContain('abort unreachable after 5 s (exit 3)');
    expect(out).toMatch(/^bounds every request ends within \d+ ms of its scheduled start; the run by .* \(plan \+ timeout\) · bodies kept up to 4,194,304 bytes$/m);
    expect(server.requests()).toBe(0);
  });

  test('--profile prints the profile’s load (closed model, VUs)', async () => {
    const { code, out } = await check(['-c', 'perf.yml', '--profile', 'full'], { PREVIEW_URL: server.url, API_TOKEN: 't' });
    expect(code).toBe(0);
    expect(out).toContain('profile full');
    expect(out).toMatch(/steady\s+10 min\s+30 VUs/);
  });

  test('--target replaces the target, so its unset ${PREVIEW_URL} is not an error', async () => {
    const { code, out } = await check(['-c', 'perf.yml', '--target', 'https://pr-7.preview.example.com'], { API_TOKEN: 't' });
    expect(code).toBe(0);
    expect(out).toContain('target https://pr-7.preview.example.com');
  });

  test('limits within bounds are named and pass', async () => {
    const { code, out } = await check(['-c', 'perf.yml', '--target', 'https://pr-7.preview.example.com', '--allowed-hosts', '*.preview.example.com', '--max-rate', '100', '--max-duration', '5m'], { API_TOKEN: 't' });
    expect(code).toBe(0);
    expect(out).toContain('limits allowed hosts *.preview.example.com · max rate 100 req/s · max duration 5 min: within');
  });
});

describe('a config with pushes', () => {
  test('names each push by field and host only, and checks --push-hosts', async () => {
    await writeFile(join(dir, 'pushes.yml'), PERF_YML + 'notify:\n  slack: { webhook: "${SLACK_WEBHOOK_URL}" }\nexports:\n  loki: { url: "https://logs.example.com" }\n');
    const env = { API_TOKEN: 't', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/xoxSecretPath' };
    const target = ['--target', 'https://pr-7.preview.example.com', '--allowed-hosts', '*.preview.example.com'];
    const allowed = await check(['-c', 'pushes.yml', ...target, '--push-hosts', 'hooks.slack.com,logs.example.com'], env);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('pushes notify.slack.webhook → hooks.slack.com, exports.loki.url → logs.example.com\n');
    expect(allowed.out).toContain('limits allowed hosts *.preview.example.com · push hosts hooks.slack.com, logs.example.com: within');
    const refused = await check(['-c', 'pushes.yml', ...target], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('notify.slack.webhook: host "hooks.slack.com" is not an allowed push host (push-hosts: none)');
    for (const run of [allowed, refused]) expect(run.out + run.err).not.toContain('xoxSecretPath');
  });
});

describe('a config that would not run: exit 2, problems named, no stack', () => {
  test.each([
    [['-c', 'perf.yml'], { API_TOKEN: 't' }, 'target: environment variable PREVIEW_URL is not set'],
    [['-c', 'perf.yml', '--target', 'http://127.0.0.1:1'], {}, 'http.headers.authorization: environment variable API_TOKEN is not set'],
    [['-c', 'perf.yml', '--profile', 'fulll', '--target', 'http://127.0.0.1:1'], { API_TOKEN: 't' }, 'profile "fulll" not found'],
    [['-c', 'perf.yml', '--target', 'ftp://x'], { API_TOKEN: 't' }, '--target: expected an absolute http:// or https:// URL'],
    [['-c', 'perf.yml', '--target', 'http://127.0.0.1:1', '--max-rate', '10'], { API_TOKEN: 't' }, 'load.phases[0].rampTo (warm-up): 20 req/s is above the allowed maximum of 10 req/s'],
    [['-c', 'perf.yml', '--target', 'http://127.0.0.1:1', '--max-duration', '1m'], { API_TOKEN: 't' }, 'above the allowed maximum of 60s'],
    [['-c', 'perf.yml', '--target', 'http://127.0.0.1:1', '--allowed-hosts', 'example.com'], { API_TOKEN: 't' }, 'target: host "127.0.0.1:1" is not an allowed host'],
    [['-c', 'perf.yml', '--max-rate', 'lots'], {}, '--max-rate: expected a number'],
    [['-c', 'missing.yml'], {}, 'config file not found'],
    [[], {}, 'check: give the config file with -c'],
    [['-c', 'perf.yml', '--rate', '5'], {}, "Unknown option '--rate'"],
  ] as const)('%j', async (args, env, problem) => {
    const { code, out, err } = await check([...args], { ...env });
    expect(code).toBe(2);
    expect(err).toContain(problem);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe('');
    expect(server.requests()).toBe(0);
  });
});
