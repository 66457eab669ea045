// The README's demo command, run from the built bundle as a user runs it: a baseline, a run with one
// endpoint made slower, the comparison, the printed comment and the files it writes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';

let outDir: string;
let bundle: ReturnType<typeof ensureBuilt>;

beforeAll(() => {
  bundle = ensureBuilt();
  outDir = mkdtempSync(join(tmpdir(), 'perf-demo-'));
}, 240_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test('perf-action demo catches the injected slowdown, prints the comment and writes every file', async () => {
  const child = spawn(process.execPath, [bundle.cli, 'demo', '--out', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));

  expect(exitCode, stderr).toBe(0);
  expect(stdout).toContain('<!-- perf-action:demo-shop:demo -->');
  expect(stdout).toMatch(/\| endpoint \| requests \|/);

  const verdict = JSON.parse(readFileSync(join(outDir, 'verdict.json'), 'utf8')) as {
    comparisons: { endpoint: string; metric: string; outcome: string; ratio: number }[];
    validity: { reasons: string[] };
  };
  // On a quiet machine the generator gates pass and the +50 % on `product` p50 is a regression; if the
  // machine is too busy the gates say so and every row is inconclusive, never a false pass or fail.
  const productP50 = verdict.comparisons.find((row) => row.endpoint === 'product' && row.metric === 'p50');
  expect(productP50).toBeDefined();
  if (verdict.validity.reasons.length === 0) {
    expect(productP50!.outcome).toBe('fail');
    expect(productP50!.ratio).toBeGreaterThan(1.35);
    const untouched = verdict.comparisons.filter((row) => row.endpoint === 'home' || row.endpoint === 'list products');
    expect(untouched.every((row) => row.outcome !== 'fail')).toBe(true);
  } else {
    expect(productP50!.outcome).toBe('inconclusive');
  }
  for (const file of ['results.json', 'verdict.json', 'comment.md', 'report.html', 'history.json', 'baseline/results.json']) {
    expect(readFileSync(join(outDir, file), 'utf8').length, file).toBeGreaterThan(100);
  }
  expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toContain('<canvas');
}, 180_000);
