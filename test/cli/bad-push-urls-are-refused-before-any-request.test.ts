// Push settings a user got wrong, run as a user runs them (dist/cli.js run -c perf.yml): a webhook
// URL without a scheme (from ${SLACK_WEBHOOK_URL}), a webhook on ftp://, a Loki URL that is no URL.
// The run exits 2 before the load with one message per field, no stack trace, not one request to
// the target or to a receiver, and the secret webhook URL nowhere in what it prints.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

const WEBHOOK_SECRET = 'T0AAA/B0BBB/kq8vWk3sMaskedPart';

let target: TestServer;
let receiver: TestServer;
let dir: string;

beforeAll(async () => {
  target = await startServer((_request, response) => response.end('ok'));
  receiver = await startServer((_request, response) => response.end('ok'));
  dir = await mkdtemp(join(tmpdir(), 'perf-bad-push-'));
  await writeFile(
    join(dir, 'perf.yml'),
    [
      'name: bad-push',
      `target: ${target.url}`,
      'load:',
      '  phases:',
      '    - { duration: 1s, rate: 5 }',
      'notify:',
      '  slack: { webhook: "${SLACK_WEBHOOK_URL}" }',
      `  webhook: { url: "ftp://127.0.0.1:${receiver.port}/hook" }`,
      'exports:',
      '  loki: { url: "loki:3100" }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await Promise.all([target?.close(), receiver?.close()]);
  await rm(dir, { recursive: true, force: true });
});

test('bad push URLs: exit 2 naming each field and line, nothing sent, the URL not shown', async () => {
  const { cli } = ensureBuilt();
  const env = { SLACK_WEBHOOK_URL: `127.0.0.1:${receiver.port}/services/${WEBHOOK_SECRET}` };
  for (const args of [['run', '-c', 'perf.yml', '--out', 'out'], ['check', '-c', 'perf.yml']]) {
    const run = await runCli(cli, args, { cwd: dir, env, timeoutMs: 20_000 });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(STACK_LINE);
    for (const field of ['notify.slack.webhook', 'notify.webhook.url', 'exports.loki.url']) {
      expect(run.stderr).toMatch(new RegExp(`${field.replace(/\./g, '\\.')}: expected an absolute http:// or https:// URL .*\\(perf\\.yml:\\d+\\)`));
    }
    expect(run.stderr + run.stdout).not.toContain(WEBHOOK_SECRET);
  }
  expect([target.requests(), receiver.requests()]).toEqual([0, 0]);
}, 120_000);
