// `perf-action run`: builds the config (quick flags or -c perf.yml), runs the load, writes
// DIR/results.json (also when the run was interrupted or the target failed), prints the steady-window
// table and, with --summary-json, writes the figures as JSON. Then the rest of the pipeline: the
// verdict against --baseline (and --history) or SLOs alone, DIR/verdict.json, comment.md and
// report.html, perf.yml's notifications and exports (src/pipeline/after-run-pushes.ts), and the exit
// code that --fail-on asks for. Flags are checked before any request is sent.
// Once the config is known, every file written and every line printed is redacted of its secrets.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration, quickConfig } from '../../config/quick.js';
import type { PerfConfig } from '../../config/types.js';
import { secretsOf } from '../../config/secrets.js';
import { formatProgress, type ProgressSnapshot } from '../../engine/progress.js';
import { runLoad } from '../../engine/run-load.js';
import { summariseSteady, type SteadySummary } from '../../engine/steady-summary.js';
import { ConfigError, UsageError } from '../../errors.js';
import { parseFailOn, exitCodeForVerdict, type FailOnKind } from '../../analysis/exit-policy.js';
import { analyseRun, renderReports } from '../../pipeline/analyse-and-report.js';
import { describePush, sendAfterRunPushes } from '../../pipeline/after-run-pushes.js';
import { outputPaths, writeReports, writeResults } from '../../pipeline/write-outputs.js';
import { stopErrorFor } from '../../pipeline/stop-error.js';
import { readHistory } from '../../results/history.js';
import { readRunResult, writeJsonFile } from '../../results/run-result.js';
import type { RunResult } from '../../results/types.js';
import { formatRunTable } from '../format-table.js';
import type { CliIo, Command } from '../io.js';
import { redactError, redactingIo } from '../redacting-io.js';
import { loadCliConfig } from '../load-config.js';

const USAGE = `Usage: perf-action run --target URL [--rate N | --vus N] [--duration 30s] [--ramp-up 10s]
                        [--connections N] [--out DIR] [--summary-json FILE] [--seed N]
       perf-action run -c perf.yml [--profile NAME] [--target URL] [--connections N] [--out DIR] ...

  --target URL         the URL to load (with -c: replaces the config's target)
  --rate N             open model: requests per second in the steady phase (default 10)
  --vus N              closed model: virtual users in the steady phase
  --duration 30s       length of the steady phase (default 30s)
  --ramp-up 10s        ramp before the steady phase (default a third of --duration, at most 10s)
  --connections N      connections per origin
  --insecure           accept the target's TLS certificate unverified (self-signed previews)
  -c, --config FILE    perf.yml; --profile NAME picks one of its load profiles
  --out DIR            where results.json goes (default ./perf-results)
  --summary-json FILE  steady-window figures as JSON
  --seed N             seed for Poisson arrivals, scenario picks and random values
  --baseline FILE      results.json of a baseline run (main) to compare with
  --history FILE       history.json of main's earlier runs (needs --baseline)
  --fail-on KINDS      slo,regression (default) | slo | regression | none: what makes the exit code 1
  --run-url URL        link to this run (CI job) in notifications
  --report-url URL     link to the published report.html in notifications

Writes DIR/results.json, verdict.json, comment.md and report.html (also when the run stops early),
then sends perf.yml's notify: and exports: pushes (a failed push is a warning, never a failed run).
Exit codes: 0 pass or inconclusive, 1 a failing verdict that --fail-on names, 2 bad input, 3 the
target is unreachable, 5 perf.yml's abort rule stopped the load, 130 SIGINT, 143 SIGTERM.
`;

const OPTIONS = {
  target: { type: 'string' },
  rate: { type: 'string' },
  vus: { type: 'string' },
  duration: { type: 'string' },
  'ramp-up': { type: 'string' },
  connections: { type: 'string' },
  insecure: { type: 'boolean' },
  out: { type: 'string' },
  'summary-json': { type: 'string' },
  config: { type: 'string', short: 'c' },
  profile: { type: 'string' },
  seed: { type: 'string' },
  baseline: { type: 'string' },
  history: { type: 'string' },
  'fail-on': { type: 'string' },
  'run-url': { type: 'string' },
  'report-url': { type: 'string' },
} as const;

