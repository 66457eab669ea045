// `perf-action compare`: analyses a current results.json against a baseline (and optional History) with
// the settings of perf.yml or the defaults, prints the table and the SLO rows, writes DIR/verdict.json,
// and exits through the shared exit policy (1 only for fail rows that --fail-on names, 2 on bad input).
// The statistics live in src/analysis; this file only reads files, formats text and picks the exit code.

import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../config/load.js';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../../analysis/defaults.js';
import { exitCodeForVerdict, parseFailOn } from '../../analysis/exit-policy.js';
import type { ComparisonRow, SloRow, Verdict } from '../../analysis/types.js';
import { analyse } from '../../analysis/verdict.js';
import { UsageError } from '../../errors.js';
import { readHistory } from '../../results/history.js';
import { readRunResult, writeJsonFile } from '../../results/run-result.js';
import type { CliIo, Command } from '../io.js';

const USAGE = `Usage: perf-action compare --baseline A.json --current B.json [options]

Compares the steady state of two results files and prints the verdict.

Options:
  --baseline FILE     results.json of the baseline run (main)
  --current FILE      results.json of the run to judge
  --history FILE      history.json of past main runs (enables the history test)
  -c, --config FILE   perf.yml: trim rule, SLOs and comparison settings (defaults without it)
  --profile NAME      profile of perf.yml to apply
  --out DIR           where verdict.json is written (default ./perf-results)
  --json              print the verdict as JSON instead of the table
  --fail-on KINDS     slo,regression (default) | slo | regression | none
`;

const ms = (value: number): string => (Number.isFinite(value) ? `${Number(value.toPrecision(3))} ms` : '–');
const signedPct = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %` : '–');
const pct = (fraction: number): string => (Number.isFinite(fraction) ? `${Number((fraction * 100).toFixed(2))} %` : '–');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function comparisonCells(row: ComparisonRow): string[] {
  const interval = Number.isFinite(row.ratioLow) ? ` (${signedPct(row.ratioLow)} … ${signedPct(row.ratioHigh)})` : '';
  const note = row.outcome === 'inconclusive' && row.reason ? `: ${row.reason}` : row.suspicious ? ' (suspicious)' : row.improvement ? ' (faster)' : '';
  return [row.endpoint, row.metric, ms(row.baselineMs), ms(row.currentMs), `${signedPct(row.ratio)}${interval}`, `${row.outcome}${note}`];
}

function sloCells(row: SloRow): string[] {
  const target = row.kind === 'latency' ? `${pct(row.objective)} under ${row.thresholdMs} ms` : row.kind === 'availability' ? `${pct(row.objective)} available` : `errors ≤ ${pct(1 - row.objective)}`;
  return [row.name, target, `${pct(row.sli)} (${pct(row.sliLow)} … ${pct(row.sliHigh)})`, Number.isFinite(row.burnRate) ? row.burnRate.toFixed(2) : '–', `${row.outcome}${row.reason ? `: ${row.reason}` : ''}`];
}

export function formatVerdictText(verdict: Verdict): string {
  const parts = [`${verdict.overall.toUpperCase()}: ${verdict.headline}`, ''];
  const trim = verdict.trim.current;
  parts.push(`steady window ${trim.startSec} s → ${trim.endSec} s (${trim.reason}) · ${verdict.total.requests} requests at ${verdict.total.ratePerSec.toFixed(1)} req/s`);
  if (verdict.comparisons.length > 0) {
    parts.push('', table(['endpoint', 'metric', 'baseline', 'current', 'change (interval)', 'verdict'], verdict.comparisons.map(comparisonCells)));
  }
  if (verdict.slos.length > 0) parts.push('', table(['SLO', 'objective', 'measured', 'burn rate', 'verdict'], verdict.slos.map(sloCells)));
  const notes = [...verdict.validity.reasons, ...verdict.notes.filter((note) => !verdict.validity.reasons.includes(note))];
  if (notes.length > 0) parts.push('', ...notes.map((note) => `note: ${note}`));
  return parts.join('\n') + '\n';
}

async function settingsFrom(configPath: string | undefined, profile: string | undefined, io: CliIo): Promise<AnalysisSettings> {
  if (configPath === undefined) {
    if (profile !== undefined) throw new UsageError('--profile needs -c/--config');
    return DEFAULT_ANALYSIS_SETTINGS;
  }
  const path = isAbsolute(configPath) ? configPath : resolve(io.cwd, configPath);
  return loadConfigFile(path, profile === undefined ? { env: io.env } : { env: io.env, profile });
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two results files (and History) and print the verdict',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          baseline: { type: 'string' },
          current: { type: 'string' },
          history: { type: 'string' },
          config: { type: 'string', short: 'c' },
          profile: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean', default: false },
          'fail-on': { type: 'string', default: 'slo,regression' },
        },
        allowPositionals: false,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(`compare: ${(error as Error).message}`);
    }
    if (values.current === undefined) throw new UsageError('compare: --current FILE is required');
    if (values.baseline === undefined && values.history === undefined) throw new UsageError('compare: give --baseline FILE, --history FILE or both');
    const failOn = parseFailOn(values['fail-on']);
    const at = (path: string): string => (isAbsolute(path) ? path : resolve(io.cwd, path));
    const settings = await settingsFrom(values.config, values.profile, io);
    const current = await readRunResult(at(values.current));
    const baseline = values.baseline === undefined ? undefined : await readRunResult(at(values.baseline));
    const history = values.history === undefined ? undefined : await readHistory(at(values.history));
    const verdict = analyse({
      current,
      ...(baseline ? { baseline } : {}),
      ...(history ? { history } : {}),
      config: settings,
      ...(values.baseline === undefined ? {} : { baselineSource: values.baseline }),
    });
    const outDir = at(values.out ?? 'perf-results');
    const verdictPath = join(outDir, 'verdict.json');
    await writeJsonFile(verdictPath, verdict, { pretty: true });
    if (values.json) io.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
    else io.stdout.write(formatVerdictText(verdict) + `\nverdict written to ${verdictPath}\n`);
    return exitCodeForVerdict(verdict, failOn);
  },
};
