// Results files the tool could not have written are refused at the door with their JSON path:
// histogram counts beyond 32 bits, another value range or precision, counts that do not add up,
// dates that are not dates, and shards too far apart in time to merge.
import { describe, expect, test } from 'vitest';
import { ResultsError } from '../../src/errors.js';
import { inspectEncodedHistogram } from '../../src/results/histogram.js';
import { mergeRunResults } from '../../src/results/merge.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { craftHistogram } from '../support/craft-histogram.js';
import { syntheticRun } from '../support/synthetic-run.js';

const run = (): Record<string, any> => JSON.parse(JSON.stringify(syntheticRun({ seed: 3, seconds: 5, endpoints: [{ name: 'home', ratePerSec: 20, medianMs: 10, sigma: 0.3 }] })));

function problemsOf(value: unknown): readonly string[] {
  try {
    validateRunResult(value, 'r.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsError);
    return (error as ResultsError).problems;
  }
  throw new Error('expected a ResultsError');
}

describe('histograms are checked in full', () => {
  test('a crafted histogram with the tool header reads back its count', () => {
    expect(inspectEncodedHistogram(craftHistogram({ counts: [[1000, 7]] }), 100)).toEqual({ totalCount: 7 });
  });

  test('a bucket of 2^32 + 5 (read as 5 by a 32-bit histogram) is refused', () => {
    const value = run();
    value.endpoints[0].latency[1] = craftHistogram({ counts: [[1000, 2 ** 32 + 5]] });
    expect(problemsOf(value)[0]).toMatch(/^\$\.endpoints\[0\]\.latency\[1\]: not a histogram this tool writes: a bucket holds 4294967301/);
  });

  test('another value range or precision is refused', () => {
    const value = run();
    value.total.latency[0] = craftHistogram({ lowest: 1, highest: 3_600_000_000, digits: 5, counts: [[10, 1]] });
    expect(problemsOf(value)[0]).toMatch(/^\$\.total\.latency\[0\]: not a histogram this tool writes: value range 1…3600000000 µs with 5 digits/);
  });

  test('a corrupt generator.lag is refused', () => {
    const value = run();
    value.generator.lag = 'HISTFAAAAB54nJNpmSzMwMDABAAKQQG3';
    expect(problemsOf(value)[0]).toMatch(/^\$\.generator\.lag: not a histogram this tool writes/);
  });
});

describe('counts and dates', () => {
  test('1e12 requests in a second, and more errors than requests, are refused', () => {
    const value = run();
    value.endpoints[0].requests[2] = 1e12;
    value.total.errors = { http5xx: value.total.requests.map((count: number) => count + 1) };
    const problems = problemsOf(value);
    expect(problems).toContain('$.endpoints[0].requests[2]: expected an integer ≥ 0 and ≤ 2147483648, got 1000000000000');
    expect(problems.some((problem) => /^\$\.total: second 0 has \d+ errors but \d+ requests$/.test(problem))).toBe(true);
  });

  test('endedAt "garbage" and a start in year 275760 are refused', () => {
    const value = run();
    value.meta.endedAt = 'garbage';
    value.meta.startedAt = '+275760-09-13T00:00:00.000Z';
    const problems = problemsOf(value);
    expect(problems[0]).toMatch(/^\$\.meta\.startedAt: expected an ISO 8601 date/);
    expect(problems[1]).toMatch(/^\$\.meta\.endedAt: expected an ISO 8601 date/);
  });

  test('merging a shard that started in 1970 is refused at once, not allocated', () => {
    const a = validateRunResult(run(), 'a.json');
    const old = run();
    old.meta.startedAt = '1970-01-01T00:00:00.000Z';
    const b = validateRunResult(old, 'b.json');
    const started = performance.now();
    expect(() => mergeRunResults([a, b], ['a.json', 'b.json'])).toThrow(ResultsError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
