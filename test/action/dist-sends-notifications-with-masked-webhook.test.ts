// dist/index.js run as the runner runs it (INPUT_* variables, an event file, GITHUB_OUTPUT) with
// perf.yml's notify.slack: the webhook URL from ${SLACK_WEBHOOK_URL} is handed to the runner to mask
// (::add-mask::) before anything else is logged, the Slack receiver gets one message whose button
// links to the workflow run, and the URL is in no file the action writes. A webhook that answers 500
// every time ends as a warning; the job still passes.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';
import { startDelayServer, startServer, type TestServer } from '../support/servers.js';

const SLACK_SECRET = 'B07SECRET/zq3Lm0ActionPath';

let target: TestServer;
let slack: TestServer;
let failing: TestServer;
const slackBodies: { url: string; body: string }[] = [];
let dir: string;

beforeAll(async () => {
  target = await startDelayServer(1);
  slack = await startServer((request, response, body) => {
    slackBodies.push({ url: request.url ?? '', body });
    response.end('ok');
  }, { readBody: true });
  failing = await startServer((_request, response) => {
    response.statusCode = 500;
    response.end('down');
  });
  dir = await mkdtemp(join(tmpdir(), 'perf-action-notify-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([target?.close(), slack?.close(), failing?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the action masks the webhook URL, posts to Slack with a link to the run, and warns on a failing webhook', async () => {
  const { action, root } = ensureBuilt();
  const webhookUrl = `${slack.url}/services/T01/${SLACK_SECRET}`;
  await writeFile(
    join(dir, 'perf.yml'),
    [
      'name: shop',
      `target: ${target.url}`,
      'load:',
      '  phases:',
      '    - { duration: 2s, rate: 20 }',
      'notify:',
      '  on: [finish]',
      '  timeout: 3s',
      '  slack: { webhook: "${SLACK_WEBHOOK_URL}" }',
      `  webhook: { url: "${failing.url}/hook" }`,
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'event.json'), JSON.stringify({ repository: { full_name: 'acme/shop', default_branch: 'main' } }));
  await writeFile(join(dir, 'output.txt'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    SLACK_WEBHOOK_URL: webhookUrl,
    INPUT_CONFIG: join(dir, 'perf.yml'),
    INPUT_BASELINE: 'none',
    INPUT_COMMENT: 'never',
    'INPUT_OUT-DIR': join(dir, 'out'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF: 'refs/heads/feature',
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    RUNNER_TEMP: dir,
  };
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [action], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  expect(code, log).toBe(0);

  // The runner is told to mask the URL before the first line that could hold it.
  const maskAt = log.indexOf(`::add-mask::${webhookUrl}`);
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(log.indexOf(webhookUrl)).toBe(maskAt + '::add-mask::'.length);
  // …and the action itself never prints it again (the runner would mask it, but it is not relied on).
  expect(log.split(SLACK_SECRET).length - 1).toBe(1);

  expect(slackBodies).toHaveLength(1);
  expect(slackBodies[0]!.url).toBe(`/services/T01/${SLACK_SECRET}`);
  const message = JSON.parse(slackBodies[0]!.body) as { blocks: { type: string; elements?: { url?: string }[] }[] };
  const actions = message.blocks.find((block) => block.type === 'actions');
  expect(actions?.elements?.map((button) => button.url)).toEqual(['https://github.example/acme/shop/actions/runs/4242', 'https://github.example/acme/shop/actions/runs/4242']);

  expect(log).toMatch(/::warning::webhook notification failed for finish: HTTP 500: down \(4 attempts/);
  expect(log).toContain('slack notification sent for finish (HTTP 200, 1 attempt');

  const files = (await readdir(join(dir, 'out'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  expect(files.map((entry) => entry.name).sort()).toEqual(expect.arrayContaining(['results.json', 'verdict.json']));
  for (const entry of files) expect(await readFile(join(entry.parentPath, entry.name), 'utf8')).not.toContain(SLACK_SECRET);
  expect(await readFile(join(dir, 'output.txt'), 'utf8')).not.toContain(SLACK_SECRET);
}, 120_000);
