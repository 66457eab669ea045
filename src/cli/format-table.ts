// The table `perf-action run` prints: per endpoint and in total over the steady window, requests,
// achieved (and planned) rate, latency percentiles in ms and the error ratio, plus one line on the
// generator's health. Returns a string; the command decides where it goes.

import type { PercentilesMs, SeriesSummary, SteadySummary } from '../engine/steady-summary.js';

const HEAD = ['endpoint', 'requests', 'req/s', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max', 'errors'];

function ms(value: number | null): string {
  if (value === null) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function percent(ratio: number | null): string {
  if (ratio === null) return '–';
  return ratio === 0 ? '0 %' : `${(100 * ratio).toFixed(ratio < 0.001 ? 3 : 2)} %`;
}

function row(series: SeriesSummary, rate: string): string[] {
  const latency: PercentilesMs = series.latencyMs;
  return [series.name, String(series.requests), rate, ms(latency.p50), ms(latency.p90), ms(latency.p95), ms(latency.p99), ms(latency.p999), ms(latency.max), percent(series.errorRatio)];
}

export function formatRunTable(summary: SteadySummary): string {
  const rows = summary.endpoints.map((series) => row(series, series.achievedRate.toFixed(1)));
  const totalRate = summary.plannedRate === null ? summary.achievedRate.toFixed(1) : `${summary.achievedRate.toFixed(1)}/${summary.plannedRate.toFixed(1)}`;
  rows.push(row({ ...summary, name: 'all' }, totalRate));
  const widths = HEAD.map((head, column) => Math.max(head.length, ...rows.map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const out = [
    `steady window ${summary.window.startSec}s → ${summary.window.endSec}s${summary.partial ? ' (partial run)' : ''} · latency in ms from the scheduled start · req/s achieved${summary.plannedRate === null ? '' : '/planned'}`,
    line(HEAD),
    ...rows.map(line),
  ];
  const generator = summary.generator;
  out.push(
    `generator: lag p99 ${generator.lagP99Ms === null ? '–' : generator.lagP99Ms.toFixed(2) + ' ms'} · ${generator.missedSends} missed sends · ${generator.saturated ? 'SATURATED: ' + generator.saturationReasons.join('; ') : 'not saturated'}`,
  );
  return out.join('\n') + '\n';
}
