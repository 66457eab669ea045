import { describe, expect, test } from 'vitest';
import { DURATION_PATTERN, parseDuration, parsePercent, readDurationMs, readFraction } from '../../src/config/duration.js';
import { ConfigError } from '../../src/errors.js';

describe('durations', () => {
  test.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['3m', 180_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0.5ms', 0.5],
    ['45', 45_000],
    [45, 45_000],
    [0.25, 250],
  ])('%s is %d ms', (text, ms) => {
    expect(readDurationMs(text)).toBe(ms);
  });

  test.each(['5 minutes', '', '30 s', 'ms', '30x', '1s1m', '-5s', '3ms3m', 'm'])(
    '%j is not a duration',
    (text) => {
      expect(readDurationMs(text)).toBeUndefined();
      expect(new RegExp(DURATION_PATTERN).test(text)).toBe(false);
    },
  );

  test('the JSON Schema pattern accepts exactly the unit forms the parser accepts', () => {
    for (const text of ['250ms', '30s', '3m', '1h', '1m30s', '1.5s']) expect(new RegExp(DURATION_PATTERN).test(text)).toBe(true);
  });

  test('negative and non-finite numbers are rejected', () => {
    expect(readDurationMs(-1)).toBeUndefined();
    expect(readDurationMs(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  test('parseDuration throws a ConfigError naming the flag', () => {
    expect(parseDuration('1m30s', '--duration')).toBe(90_000);
    try {
      parseDuration('5 minutes', '--duration');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('PA_CONFIG');
      expect((error as ConfigError).problems[0]).toMatch(/^--duration: expected a duration .* got "5 minutes"$/);
    }
  });
});

describe('percentages', () => {
  test.each([
    ['99%', 0.99],
    ['99.9%', 0.999],
    ['5 %', 0.05],
    ['100%', 1],
    ['0%', 0],
    [0.99, 0.99],
    ['0.95', 0.95],
    [1, 1],
  ])('%j is %d', (text, fraction) => {
    expect(readFraction(text)).toBe(fraction);
  });

  test.each(['101%', '99', 99, -0.1, 'ninety', '%', '1.5'])('%j is not a percentage', (text) => {
    expect(readFraction(text)).toBeUndefined();
  });

  test('parsePercent names the field', () => {
    expect(parsePercent('99.5%', '--objective')).toBe(0.995);
    expect(() => parsePercent(99, '--objective')).toThrow(/^--objective: expected a percentage like "99%" or a fraction like 0\.99, got 99$/);
  });
});
