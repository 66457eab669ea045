import { describe, expect, test } from 'vitest';
import { parseDuration, parsePercent, quickConfig } from '../../src/config/quick.js';
import { ConfigError } from '../../src/errors.js';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('quickConfig', () => {
  test('open model: ramp from a tenth of the rate, then the steady phase, one GET of the URL path', () => {
    const config = quickConfig({ target: 'http://127.0.0.1:8080/health?deep=1', rate: 200, durationMs: 30_000, rampUpMs: 10_000 });
    expect(config.name).toBe('quick');
    expect(config.target).toBe('http://127.0.0.1:8080/health?deep=1');
    expect(config.load).toEqual({
      model: 'open',
      arrivals: 'constant',
      maxInFlight: 10_000,
      phases: [
        { name: 'ramp-up', durationMs: 10_000, rate: 20, rampTo: 200, isRamp: true },
        { name: 'steady', durationMs: 30_000, rate: 200, isRamp: false },
      ],
    });
    expect(config.scenarios).toEqual([
      {
        name: 'default',
        weight: 1,
        steps: [{ kind: 'request', type: 'http', name: 'GET /health', method: 'GET', url: '/health?deep=1', headers: {}, query: {}, capture: {} }],
      },
    ]);
    expect(config.trim).toEqual({ kind: 'auto' });
    expect(config.source.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(config.load.phases)).toBe(true);
  });

  test('closed model: ramp from one virtual user', () => {
    const config = quickConfig({ target: 'http://127.0.0.1:1', vus: 8, durationMs: 20_000, rampUpMs: 5_000, connections: 4, timeoutMs: 2_000 });
    expect(config.load).toEqual({
      model: 'closed',
      arrivals: 'constant',
      maxInFlight: 8,
      phases: [
        { name: 'ramp-up', durationMs: 5_000, vus: 1, rampToVus: 8, isRamp: true },
        { name: 'steady', durationMs: 20_000, vus: 8, isRamp: false },
      ],
    });
    expect(config.http).toMatchObject({ connections: 4, timeoutMs: 2_000 });
  });

  test('defaults: rate 10, ramp a third of the duration up to 10 s, none when 0', () => {
    expect(quickConfig({ target: 'http://127.0.0.1:1', durationMs: 9_000 }).load.phases).toEqual([
      { name: 'ramp-up', durationMs: 3_000, rate: 1, rampTo: 10, isRamp: true },
      { name: 'steady', durationMs: 9_000, rate: 10, isRamp: false },
    ]);
    expect(quickConfig({ target: 'http://127.0.0.1:1', durationMs: 60_000 }).load.phases[0]!.durationMs).toBe(10_000);
    expect(quickConfig({ target: 'http://127.0.0.1:1', rate: 50, durationMs: 5_000, rampUpMs: 0 }).load.phases).toEqual([
      { name: 'steady', durationMs: 5_000, rate: 50, isRamp: false },
    ]);
  });

  test('secret-named headers are marked, and their values stay out of the hash', () => {
    const a = quickConfig({ target: 'http://127.0.0.1:1', durationMs: 1_000, headers: { Authorization: 'Bearer a', accept: 'text/html' } });
    const b = quickConfig({ target: 'http://127.0.0.1:1', durationMs: 1_000, headers: { Authorization: 'Bearer b', accept: 'text/html' } });
    expect(a.http.secretHeaders).toEqual(['Authorization']);
    expect(a.source.hash).toBe(b.source.hash);
  });

  test('bad options are all named by their flag', () => {
    expect(
      problemsOf(() => quickConfig({ target: 'localhost:8080', rate: -1, vus: 1.5, durationMs: 0, rampUpMs: -1, connections: 0, timeoutMs: Number.NaN, name: 'a b' })),
    ).toEqual([
      '--target: expected an absolute http:// or https:// URL, got "localhost:8080"',
      '--rate and --vus: give one or the other (--rate: open model, --vus: closed model)',
      '--rate: expected requests per second above 0 and ≤ 1000000, got -1',
      '--vus: expected a whole number of virtual users from 1 to 100000, got 1.5',
      '--duration: expected a duration above 0, got 0 ms',
      '--ramp-up: expected a duration ≥ 0, got -1 ms',
      '--connections: expected an integer from 1 to 10000, got 0',
      '--timeout: expected whole milliseconds above 0 and at most 1 h, got NaN ms',
      '--name: expected letters, digits, ".", "_" or "-", got "a b"',
    ]);
  });

  test('the CLI parsers are re-exported here', () => {
    expect(parseDuration('1m30s', '--duration')).toBe(90_000);
    expect(parsePercent('99.9%', '--objective')).toBe(0.999);
    expect(problemsOf(() => parseDuration('5 minutes', '--ramp-up'))[0]).toMatch(/^--ramp-up: /);
  });
});
