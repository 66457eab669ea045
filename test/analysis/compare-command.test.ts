import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compareCommand } from '../../src/cli/commands/compare.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Verdict } from '../../src/analysis/types.js';
import { writeRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

function io(cwd: string): CliIo & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stdout, stderr: new PassThrough(), env: { PREVIEW_URL: 'http://127.0.0.1:9' }, cwd, signal: new AbortController().signal, out: () => Buffer.concat(chunks).toString('utf8') };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-compare-'));
  const endpoints = (scale: number) => [{ name: 'home', ratePerSec: 150, medianMs: 20, sigma: 0.4, scale }];
  await writeRunResult(join(dir, 'base.json'), syntheticRun({ seed: 1, seconds: 40, endpoints: endpoints(1) }));
  await writeRunResult(join(dir, 'same.json'), syntheticRun({ seed: 2, seconds: 40, endpoints: endpoints(1) }));
  await writeRunResult(join(dir, 'slow.json'), syntheticRun({ seed: 3, seconds: 40, endpoints: endpoints(1.5) }));
  // Matches what perf.yml below plans, so only the SLO decides.
  await writeFile(
    join(dir, 'perf.yml'),
    ['name: synthetic', 'target: ${PREVIEW_URL}', 'load:', '  phases:', '    - { name: steady, duration: 40s, rate: 150 }', 'slo:', '  - name: home is fast', '    latency: { threshold: 5ms, objective: 99% }', ''].join('\n'),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('perf-action compare', () => {
  test('the same distribution: exit 0, a table and verdict.json', async () => {
    const cli = io(dir);
    expect(await compareCommand.run(['--baseline', 'base.json', '--current', 'same.json', '--out', 'out1'], cli)).toBe(0);
    const verdict = JSON.parse(await readFile(join(dir, 'out1', 'verdict.json'), 'utf8')) as Verdict;
    expect(verdict.format).toBe('perf-action/verdict');
    expect(verdict.regression).not.toBe('fail');
    expect(verdict.comparisons.map((row) => `${row.endpoint} ${row.metric}`)).toEqual(['home p50', 'home p95', 'home p99', 'all p50', 'all p95', 'all p99']);
    const text = cli.out();
    expect(text).toMatch(/^endpoint\s+metric\s+baseline\s+current\s+change \(interval\)\s+verdict$/m);
    expect(text).toContain(`verdict written to ${join(dir, 'out1', 'verdict.json')}`);
  });

  test('50 % slower: exit 1 with the default --fail-on, 0 when regressions are not named', async () => {
    const args = ['--baseline', 'base.json', '--current', 'slow.json', '--out', 'out2'];
    const cli = io(dir);
    expect(await compareCommand.run(args, cli)).toBe(1);
    expect(cli.out()).toMatch(/^FAIL: home p\d+ is \d+(\.\d)? % slower than the baseline/);
    expect(cli.out()).toMatch(/^home\s+p50\s+20(\.\d)? ms\s+(29|30|31)(\.\d)? ms\s+\+\d+\.\d % \(\+\d+\.\d % … \+\d+\.\d %\)\s+fail$/m);
    expect(await compareCommand.run([...args, '--fail-on', 'slo'], io(dir))).toBe(0);
    expect(await compareCommand.run([...args, '--fail-on', 'none'], io(dir))).toBe(0);
  });

  test('--json prints the verdict; -c applies the SLOs of perf.yml', async () => {
    const cli = io(dir);
    const code = await compareCommand.run(['--baseline', 'base.json', '--current', 'same.json', '-c', 'perf.yml', '--json', '--fail-on', 'slo', '--out', 'out3'], cli);
    const verdict = JSON.parse(cli.out()) as Verdict;
    expect(verdict.slos).toHaveLength(1);
    expect(verdict.slos[0]).toMatchObject({ name: 'home is fast', outcome: 'fail', thresholdMs: 5 });
    expect(verdict.slo).toBe('fail');
    expect(code).toBe(1);
  });

  test('bad input is a classed error (exit 2 through main)', async () => {
    await expect(compareCommand.run(['--current', 'same.json'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(compareCommand.run(['--baseline', 'base.json'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(compareCommand.run(['--baseline', 'base.json', '--current', 'same.json', '--fail-on', 'speed'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(compareCommand.run(['--baseline', 'nope.json', '--current', 'same.json'], io(dir))).rejects.toMatchObject({ code: 'PA_RESULTS' });
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ format: 'perf-action/run-result', version: 1, seconds: 1 }));
    await expect(compareCommand.run(['--baseline', 'broken.json', '--current', 'same.json'], io(dir))).rejects.toMatchObject({ code: 'PA_RESULTS', problems: expect.arrayContaining(['$.meta: expected an object, got nothing']) });
  });
});