export interface RunOptions {
  readonly outDir: string;
  /** Paths of a baseline results.json and of main's history.json, read before any request is sent. */
  readonly baselinePath?: string;
  readonly historyPath?: string;
  readonly failOn?: ReadonlySet<FailOnKind>;
  readonly summaryJson?: string;
  readonly seed?: number;
  readonly commit?: string;
  readonly ref?: string;
  readonly workflow?: string;
  /** Links shown in notifications. */
  readonly runUrl?: string;
  readonly reportUrl?: string;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly outDir: string;
  readonly summary: SteadySummary;
}

function numberFlag(flag: string, text: string | undefined, check: (value: number) => boolean, expected: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new ConfigError([`--${flag}: expected ${expected}, got ${JSON.stringify(text)}`]);
  return value;
}

function parseFlags(args: readonly string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util names the flag in its message (e.g. "Unknown option '--rat'").
    throw new UsageError(`run: ${(error as Error).message}`);
  }
}

/** Turns the flags into a config: quickConfig without -c, the perf.yml loader with it. */
export async function configFromFlags(args: readonly string[], io: CliIo): Promise<{ config: PerfConfig; options: RunOptions }> {
  const flags = parseFlags(args);
  const seed = numberFlag('seed', flags.seed, (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff, 'an integer from 0 to 4294967295');
  const connections = numberFlag('connections', flags.connections, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
  const outDir = resolve(io.cwd, flags.out ?? 'perf-results');
  if (flags.history !== undefined && flags.baseline === undefined) throw new UsageError('run: --history needs --baseline FILE');
  const options: RunOptions = {
    outDir,
    ...(flags.baseline === undefined ? {} : { baselinePath: resolve(io.cwd, flags.baseline) }),
    ...(flags.history === undefined ? {} : { historyPath: resolve(io.cwd, flags.history) }),
    failOn: parseFailOn(flags['fail-on'] ?? 'slo,regression'),
    ...(flags['summary-json'] === undefined ? {} : { summaryJson: resolve(io.cwd, flags['summary-json']) }),
    ...(seed === undefined ? {} : { seed }),
    ...(flags['run-url'] === undefined ? {} : { runUrl: flags['run-url'] }),
    ...(flags['report-url'] === undefined ? {} : { reportUrl: flags['report-url'] }),
  };
  if (flags.config !== undefined) {
    const quickOnly = (['rate', 'vus', 'duration', 'ramp-up'] as const).filter((flag) => flags[flag] !== undefined);
    if (quickOnly.length > 0) {
      throw new UsageError(`run: ${quickOnly.map((flag) => `--${flag}`).join(', ')} apply only without -c; set the load in perf.yml or pick a profile with --profile`);
    }
    const loaded = await loadCliConfig({ config: flags.config, profile: flags.profile, target: flags.target }, io);
    const config: PerfConfig = {
      ...loaded,
      http: { ...loaded.http, ...(connections === undefined ? {} : { connections }), ...(flags.insecure === true ? { insecureTls: true } : {}) },
    };
    return { config, options };
  }
  if (flags.profile !== undefined) throw new UsageError('run: --profile needs a config file (-c perf.yml)');
  if (flags.target === undefined) throw new UsageError('run: give --target URL, or a config file with -c perf.yml');
  const rate = numberFlag('rate', flags.rate, (v) => v > 0, 'requests per second above 0');
  const vus = numberFlag('vus', flags.vus, (v) => Number.isInteger(v) && v >= 1, 'a whole number of virtual users ≥ 1');
  const config = quickConfig({
    target: flags.target,
    durationMs: parseDuration(flags.duration ?? '30s', '--duration'),
    ...(rate === undefined ? {} : { rate }),
    ...(vus === undefined ? {} : { vus }),
    ...(flags['ramp-up'] === undefined ? {} : { rampUpMs: parseDuration(flags['ramp-up'], '--ramp-up') }),
    ...(connections === undefined ? {} : { connections }),
    ...(flags.insecure === true ? { insecureTls: true } : {}),
  });
  return { config, options };
}

/** Prints progress to stderr: a line every 5 s in logs, one live line in a terminal. */
export function progressPrinter(io: CliIo): { onProgress: (snapshot: ProgressSnapshot) => void; done: () => void } {
  const live = io.stderr.isTTY === true;
  let lastPrintedSec = 0;
  let wroteLive = false;
  return {
    onProgress(snapshot) {
      if (live) {
        io.stderr.write(`\r\x1b[2K${formatProgress(snapshot)}`);
        wroteLive = true;
      } else if (snapshot.elapsedSec - lastPrintedSec >= 5) {
        lastPrintedSec = snapshot.elapsedSec;
        io.stderr.write(formatProgress(snapshot) + '\n');
      }
    },
    done() {
      if (wroteLive) io.stderr.write('\n');
    },
  };
}

/** Runs the load for `config` and writes what it gathered; the body later steps extend. */
export async function executeRun(config: PerfConfig, io: CliIo, options: RunOptions): Promise<RunOutcome> {
  const printer = progressPrinter(io);
  let result: RunResult;
  try {
    result = await runLoad(config, {
      signal: io.signal,
      onProgress: printer.onProgress,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.commit === undefined ? {} : { commit: options.commit }),
      ...(options.ref === undefined ? {} : { ref: options.ref }),
      ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
    });
  } finally {
    printer.done();
  }
  const paths = outputPaths(options.outDir);
  await writeResults(paths, result, secretsOf(config));
  const summary = summariseSteady(result);
  io.stdout.write(formatRunTable(summary));
  if (result.meta.partial) io.stderr.write(`perf-action: partial run: ${result.meta.partialReason ?? 'stopped early'}\n`);
  if (options.summaryJson !== undefined) await writeJsonFile(options.summaryJson, summaryJson(summary), { pretty: true });
  io.stderr.write(`results: ${paths.results}\n`);
  return { result, outDir: options.outDir, summary };
}

/** The --summary-json document (steady window). Numbers without data are null, never 0. */
export function summaryJson(summary: SteadySummary): Record<string, unknown> {
  return {
    window: summary.window,
    partial: summary.partial,
    requests: summary.requests,
    plannedRate: summary.plannedRate,
    achievedRate: summary.achievedRate,
    errors: summary.errors,
    errorRatio: summary.errorRatio,
    latencyMs: summary.latencyMs,
    serviceTimeMs: summary.serviceTimeMs,
    generator: summary.generator,
    endpoints: summary.endpoints.map((series) => ({
      name: series.name,
      requests: series.requests,
      achievedRate: series.achievedRate,
      errors: series.errors,
      errorRatio: series.errorRatio,
      latencyMs: series.latencyMs,
      serviceTimeMs: series.serviceTimeMs,
    })),
  };
}

/**
 * The analysis half of `run`: reads the baseline and history (before the load, so a bad file costs
 * no requests), then after the run writes verdict.json, comment.md and report.html and returns the
 * exit code --fail-on asks for. results.json is already on disk when this analyses.
 */
async function runAndAnalyse(config: PerfConfig, io: CliIo, options: RunOptions): Promise<number> {
  const baseline = options.baselinePath === undefined ? undefined : await readRunResult(options.baselinePath);
  const history = options.historyPath === undefined ? undefined : await readHistory(options.historyPath);
  const { result } = await executeRun(config, io, options);
  const input = {
    current: result,
    config,
    ...(baseline === undefined ? {} : { baseline, baselineSource: options.baselinePath! }),
    ...(history === undefined ? {} : { history }),
  };
  const verdict = analyseRun(input);
  const reports = renderReports(verdict, input);
  const paths = outputPaths(options.outDir);
  await writeReports(paths, reports, secretsOf(config));
  io.stdout.write(`\n${verdict.overall.toUpperCase()}: ${verdict.headline}\n`);
  io.stderr.write(`verdict: ${paths.verdict}\nreport: ${paths.report}\n`);
  const links = { ...(options.runUrl === undefined ? {} : { runUrl: options.runUrl }), ...(options.reportUrl === undefined ? {} : { reportUrl: options.reportUrl }) };
  for (const push of await sendAfterRunPushes({ config, verdict, current: result, ...(history === undefined ? {} : { history }), links })) {
    const { level, line } = describePush(push);
    io.stderr.write(`${level === 'warning' ? 'perf-action: warning: ' : ''}${line}\n`);
  }
  // An early stop outranks the verdict: its exit code says why the run is not a whole measurement.
  const stopped = stopErrorFor(result, io.signal?.reason);
  if (stopped !== undefined) throw stopped;
  return exitCodeForVerdict(verdict, options.failOn ?? parseFailOn('slo,regression'));
}

export const runCommand: Command = {
  name: 'run',
  summary: 'load-test a target, write results.json and the verdict',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { config, options } = await configFromFlags(args, io);
    const secrets = secretsOf(config);
    try {
      return await runAndAnalyse(config, redactingIo(io, secrets), options);
    } catch (error) {
      throw redactError(error, secrets);
    }
  },
};
