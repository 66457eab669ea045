import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { mergeCommand } from '../../src/cli/commands/merge.js';
import type { CliIo } from '../../src/cli/io.js';
import { readRunResult, writeRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

function io(cwd: string): CliIo & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stdout, stderr: new PassThrough(), env: {}, cwd, signal: new AbortController().signal, out: () => Buffer.concat(chunks).toString('utf8') };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('perf-action merge', () => {
  test('merges two shard files into one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-merge-'));
    dirs.push(dir);
    const endpoints = [{ name: 'home', ratePerSec: 20, medianMs: 10, sigma: 0.3 }];
    await writeRunResult(join(dir, 'a.json'), syntheticRun({ seed: 1, seconds: 4, endpoints }));
    await writeRunResult(join(dir, 'b.json'), syntheticRun({ seed: 2, seconds: 4, endpoints, meta: { runId: 'b' } }));
    const cli = io(dir);
    expect(await mergeCommand.run(['a.json', 'b.json', '-o', 'out/m.json'], cli)).toBe(0);
    const merged = await readRunResult(join(dir, 'out', 'm.json'));
    expect(merged.meta.shards).toBe(2);
    expect(cli.out()).toMatch(/^merged 2 results \(2 shards, 4 s, \d+ requests\) into out\/m\.json\n$/);
  });

  test('usage errors and malformed inputs are classed (exit 2 through main)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-merge-'));
    dirs.push(dir);
    await expect(mergeCommand.run(['a.json'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(mergeCommand.run(['-o', 'x.json'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(mergeCommand.run(['--bogus'], io(dir))).rejects.toMatchObject({ code: 'PA_USAGE' });
    await expect(mergeCommand.run(['missing.json', '-o', 'x.json'], io(dir))).rejects.toMatchObject({ code: 'PA_RESULTS' });
  });
});
