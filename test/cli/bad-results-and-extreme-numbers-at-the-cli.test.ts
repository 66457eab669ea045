// Results files and numbers at the edges, as a user meets them at the CLI (dist/cli.js merge, compare,
// run): a corrupt or oversized file is refused with its path and field, exit 2, no stack trace, within
// seconds; a numeric field past its documented maximum is refused before any request; and the largest
// rate the config accepts still ends on time, marked saturated, with its results written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE, type CliRun } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';
import { syntheticRun } from '../support/synthetic-run.js';

let cli: string;
let dir: string;
let target: TestServer;

beforeAll(async () => {
  cli = ensureBuilt().cli;
  dir = mkdtempSync(join(tmpdir(), 'perf-bad-results-'));
  target = await startServer((_req, res) => res.end('ok'));
}, 240_000);

afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const shard = (seed: number): Record<string, any> =>
  JSON.parse(JSON.stringify(syntheticRun({ seed, seconds: 5, endpoints: [{ name: 'home', ratePerSec: 20, medianMs: 10, sigma: 0.3 }] })));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

function expectRefused(run: CliRun, message: RegExp): void {
  expect(run.timedOut).toBe(false);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.elapsedMs).toBeLessThan(5_000);
}

describe('perf-action merge refuses shards it could not have written', () => {
  const merge = (name: string, corrupt: (run: Record<string, any>) => void): Promise<CliRun> => {
    const bad = shard(2);
    corrupt(bad);
    const files = [write(`${name}-a.json`, shard(1)), write(`${name}-b.json`, bad)];
    return runCli(cli, ['merge', ...files, '-o', join(dir, `${name}-merged.json`)], { cwd: dir, timeoutMs: 20_000 });
  };

  test('a corrupt generator.lag histogram', async () => {
    expectRefused(await merge('lag', (run) => (run.generator.lag = 'HISTFAAAAB54nJNpmSzMwMDABAAKQQG3')), /-b\.json[\s\S]*\$\.generator\.lag: not a histogram this tool writes/);
  });

  test('meta.endedAt "garbage"', async () => {
    expectRefused(await merge('ended', (run) => (run.meta.endedAt = 'garbage')), /\$\.meta\.endedAt/);
  });

  test('a shard that started in 1970 (an offset of decades, not seconds)', async () => {
    expectRefused(await merge('epoch', (run) => ((run.meta.startedAt = '1970-01-01T00:00:00.000Z'), (run.meta.endedAt = '1970-01-01T00:00:05.000Z'))), /start/i);
  });

  test('a shard that started in the year 275760', async () => {
    expectRefused(await merge('far', (run) => ((run.meta.startedAt = '+275760-09-13T00:00:00.000Z'), (run.meta.endedAt = '+275760-09-13T00:00:05.000Z'))), /startedAt|start/);
  });
});

describe('perf-action compare', () => {
  test('a 60 MB results file is refused by its size without being parsed', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"format":"perf-action/results","pad":"${'x'.repeat(60 * 1024 * 1024)}"}`);
    const baseline = write('baseline.json', shard(1));
    const run = await runCli(cli, ['compare', '--baseline', baseline, '--current', big, '--out', join(dir, 'cmp')], { cwd: dir, timeoutMs: 20_000 });
    expectRefused(run, /big\.json: larger than the maximum of 52428800 bytes/);
  });

  test('compare.resamples of a billion is refused before any work', async () => {
    const config = join(dir, 'resamples.yml');
    writeFileSync(config, `name: shop\ntarget: ${target.url}\ncompare:\n  resamples: 1000000000\n`);
    const files = [write('r-a.json', shard(1)), write('r-b.json', shard(2))];
    const run = await runCli(cli, ['compare', '--baseline', files[0]!, '--current', files[1]!, '-c', config, '--out', join(dir, 'cmp2')], { cwd: dir, timeoutMs: 20_000 });
    expectRefused(run, /compare\.resamples/);
  });
});

describe('perf-action run at the edges of the rate', () => {
  test('--rate 1e9 is refused with the maximum, and nothing is sent', async () => {
    const before = target.requests();
    const run = await runCli(cli, ['run', '--target', target.url, '--rate', '1e9', '--duration', '2s', '--out', join(dir, 'huge')], { cwd: dir, timeoutMs: 20_000 });
    expectRefused(run, /rate/);
    expect(target.requests()).toBe(before);
  });

  test('the highest accepted rate (a million a second) ends on time, saturated, with its results written', async () => {
    const out = join(dir, 'million');
    const run = await runCli(cli, ['run', '--target', target.url, '--rate', '1000000', '--duration', '2s', '--ramp-up', '0s', '--out', out], { cwd: dir, timeoutMs: 30_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.elapsedMs).toBeLessThan(15_000);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { generator: { saturated: boolean; scheduled: number; missedSends: number } };
    expect(results.generator.saturated).toBe(true);
    expect(results.generator.missedSends).toBeGreaterThan(0);
  }, 40_000);
});
