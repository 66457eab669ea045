// perf.yml's notify: and exports: sections as the loader reads them: defaults, the Loki push path
// added to a base URL, bad URLs named by field without their value, push URLs and secret headers
// among the run's secrets, the config hash blind to where results are sent, and the push hosts a
// workflow allows.
import { describe, expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { DEFAULT_NOTIFY_ON, DEFAULT_PUSH_TIMEOUT_MS } from '../../src/config/push-types.js';
import { rawSecretsOf } from '../../src/config/secrets.js';
import { checkLimits } from '../../src/config/limits.js';
import { ConfigError, LimitError } from '../../src/errors.js';

const BASE = `name: shop
target: http://127.0.0.1:8080/
load:
  phases:
    - { duration: 10s, rate: 5 }
`;
const SLACK_URL = 'https://hooks.slack.com/services/T0AAA/B0BBB/sekr3tSlackPath';

const load = (yaml: string, env: Record<string, string> = {}) => loadConfigText(BASE + yaml, { env, file: 'perf.yml' });

function problemsOf(yaml: string, env: Record<string, string> = {}): readonly string[] {
  try {
    load(yaml, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('notify and exports', () => {
  test('defaults: on regression and slo-fail, 10 s budget, 5 history runs; Loki base URL gets the push path', () => {
    const config = load(`notify:
  slack: { webhook: "\${SLACK_WEBHOOK_URL}" }
exports:
  loki: { url: "http://127.0.0.1:3100" }
`, { SLACK_WEBHOOK_URL: SLACK_URL });
    expect(config.notify).toEqual({ history: 5, timeoutMs: DEFAULT_PUSH_TIMEOUT_MS, slack: { url: SLACK_URL, headers: {}, secretHeaders: [], on: DEFAULT_NOTIFY_ON } });
    expect(config.exports?.loki).toMatchObject({ url: 'http://127.0.0.1:3100/loki/api/v1/push', errorLines: 20, structuredMetadata: true, timeoutMs: 10_000 });
  });

  test('a destination keeps its own on: list; a Loki URL with a path is used as written', () => {
    const config = load(`notify:
  on: [finish]
  timeout: 2s
  history: 0
  slack: { webhook: "${SLACK_URL}", on: [regression] }
  webhook: { url: "http://127.0.0.1:9/hook" }
exports:
  loki: { url: "https://logs.example.com/custom/push", errorLines: 3, structuredMetadata: false, timeout: 1500ms }
`);
    expect(config.notify?.slack?.on).toEqual(['regression']);
    expect(config.notify?.webhook?.on).toEqual(['finish']);
    expect(config.notify).toMatchObject({ timeoutMs: 2000, history: 0 });
    expect(config.exports?.loki).toMatchObject({ url: 'https://logs.example.com/custom/push', errorLines: 3, structuredMetadata: false, timeoutMs: 1500 });
  });

  test('bad URLs are named by field, and the value is never quoted', () => {
    const problems = problemsOf(`notify:
  slack: { webhook: "hooks.slack.com/services/T0/B0/sekr3tSlackPath" }
  webhook: { url: "ftp://127.0.0.1/x" }
exports:
  loki: { url: "not a url" }
`);
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['notify.slack.webhook', 'notify.webhook.url', 'exports.loki.url']);
    for (const problem of problems) {
      expect(problem).toContain('expected an absolute http:// or https:// URL');
      expect(problem).not.toContain('sekr3t');
      expect(problem).not.toContain('not a url');
    }
  });

  test('an unknown event and an unknown key are refused with the field', () => {
    const problems = problemsOf(`notify:
  on: [regresion]
  slak: { webhook: "${SLACK_URL}" }
`);
    expect(problems.some((problem) => problem.startsWith('notify.on[0]') && problem.includes('"regression"'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('notify.slak') && problem.includes('slack'))).toBe(true);
  });

  test('the webhook URLs, the Loki userinfo and secret headers, and their ${ENV} values are secrets', () => {
    const config = load(`notify:
  slack: { webhook: "\${SLACK_WEBHOOK_URL}" }
  webhook: { url: "http://127.0.0.1:9/hook/\${HOOK_KEY}", headers: { x-signature: "\${HOOK_SIG}" } }
exports:
  loki: { url: "https://user:lokiPassw0rd@logs.example.com", headers: { authorization: "Bearer loki-token-123" } }
`, { SLACK_WEBHOOK_URL: SLACK_URL, HOOK_KEY: 'hook-key-987', HOOK_SIG: 'sig-value-555' });
    const secrets = rawSecretsOf(config);
    for (const value of [SLACK_URL, 'http://127.0.0.1:9/hook/hook-key-987', 'hook-key-987', 'sig-value-555', 'lokiPassw0rd', 'Bearer loki-token-123', 'loki-token-123']) {
      expect(secrets).toContain(value);
    }
    // Not the Loki URL itself: it carries no secret beyond its userinfo.
    expect(secrets).not.toContain('https://logs.example.com/loki/api/v1/push');
  });

  test('the config hash does not change with the push settings', () => {
    const plain = load('');
    const withPushes = load(`notify:
  slack: { webhook: "${SLACK_URL}" }
exports:
  loki: { url: "http://127.0.0.1:3100" }
`);
    expect(withPushes.source.hash).toBe(plain.source.hash);
  });
});

describe('push hosts (workflow limits)', () => {
  const config = load(`notify:
  slack: { webhook: "${SLACK_URL}" }
  webhook: { url: "http://127.0.0.1:9/hook" }
exports:
  loki: { url: "https://logs.example.com" }
`);
  const refused = (limits: Parameters<typeof checkLimits>[1]): readonly string[] => {
    try {
      checkLimits(config, limits);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(LimitError);
      return (error as LimitError).problems;
    }
  };

  test('with allowed-hosts set and no push-hosts, no push may leave; only hosts are named', () => {
    const problems = refused({ allowedHosts: ['127.0.0.1'] });
    expect(problems).toEqual([
      'notify.slack.webhook: host "hooks.slack.com" is not an allowed push host (push-hosts: none)',
      'notify.webhook.url: host "127.0.0.1:9" is not an allowed push host (push-hosts: none)',
      'exports.loki.url: host "logs.example.com" is not an allowed push host (push-hosts: none)',
    ]);
    expect(problems.join('\n')).not.toContain('sekr3t');
  });

  test('push-hosts lets the listed hosts through; neither limit lets every host through', () => {
    expect(refused({ allowedHosts: ['127.0.0.1'], pushHosts: ['hooks.slack.com', '127.0.0.1', '*.example.com'] })).toEqual([]);
    expect(refused({ pushHosts: ['hooks.slack.com'] })).toEqual([
      'notify.webhook.url: host "127.0.0.1:9" is not an allowed push host (push-hosts: hooks.slack.com)',
      'exports.loki.url: host "logs.example.com" is not an allowed push host (push-hosts: hooks.slack.com)',
    ]);
    expect(refused({})).toEqual([]);
  });
});
