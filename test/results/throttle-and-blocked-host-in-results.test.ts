// results.json carries the max-rate throttle and the blocked-host class: both validate when read, a
// malformed throttle is refused naming its field, and merged shards add their caps and waits up.
import { expect, test } from 'vitest';
import { ResultsError } from '../../src/errors.js';
import { mergeRunResults } from '../../src/results/merge.js';
import { validateRunResult } from '../../src/results/run-result.js';
import type { RunResult } from '../../src/results/types.js';
import { syntheticRun } from '../support/synthetic-run.js';

function withThrottle(run: RunResult, throttle: unknown): RunResult {
  return { ...run, generator: { ...run.generator, throttle } } as RunResult;
}

const run = (seed: number, runId: string): RunResult =>
  syntheticRun({ seed, seconds: 5, endpoints: [{ name: 'home', ratePerSec: 20, medianMs: 5, sigma: 0.3, errorRatio: 0 }], meta: { runId } });

test('a throttle and blocked-host counts validate; a negative wait is refused by name', () => {
  const base = run(1, 'a');
  const blocked = { ...base, total: { ...base.total, errors: { 'blocked-host': [1, 0, 0, 0, 2] }, errorSamples: { 'blocked-host': 'PA_BLOCKED_HOST: http://127.0.0.2:9/x is not an allowed host' } } };
  expect(validateRunResult(JSON.parse(JSON.stringify(withThrottle(blocked, { maxRate: 50, requests: 10, waitedMs: 1234.5 }))), 'r')).toBeTruthy();
  let error: unknown;
  try {
    validateRunResult(JSON.parse(JSON.stringify(withThrottle(base, { maxRate: 50, requests: 10, waitedMs: -1 }))), 'r');
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ResultsError);
  expect((error as ResultsError).problems.join('\n')).toContain('$.generator.throttle.waitedMs');
});

test('merged shards add up their caps, throttled requests and waits', () => {
  const merged = mergeRunResults([withThrottle(run(1, 'a'), { maxRate: 25, requests: 10, waitedMs: 100 }), withThrottle(run(2, 'b'), { maxRate: 25, requests: 5, waitedMs: 50 })]);
  expect(merged.generator.throttle).toEqual({ maxRate: 50, requests: 15, waitedMs: 150 });
  expect(mergeRunResults([run(1, 'a'), run(2, 'b')]).generator.throttle).toBeUndefined();
});
