// A target that echoes the credentials it was sent into its error bodies (as many APIs do on a 401)
// must not get them into anything perf-action writes or prints. The secrets come from ${ENV} in
// http.headers and in a step's own headers; the built CLI runs a baseline and a compared run, so
// results.json, verdict.json, comment.md, report.html and the summary are all written; then every
// file under the output folder and both streams are searched for each secret.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

const API_TOKEN = 'tok-3c9f1d7a52e8b604';
const STEP_KEY = 'key-8e41b7c0d9a2f315';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  // Every answer quotes the credentials back: a 401 on /login, a JSON error on /items.
  server = await startServer((request, response) => {
    const echoed = `invalid token ${String(request.headers.authorization)} / key ${String(request.headers['x-api-key'])}`;
    response.writeHead(request.url === '/login' ? 401 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: echoed, ok: false }));
  });
  dir = await mkdtemp(join(tmpdir(), 'perf-echoed-secret-'));
  await writeFile(
    join(dir, 'perf.yml'),
    [
      'name: echo',
      `target: ${server.url}`,
      'http:',
      '  headers: { authorization: "Bearer ${API_TOKEN}" }',
      'load:',
      '  phases:',
      '    - { name: steady, duration: 3s, rate: 40 }',
      'scenarios:',
      '  - name: login',
      '    steps:',
      '      - { name: login, get: /login, headers: { x-api-key: "${STEP_KEY}" } }',
      '  - name: browse',
      '    steps:',
      '      - name: items',
      '        get: /items',
      '        headers: { x-api-key: "${STEP_KEY}" }',
      '        expect: { json: { "$.error": "none" } }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('credentials echoed by the target reach no file and no output line', async () => {
  const { cli } = ensureBuilt();
  const env = { API_TOKEN, STEP_KEY };
  // The 401 on /login and the failed JSON expectation on /items each carry the echoed body.
  const main = await runCli(cli, ['run', '-c', 'perf.yml', '--out', 'main', '--seed', '3'], { cwd: dir, env, timeoutMs: 60_000 });
  const pr = await runCli(cli, ['run', '-c', 'perf.yml', '--out', 'pr', '--baseline', 'main/results.json', '--seed', '4', '--summary-json', 'pr/summary.json'], {
    cwd: dir,
    env,
    timeoutMs: 60_000,
  });
  expect(main.timedOut || pr.timedOut).toBe(false);
  expect([main.code, pr.code]).toEqual([0, 0]);
  expect(server.requests()).toBeGreaterThan(0);

  const files = await filesUnder(dir);
  const written = files.filter((file) => !file.endsWith('perf.yml'));
  expect(written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(
    expect.arrayContaining(['main/results.json', 'pr/results.json', 'pr/verdict.json', 'pr/comment.md', 'pr/report.html', 'pr/summary.json']),
  );
  // The samples really were recorded (redacted), so the search below is not vacuous.
  const results = await readFile(join(dir, 'pr', 'results.json'), 'utf8');
  expect(results).toContain('invalid token');
  expect(results).toContain('***');
  for (const file of written) {
    const text = await readFile(file, 'utf8');
    for (const secret of [API_TOKEN, STEP_KEY]) {
      expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
      // JSON or HTML escaping must not let it through in another spelling either.
      expect(text.includes(JSON.stringify(secret).slice(1, -1)), `${secret} (escaped) in ${file}`).toBe(false);
    }
  }
  for (const stream of [main.stdout, main.stderr, pr.stdout, pr.stderr]) {
    expect(stream).not.toContain(API_TOKEN);
    expect(stream).not.toContain(STEP_KEY);
  }
}, 120_000);
