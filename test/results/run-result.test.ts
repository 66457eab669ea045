import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ResultsError } from '../../src/errors.js';
import { readRunResult, validateRunResult, writeRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

const run = syntheticRun({ seed: 1, seconds: 5, endpoints: [{ name: 'home', ratePerSec: 20, medianMs: 10, sigma: 0.3, errorRatio: 0.1 }] });
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function problemsOf(value: unknown): readonly string[] {
  try {
    validateRunResult(value, 'results.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsError);
    expect((error as ResultsError).code).toBe('PA_RESULTS');
    return (error as ResultsError).problems;
  }
  throw new Error('expected a ResultsError');
}

describe('validateRunResult', () => {
  test('accepts a synthetic run and its JSON round trip', () => {
    expect(validateRunResult(JSON.parse(JSON.stringify(run)), 'x')).toEqual(run);
  });

  test('lists every problem with its JSON path', () => {
    const broken = JSON.parse(JSON.stringify(run));
    broken.endpoints[0].requests = [1, 2];
    broken.endpoints[0].latency[1] = 'not base64!';
    broken.total.errors.http5xx[0] = -1;
    broken.meta.targetClass = 'moon';
    broken.plan.phases[0].rate = 'fifty';
    broken.generator.missedPerSecond = 'none';
    const problems = problemsOf(broken);
    expect(problems).toEqual([
      '$.meta.targetClass: expected "loopback", "private" or "public", got "moon"',
      '$.plan.phases[0].rate: expected a number ≥ 0 and ≤ 1000000000, got "fifty"',
      '$.endpoints[0].latency[1]: not a histogram this tool writes: not base64',
      '$.endpoints[0].requests: expected 5 entries (one per second), got 2',
      '$.total.errors.http5xx[0]: expected an integer ≥ 0 and ≤ 2147483648, got -1',
      '$.generator.missedPerSecond: expected an array of 5, got "none"',
    ]);
  });

  test('refuses another format or version before anything else', () => {
    expect(() => validateRunResult({ format: 'k6/summary' }, 'a.json')).toThrow(/not a perf-action results file/);
    expect(() => validateRunResult({ ...run, version: 2 }, 'a.json')).toThrow(/version 2 is not supported/);
    expect(() => validateRunResult([], 'a.json')).toThrow(ResultsError);
  });
});

describe('readRunResult / writeRunResult', () => {
  test('writes into a new directory and reads back the same value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-results-'));
    dirs.push(dir);
    const path = join(dir, 'deep', 'results.json');
    await writeRunResult(path, run);
    expect(await readRunResult(path)).toEqual(run);
    await writeRunResult(path, run, { pretty: true });
    expect((await readFile(path, 'utf8')).split('\n').length).toBeGreaterThan(50);
  });

  test('a missing file or bad JSON is a ResultsError naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-results-'));
    dirs.push(dir);
    await expect(readRunResult(join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'PA_RESULTS', message: expect.stringContaining('ENOENT') });
    await writeFile(join(dir, 'bad.json'), '{"format":');
    await expect(readRunResult(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'PA_RESULTS', message: expect.stringContaining('not valid JSON') });
  });
});
