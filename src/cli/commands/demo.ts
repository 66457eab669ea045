// `perf-action demo`: the whole pipeline end to end on loopback with nothing to set up. It starts the
// bundled demo service in a child process, runs a baseline (as main would), restarts the service with
// one endpoint made slower (as a pull request might), compares the two, prints the PR comment and
// writes results.json, verdict.json, comment.md and report.html.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfigText } from '../../config/load.js';
import type { PerfConfig } from '../../config/types.js';
import { DEMO_CONFIG_YAML, DEMO_INJECTED_CHANGE } from '../../demo/demo-config.js';
import { runLoad } from '../../engine/run-load.js';
import { TargetError, UsageError } from '../../errors.js';
import { analyseRun, renderReports } from '../../pipeline/analyse-and-report.js';
import { outputPaths, writeReports, writeResults } from '../../pipeline/write-outputs.js';
import { appendToHistory } from '../../results/history.js';
import type { RunResult } from '../../results/types.js';
import type { CliIo, Command } from '../io.js';
import { progressPrinter } from './run.js';

const USAGE = `Usage: perf-action demo [--out DIR] [--seed N]

Starts a demo service on loopback, runs a baseline, injects a slowdown of ×${DEMO_INJECTED_CHANGE.factor} into
"${DEMO_INJECTED_CHANGE.resultEndpoint}", runs again, compares, prints the PR comment and writes the report.
  --out DIR   where the files go (default ./perf-demo)
  --seed N    seed for arrivals, scenario picks and the bootstrap (default 1)
`;

export interface DemoServiceHandle {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the demo service; the default runs it in its own process through this same CLI. */
export type DemoServiceLauncher = (slowdown: Readonly<Record<string, number>>) => Promise<DemoServiceHandle>;

const STARTUP_TIMEOUT_MS = 10_000;

export const spawnDemoService: DemoServiceLauncher = async (slowdown) => {
  const cli = fileURLToPath(import.meta.url);
  const args = [cli, 'demo-service', ...Object.entries(slowdown).map(([key, factor]) => `--slow=${key}=${factor}`)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TargetError('the demo service did not start within 10 s')), STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new TargetError(`the demo service printed "${line}" instead of its address`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new TargetError(`the demo service exited with code ${String(code)} before it served`));
    });
  });
  return {
    url,
    close: async () => {
      child.stdin.end();
      const forced = setTimeout(() => child.kill('SIGTERM'), 2_000);
      await exited;
      clearTimeout(forced);
    },
  };
};

/** A stable stand-in for a commit SHA, so the comment shows what a real run would. */
function demoCommit(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

async function measure(
  label: string,
  slowdown: Readonly<Record<string, number>>,
  io: CliIo,
  launch: DemoServiceLauncher,
  seed: number,
): Promise<{ config: PerfConfig; result: RunResult }> {
  const service = await launch(slowdown);
  try {
    const config = loadConfigText(DEMO_CONFIG_YAML, { file: 'demo perf.yml', env: { DEMO_TARGET: service.url } });
    io.stderr.write(`${label} against ${service.url} (${config.load.phases.map((phase) => `${phase.name} ${phase.durationMs / 1000} s`).join(', ')})\n`);
    const printer = progressPrinter(io);
    try {
      const result = await runLoad(config, { signal: io.signal, onProgress: printer.onProgress, seed, commit: demoCommit(label) });
      return { config, result };
    } finally {
      printer.done();
    }
  } finally {
    await service.close();
  }
}

export async function runDemo(io: CliIo, options: { outDir: string; seed: number; launch?: DemoServiceLauncher }): Promise<number> {
  const launch = options.launch ?? spawnDemoService;
  const baseline = await measure('1/2 baseline run (as on main)', {}, io, launch, options.seed);
  if (io.signal.aborted) {
    await writeResults(outputPaths(`${options.outDir}/baseline`), baseline.result);
    return 130;
  }
  const slowdown = { [DEMO_INJECTED_CHANGE.serviceEndpoint]: DEMO_INJECTED_CHANGE.factor };
  const current = await measure(`2/2 run with "${DEMO_INJECTED_CHANGE.resultEndpoint}" made ×${DEMO_INJECTED_CHANGE.factor} slower (as in a PR)`, slowdown, io, launch, options.seed + 1);

  const baselinePaths = outputPaths(`${options.outDir}/baseline`);
  const paths = outputPaths(options.outDir);
  await writeResults(baselinePaths, baseline.result);
  await writeResults(paths, current.result);

  // History as main would carry it: here just the one baseline run, trimmed by the same rule.
  const baselineVerdict = analyseRun({ current: baseline.result, config: baseline.config });
  const window = baselineVerdict.trim.current;
  const history = appendToHistory(undefined, baseline.result, { startSec: window.startSec, endSec: window.endSec });

  const input = { current: current.result, baseline: baseline.result, history, config: current.config, baselineSource: 'demo baseline run' };
  const verdict = analyseRun(input);
  const reports = renderReports(verdict, input, { job: 'demo' });
  await writeReports(paths, { ...reports, history });

  io.stdout.write(reports.comment + '\n\n');
  const caught = verdict.comparisons.some((row) => row.endpoint === DEMO_INJECTED_CHANGE.resultEndpoint && row.outcome === 'fail');
  io.stderr.write(
    `\nverdict: ${verdict.overall} (slo ${verdict.slo}, regression ${verdict.regression}); ` +
      `the injected slowdown of "${DEMO_INJECTED_CHANGE.resultEndpoint}" was ${caught ? 'caught' : 'NOT caught'}\n` +
      `files: ${paths.results}, ${paths.verdict}, ${paths.comment}, ${paths.report}\n`,
  );
  return 0;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole pipeline on a bundled demo service (loopback, under a minute)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], options: { out: { type: 'string' }, seed: { type: 'string' } }, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const seed = parsed.values.seed === undefined ? 1 : Number(parsed.values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got "${parsed.values.seed}"`);
    return runDemo(io, { outDir: parsed.values.out ?? 'perf-demo', seed });
  },
};
