// The analysis settings of perf.yml: trim rule, SLOs and comparison settings, with their defaults
// (which agree with analysis/defaults.ts) and the checks that tie them to the rest of the config:
// a trim phase must exist in every load section, SLOs must name existing endpoints.

import { DEFAULT_COMPARE, DEFAULT_TOLERANCE, type CompareConfig, type LoadConfig, type PercentileName, type SloSpec, type TrimRule } from './types.js';
import { readDurationMs, readFraction } from './duration.js';
import { didYouMean } from './did-you-mean.js';
import { ProblemList, type FieldPath } from './problems.js';
import { byQuantile, canonicalPercentile, defaultTolerance } from './percentile-name.js';
import { isPlainObject, toNumber } from './validate.js';

type RawRecord = Record<string, unknown>;


export interface LoadSection {
  readonly path: FieldPath;
  readonly load: LoadConfig;
  /** The section the run uses (the chosen profile's, or the top-level one). */
  readonly effective: boolean;
}

export function normalizeTrim(raw: unknown, loads: readonly LoadSection[], problems: ProblemList): TrimRule {
  if (raw === undefined || raw === 'auto') return { kind: 'auto' };
  if (typeof raw === 'string' && raw.startsWith('phase:')) {
    const phase = raw.slice('phase:'.length).trim();
    for (const section of loads) {
      const names = section.load.phases.map((candidate) => candidate.name);
      if (!names.includes(phase)) {
        problems.add(['trim'], `phase "${phase}" is not a phase of ${section.path.join('.')} (phases: ${names.join(', ')})${didYouMean(phase, names)}`);
      }
    }
    return { kind: 'phase', phase };
  }
  const read = readDurationMs(raw);
  if (read === undefined) problems.add(['trim'], `expected "auto", a duration like "45s", or "phase:<name>", got ${JSON.stringify(raw)}`);
  const cutMs = read ?? 0;
  for (const section of loads.filter((candidate) => candidate.effective)) {
    const totalMs = section.load.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
    if (totalMs > 0 && cutMs >= totalMs) problems.add(['trim'], `cuts ${cutMs / 1000}s, but ${section.path.join('.')} lasts only ${totalMs / 1000}s`);
  }
  return { kind: 'fixed', cutMs };
}

export function normalizeSlos(raw: readonly RawRecord[], endpointNames: readonly string[], problems: ProblemList): SloSpec[] {
  const names = new Map<string, number>();
  const out: SloSpec[] = [];
  raw.forEach((rawSlo, index) => {
    const path = ['slo', index];
    const name = String(rawSlo.name);
    const earlier = names.get(name);
    if (earlier !== undefined) problems.add([...path, 'name'], `"${name}" is already the name of slo[${earlier}]; SLO names must be unique`);
    names.set(name, index);
    let endpoints: readonly string[] | 'all' = 'all';
    if (Array.isArray(rawSlo.endpoints)) {
      endpoints = rawSlo.endpoints.map(String);
      endpoints.forEach((endpoint, endpointIndex) => {
        if (!endpointNames.includes(endpoint)) {
          problems.add([...path, 'endpoints', endpointIndex], `no endpoint is named "${endpoint}"${didYouMean(endpoint, endpointNames)} (endpoints: ${endpointNames.join(', ')})`);
        }
      });
    }
    const kinds = (['latency', 'availability', 'errorRatio'] as const).filter((key) => rawSlo[key] !== undefined);
    if (kinds.length !== 1) {
      problems.add(path, `an SLO takes exactly one of latency, availability, errorRatio; got ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`);
      return;
    }
    const kind = kinds[0]!;
    if (kind === 'latency' && isPlainObject(rawSlo.latency)) {
      const thresholdMs = readDurationMs(rawSlo.latency.threshold) ?? 0;
      const objective = readFraction(rawSlo.latency.objective) ?? 0;
      if (thresholdMs <= 0) problems.add([...path, 'latency', 'threshold'], `expected a duration above 0, got ${JSON.stringify(rawSlo.latency.threshold)}`);
      checkObjective(objective, rawSlo.latency.objective, [...path, 'latency', 'objective'], problems);
      out.push({ name, kind: 'latency', endpoints, thresholdMs, objective });
    } else if (kind === 'availability') {
      const objective = readFraction(rawSlo.availability) ?? 0;
      checkObjective(objective, rawSlo.availability, [...path, 'availability'], problems);
      out.push({ name, kind: 'availability', endpoints, objective });
    } else if (kind === 'errorRatio') {
      const maxErrorRatio = readFraction(rawSlo.errorRatio) ?? 0;
      if (maxErrorRatio >= 1) problems.add([...path, 'errorRatio'], `expected a share below 100%, got ${JSON.stringify(rawSlo.errorRatio)}`);
      out.push({ name, kind: 'error-ratio', endpoints, maxErrorRatio });
    }
  });
  return out;
}

function checkObjective(objective: number, raw: unknown, path: FieldPath, problems: ProblemList): void {
  // 100 % leaves no error budget: no finite run can show it is met, so every verdict would be inconclusive.
  if (objective <= 0 || objective >= 1) problems.add(path, `expected an objective above 0% and below 100%, got ${JSON.stringify(raw)}`);
}

export function normalizeCompare(raw: unknown, problems: ProblemList): CompareConfig {
  if (!isPlainObject(raw)) return DEFAULT_COMPARE;
  // Validation has checked each name's spelling; here p999 and p99.9 become one name.
  const written = Array.isArray(raw.percentiles) ? raw.percentiles.map(String) : DEFAULT_COMPARE.percentiles;
  const seen = new Set<PercentileName>();
  const duplicates = new Set<string>();
  for (const text of written) {
    const name = canonicalPercentile(text);
    if (name === undefined) continue;
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) problems.add(['compare', 'percentiles'], `${[...duplicates].join(', ')} listed more than once`);
  const percentiles = [...seen].sort(byQuantile);
  const tolerance: Partial<Record<PercentileName, number>> = { ...DEFAULT_TOLERANCE };
  for (const name of percentiles) tolerance[name] ??= defaultTolerance(name);
  if (isPlainObject(raw.tolerance)) {
    const spelled = new Map<PercentileName, string>();
    for (const [key, value] of Object.entries(raw.tolerance)) {
      const name = canonicalPercentile(key);
      const fraction = readFraction(value);
      if (name === undefined || fraction === undefined) continue;
      const earlier = spelled.get(name);
      if (earlier !== undefined) problems.add(['compare', 'tolerance', key], `${key} and ${earlier} are the same percentile; give its tolerance once`);
      spelled.set(name, key);
      tolerance[name] = fraction;
    }
  }
  return {
    percentiles,
    tolerance,
    floorMs: raw.floor === undefined ? DEFAULT_COMPARE.floorMs : (readDurationMs(raw.floor) ?? DEFAULT_COMPARE.floorMs),
    alpha: raw.alpha === undefined ? DEFAULT_COMPARE.alpha : toNumber(raw.alpha),
    resamples: raw.resamples === undefined ? DEFAULT_COMPARE.resamples : toNumber(raw.resamples),
    seed: raw.seed === undefined ? DEFAULT_COMPARE.seed : toNumber(raw.seed),
    historyWindow: raw.historyWindow === undefined ? DEFAULT_COMPARE.historyWindow : toNumber(raw.historyWindow),
  };
}
