// `perf-action run -c perf.yml`: the loader's PerfConfig drives the engine; --target replaces the
// file's target; --profile picks a load profile; a bad file fails with exit 2 before any request.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.js';
import { makeIo } from '../support/cli-io.js';
import { exitCodeFor } from '../../src/errors.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { startDelayServer, type TestServer } from '../support/servers.js';

let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});


const PERF_YML = `name: shop
target: \${TARGET}
load:
  phases:
    - { duration: 1s, rate: 20 }
profiles:
  smoke:
    load:
      phases:
        - { duration: 1s, rate: 10 }
scenarios:
  - name: browse
    steps:
      - { name: home, get: / }
      - { think: 10ms }
      - { name: list, get: /products, query: { page: "2" } }
`;

test('a perf.yml with two named steps and a think step runs both endpoints', async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-c-'));
  await writeFile(join(dir, 'perf.yml'), PERF_YML);
  const code = await runCommand.run(['-c', 'perf.yml', '--seed', '1'], makeIo(dir, { env: { TARGET: server.url } }));
  expect(code).toBe(0);
  const result = validateRunResult(JSON.parse(await readFile(join(dir, 'perf-results', 'results.json'), 'utf8')), 'results.json');
  expect(result.meta.configName).toBe('shop');
  expect(result.endpoints.map((e) => [e.name, e.requests.reduce((a, b) => a + b, 0)])).toEqual([
    ['home', 20],
    ['list', 20],
  ]);
  expect(server.requests()).toBe(40);
  expect(server.seenHeaders.some((headers) => headers['x-request-id'] !== undefined)).toBe(true);
});

test('--profile picks the load profile and --target replaces the target', async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-c-'));
  await writeFile(join(dir, 'perf.yml'), PERF_YML);
  const code = await runCommand.run(['-c', 'perf.yml', '--profile', 'smoke', '--target', server.url, '--out', 'o'], makeIo(dir, { env: { TARGET: 'http://127.0.0.1:9' } }));
  expect(code).toBe(0);
  const result = validateRunResult(JSON.parse(await readFile(join(dir, 'o', 'results.json'), 'utf8')), 'results.json');
  expect(result.meta.profile).toBe('smoke');
  expect(result.plan.plannedRequests).toBe(10);
  expect(server.requests()).toBe(20);
});

test('a bad perf.yml is a config error (exit 2) and nothing is sent', async () => {
  server = await startDelayServer(0);
  dir = await mkdtemp(join(tmpdir(), 'perf-run-c-'));
  await writeFile(join(dir, 'perf.yml'), PERF_YML.replace('rate: 20', 'rate: fifty'));
  const error = await runCommand.run(['-c', 'perf.yml'], makeIo(dir, { env: { TARGET: server.url } })).catch((thrown: unknown) => thrown);
  expect(exitCodeFor(error)).toBe(2);
  expect((error as Error).message).toContain('load.phases[0].rate');
  expect(server.requests()).toBe(0);
});
