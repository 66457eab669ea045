// perf.yml `abort` (unreachableAfter, errorRatio/for) and `http.maxBodyBytes`: defaults, units and
// the errors that name the field and line.
import { expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const base = (extra: string): string => `name: shop
target: http://127.0.0.1:8080
load:
  phases:
    - { duration: 30s, rate: 5 }
${extra}`;

function problems(text: string): readonly string[] {
  try {
    loadConfigText(text, { env: {}, file: 'perf.yml' });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('defaults: unreachable after 5 s, no error-storm rule, bodies kept up to 4 MiB', () => {
  const config = loadConfigText(base(''), { env: {} });
  expect(config.abort).toEqual({ unreachableAfterMs: 5_000 });
  expect(config.http.maxBodyBytes).toBe(4 * 1024 * 1024);
});

test('abort with an error ratio and its window, unreachableAfter off, a body cap', () => {
  const config = loadConfigText(base('abort: { errorRatio: 50%, for: 10s, unreachableAfter: 0 }\nhttp: { maxBodyBytes: 65536 }\n'), { env: {} });
  expect(config.abort).toEqual({ unreachableAfterMs: 0, errorStorm: { ratio: 0.5, windowMs: 10_000 } });
  expect(config.http.maxBodyBytes).toBe(65_536);
  expect(loadConfigText(base('abort: { errorRatio: 0.2 }\n'), { env: {} }).abort.errorStorm).toEqual({ ratio: 0.2, windowMs: 10_000 });
});

test('bad abort and body values are refused, each naming its field', () => {
  expect(problems(base('abort: { for: 10s }\n'))).toEqual([expect.stringMatching(/^abort\.for: .*add errorRatio/)]);
  expect(problems(base('abort: { errorRatio: 0%, for: 1500ms }\n'))).toEqual([expect.stringMatching(/^abort\.errorRatio: expected a share above 0%/), expect.stringMatching(/^abort\.for: expected whole seconds/)]);
  expect(problems(base('abort: { errorRatio: lots }\n'))).toEqual([expect.stringMatching(/^abort\.errorRatio: /)]);
  expect(problems(base('abort: { unreachable: 5s }\n'))).toEqual([expect.stringMatching(/^abort\.unreachable/)]);
  expect(problems(base('http: { maxBodyBytes: -1 }\n'))).toEqual([expect.stringMatching(/^http\.maxBodyBytes: /)]);
  expect(problems(base('http: { maxBodyBytes: 1e12 }\n'))).toEqual([expect.stringMatching(/^http\.maxBodyBytes: /)]);
});
