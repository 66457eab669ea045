// Change points in main's own history: E-Divisive with means (Matteson & James 2014, as used by MongoDB,
// Daly et al. ICPE 2020, and Apache Otava). On ln q, the statistic for a split τ of a segment of n points
// is τ(n − τ)/n · (mean_left − mean_right)² (the energy statistic with exponent 2, which reduces to a
// difference of means); its maximum is tested against random permutations of the segment, p = 0.001,
// and segments are split recursively. The history test (§4) then uses only runs after the last change.

import type { PercentileName } from '../config/types.js';
import type { HistoryEntry } from '../results/types.js';
import type { ChangePoint } from './types.js';
import { RULES } from './defaults.js';
import { historySeries } from './history-test.js';
import { createRng, type Rng } from './rng.js';

function bestSplit(values: Float64Array, minSegment: number): { at: number; statistic: number } {
  const n = values.length;
  let total = 0;
  for (const value of values) total += value;
  let left = 0;
  let best = { at: -1, statistic: -Infinity };
  for (let tau = 1; tau < n; tau++) {
    left += values[tau - 1]!;
    if (tau < minSegment || n - tau < minSegment) continue;
    const difference = left / tau - (total - left) / (n - tau);
    const statistic = ((tau * (n - tau)) / n) * difference * difference;
    if (statistic > best.statistic) best = { at: tau, statistic };
  }
  return best;
}

function significant(values: Float64Array, observed: number, options: ChangePointOptions, rng: Rng): boolean {
  const shuffled = Float64Array.from(values);
  let exceed = 0;
  for (let p = 0; p < options.permutations; p++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const swap = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = swap;
    }
    if (bestSplit(shuffled, options.minSegment).statistic >= observed) exceed++;
    if ((1 + exceed) / (options.permutations + 1) > options.pValue) return false;
  }
  return true;
}

export interface ChangePointOptions {
  readonly pValue: number;
  readonly permutations: number;
  readonly minSegment: number;
  readonly seed: number;
}

export const DEFAULT_CHANGE_POINT_OPTIONS: ChangePointOptions = {
  pValue: RULES.changePointPValue,
  permutations: RULES.changePointPermutations,
  minSegment: RULES.changePointMinSegment,
  seed: 1,
};

/** Indexes where a new segment starts, ascending. Values must be finite. */
export function eDivisive(values: readonly number[], options: ChangePointOptions = DEFAULT_CHANGE_POINT_OPTIONS): number[] {
  const rng = createRng(options.seed);
  const found: number[] = [];
  const visit = (start: number, end: number): void => {
    if (end - start < 2 * options.minSegment) return;
    const segment = Float64Array.from(values.slice(start, end));
    const split = bestSplit(segment, options.minSegment);
    if (split.at < 0 || !(split.statistic > 0) || !significant(segment, split.statistic, options, rng)) return;
    found.push(start + split.at);
    visit(start, start + split.at);
    visit(start + split.at, end);
  };
  visit(0, values.length);
  return found.sort((a, b) => a - b);
}

export interface HistoryChangePoints {
  readonly changePoints: readonly ChangePoint[];
  /** Per `endpoint|metric`: index into the entries of the first run after the last change point. */
  readonly windowStart: ReadonlyMap<string, number>;
}

export function historyKey(endpoint: string, metric: PercentileName): string {
  return `${endpoint}|${metric}`;
}

/** Runs E-Divisive on the last 50 entries of each endpoint × metric series. */
export function findHistoryChangePoints(entries: readonly HistoryEntry[], series: readonly { endpoint: string; metric: PercentileName }[], seed: number): HistoryChangePoints {
  const offset = Math.max(0, entries.length - RULES.changePointWindow);
  const recent = entries.slice(offset);
  const changePoints: ChangePoint[] = [];
  const windowStart = new Map<string, number>();
  for (const { endpoint, metric } of series) {
    const all = historySeries(recent, endpoint, metric);
    const positions = all.map((value, i) => (Number.isFinite(value) ? i : -1)).filter((i) => i >= 0);
    if (positions.length < 2 * RULES.changePointMinSegment) continue;
    const logs = positions.map((i) => Math.log(all[i]!));
    const splits = eDivisive(logs, { ...DEFAULT_CHANGE_POINT_OPTIONS, seed });
    let previous = 0;
    splits.forEach((split, k) => {
      const next = splits[k + 1] ?? positions.length;
      const before = positions.slice(previous, split).map((i) => all[i]!);
      const after = positions.slice(split, next).map((i) => all[i]!);
      const mean = (list: number[]): number => list.reduce((sum, v) => sum + v, 0) / list.length;
      const entry = recent[positions[split]!]!;
      changePoints.push({ commit: entry.commit, date: entry.date, endpoint, metric, ratio: mean(after) / mean(before) });
      previous = split;
    });
    const last = splits[splits.length - 1];
    if (last !== undefined) windowStart.set(historyKey(endpoint, metric), offset + positions[last]!);
  }
  return { changePoints, windowStart };
}
