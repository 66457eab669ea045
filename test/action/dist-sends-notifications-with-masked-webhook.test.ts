// dist/index.js run as the runner runs it (INPUT_* variables, an event file, GITHUB_OUTPUT) with
// perf.yml's notify.slack: the webhook URL from ${SLACK_WEBHOOK_URL} is handed to the runner to mask
// (::add-mask::) before anything else is logged, the Slack receiver gets one message whose button
// links to the workflow run, and the URL is in no file the action writes. A webhook that answers 500
// every time ends as a warning; the job still passes. With allowed-hosts set, a push to a host not in
// push-hosts is refused before the load, so perf.yml cannot send the run's ${ENV} values elsewhere.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runBundleAction } from '../support/run-bundle-action.js';
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

/** dist/index.js with the runner's variables for a workflow_dispatch run, perf.yml in `runDir`. */
async function runAction(runDir: string, extraEnv: Record<string, string>): Promise<{ code: number | null; log: string }> {
  const run = await runBundleAction({
    runDir,
    event: 'workflow_dispatch',
    payload: { repository: { full_name: 'acme/shop', default_branch: 'main' } },
    env: {
      HOME: process.env.HOME ?? runDir,
      INPUT_CONFIG: join(runDir, 'perf.yml'),
      INPUT_BASELINE: 'none',
      INPUT_COMMENT: 'never',
      'INPUT_OUT-DIR': join(runDir, 'out'),
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '4242',
      GITHUB_REF: 'refs/heads/feature',
      RUNNER_TEMP: runDir,
      ...extraEnv,
    },
    timeoutMs: 50_000,
  });
  return { code: run.code, log: run.log };
}

test('the action masks the webhook URL, posts to Slack with a link to the run, and warns on a failing webhook', async () => {
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
  const { code, log } = await runAction(dir, { SLACK_WEBHOOK_URL: webhookUrl });
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

test('with allowed-hosts set, a perf.yml that sends ${TOKEN} to an unlisted push host is refused before any request', async () => {
  // What a pull request could write: the load's token in the query of its own webhook.
  const attackDir = await mkdtemp(join(dir, 'attack-'));
  await writeFile(
    join(attackDir, 'perf.yml'),
    [
      'name: shop',
      `target: ${target.url}`,
      'http: { headers: { authorization: "Bearer ${API_TOKEN}" } }',
      'load:',
      '  phases:',
      '    - { duration: 1s, rate: 5 }',
      'notify:',
      '  on: [finish]',
      `  webhook: { url: "http://localhost:${failing.port}/collect?t=${'$'}{API_TOKEN}" }`,
      '',
    ].join('\n'),
  );
  const targetBefore = target.requests();
  const receiverBefore = failing.requests();
  const { code, log } = await runAction(attackDir, { API_TOKEN: 'tok-exfil-93b1c', 'INPUT_ALLOWED-HOSTS': '127.0.0.1' });
  expect(code, log).not.toBe(0);
  expect(log).toContain(`::error::notify.webhook.url: host "localhost:${failing.port}" is not an allowed push host (push-hosts: none) [PA_LIMIT]`);
  expect([target.requests() - targetBefore, failing.requests() - receiverBefore]).toEqual([0, 0]);
  // The same config with its host in push-hosts runs and pushes (the refusal above was the limit, not the config).
  const allowed = await runAction(attackDir, { API_TOKEN: 'tok-exfil-93b1c', 'INPUT_ALLOWED-HOSTS': '127.0.0.1', 'INPUT_PUSH-HOSTS': 'localhost' });
  expect(allowed.code, allowed.log).toBe(0);
  expect(failing.requests() - receiverBefore).toBeGreaterThan(0);
}, 120_000);
