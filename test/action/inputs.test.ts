import { afterEach, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { ConfigError } from '../../src/errors.js';

// @actions/core reads INPUT_<NAME upper-cased, spaces as _>, so hyphens stay: INPUT_TARGET-URL.
const setKeys: string[] = [];
function setInputs(inputs: Record<string, string>): void {
  for (const key of setKeys.splice(0)) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) {
    const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    setKeys.push(key);
    process.env[key] = value;
  }
}
afterEach(() => {
  for (const key of setKeys.splice(0)) delete process.env[key];
});

function problemsOf(inputs: Record<string, string>): readonly string[] {
  setInputs(inputs);
  try {
    readInputs();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('readInputs accepted the inputs');
}

describe('readInputs', () => {
  it('fills the defaults of action.yml when only the token is set', () => {
    setInputs({ 'github-token': 't' });
    const inputs = readInputs();
    expect(inputs.configPath).toBe('perf.yml');
    expect(inputs.mode).toBe('run');
    expect(inputs.baseline).toEqual({ kind: 'auto' });
    expect([...inputs.failOn].sort()).toEqual(['regression', 'slo']);
    expect(inputs.comment).toBe('auto');
    expect(inputs.allowedHosts).toBeUndefined();
    expect(inputs.waitForReadyMs).toBe(0);
    expect(inputs.retentionDays).toBe(30);
    expect(inputs.confirm).toBe(false);
    expect(inputs.outDir).toBe('perf-results');
    expect(Object.isFrozen(inputs)).toBe(true);
  });

  it('parses every typed input', () => {
    setInputs({
      config: 'perf/api.yml',
      'target-url': 'http://127.0.0.1:8080',
      baseline: 'perf-baseline-api',
      'fail-on': 'slo',
      comment: 'on-change',
      'github-token': 't',
      'allowed-hosts': 'api.example.com, *.preview.example.com\nlocalhost:8080',
      'max-rate': '200',
      'max-duration': '5m',
      'wait-for-ready': '90s',
      'retention-days': '7',
      confirm: 'true',
      profile: 'smoke',
      labels: 'service=cart, env=preview',
      'out-dir': 'out',
    });
    const inputs = readInputs();
    expect(inputs.targetUrl).toBe('http://127.0.0.1:8080');
    expect(inputs.baseline).toEqual({ kind: 'artifact', name: 'perf-baseline-api' });
    expect([...inputs.failOn]).toEqual(['slo']);
    expect(inputs.comment).toBe('on-change');
    expect(inputs.allowedHosts).toEqual(['api.example.com', '*.preview.example.com', 'localhost:8080']);
    expect(inputs.maxRate).toBe(200);
    expect(inputs.maxDurationMs).toBe(300_000);
    expect(inputs.waitForReadyMs).toBe(90_000);
    expect(inputs.retentionDays).toBe(7);
    expect(inputs.confirm).toBe(true);
    expect(inputs.profile).toBe('smoke');
    expect(inputs.labels).toEqual({ service: 'cart', env: 'preview' });
    expect(inputs.outDir).toBe('out');
  });

  it('baseline-workflow takes a workflow file name, with or without its folder', () => {
    setInputs({ 'github-token': 't', 'baseline-workflow': '.github/workflows/main-baseline.yml' });
    expect(readInputs().baselineWorkflow).toBe('main-baseline.yml');
    expect(problemsOf({ 'github-token': 't', 'baseline-workflow': '../x/evil' })).toEqual(['input baseline-workflow: expected a workflow file name such as main-baseline.yml, got "../x/evil"']);
  });

  it('fail-on none gives an empty set', () => {
    setInputs({ 'fail-on': 'none', comment: 'never' });
    expect(readInputs().failOn.size).toBe(0);
  });

  it('names each bad input, all together', () => {
    const problems = problemsOf({
      mode: 'fast',
      comment: 'sometimes',
      'fail-on': 'latency',
      'max-rate': 'lots',
      'max-duration': 'forever',
      'retention-days': '400',
      confirm: 'yes',
      labels: '=x',
      'target-url': 'ftp://x',
      'github-token': 't',
    });
    const named = ['mode', 'comment', 'fail-on', 'max-rate', 'max-duration', 'retention-days', 'confirm', 'labels', 'target-url'];
    for (const name of named) expect(problems.some((p) => p.startsWith(`input ${name}`)), name).toBe(true);
    expect(problems).toHaveLength(named.length);
  });

  it('names conflicting inputs together', () => {
    expect(problemsOf({ mode: 'shard', 'shard-index': '2', 'shard-count': '2', 'github-token': 't' })).toEqual([
      'inputs shard-index, shard-count: shard-index 2 must be below shard-count 2',
    ]);
    expect(problemsOf({ mode: 'run', 'shard-count': '2', 'github-token': 't' })).toEqual([
      'inputs mode, shard-index, shard-count: shard inputs only apply to modes shard and merge, not run',
    ]);
    expect(problemsOf({ mode: 'report', 'target-url': 'https://x.example', 'github-token': 't' })).toEqual([
      'inputs mode, target-url: mode report posts a prepared comment and loads no target',
    ]);
    expect(problemsOf({ comment: 'always', 'github-token': '' })).toEqual([
      'inputs comment, github-token: comment always needs a github-token (or comment: never)',
    ]);
  });
});
