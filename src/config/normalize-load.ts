// Turns one raw `load` section (the top-level one or a profile's) into LoadConfig: milliseconds,
// defaults, and the rules that depend on the model (open phases need a rate, closed ones virtual
// users). Structure has already been checked by validate.ts; this adds only cross-field meaning.

import type { LoadConfig, Phase } from './types.js';
import { readDurationMs } from './duration.js';
import { ProblemList, type FieldPath } from './problems.js';
import { toNumber } from './validate.js';
import { MAX_RUN_MS, MAX_VUS } from './maxima.js';

/** Open model default for load.maxInFlight; generous, since the engine's slots are preallocated counters, not sockets. */
export const DEFAULT_MAX_IN_FLIGHT = 10_000;

type RawRecord = Record<string, unknown>;

export function normalizeLoad(raw: RawRecord, path: FieldPath, problems: ProblemList): LoadConfig {
  const model = raw.model === 'closed' ? 'closed' : 'open';
  const arrivals = raw.arrivals === 'poisson' ? 'poisson' : 'constant';
  if (model === 'closed' && raw.arrivals !== undefined) {
    problems.add([...path, 'arrivals'], 'only for the open model; in the closed model each virtual user starts its next iteration when the last one ends');
  }
  const rawPhases = Array.isArray(raw.phases) ? (raw.phases as RawRecord[]) : [];
  const phases: Phase[] = [];
  const seenNames = new Map<string, number>();
  rawPhases.forEach((rawPhase, index) => {
    const phasePath = [...path, 'phases', index];
    const name = typeof rawPhase.name === 'string' ? rawPhase.name : `phase-${index + 1}`;
    const earlier = seenNames.get(name);
    if (earlier !== undefined) problems.add([...phasePath, 'name'], `"${name}" is already the name of phases[${earlier}]; phase names must be unique`);
    seenNames.set(name, index);
    const durationMs = readDurationMs(rawPhase.duration) ?? 0;
    if (durationMs <= 0) problems.add([...phasePath, 'duration'], `expected a duration above 0, got ${JSON.stringify(rawPhase.duration)}`);
    phases.push(model === 'open' ? openPhase(rawPhase, name, durationMs, phasePath, problems) : closedPhase(rawPhase, name, durationMs, phasePath, problems));
  });
  const totalMs = phases.reduce((sum, phase) => sum + phase.durationMs, 0);
  if (totalMs > MAX_RUN_MS) problems.add([...path, 'phases'], `the phases last ${totalMs / 3_600_000} h together, above the maximum of ${MAX_RUN_MS / 3_600_000} h for one run`);
  const maxInFlight =
    raw.maxInFlight !== undefined
      ? toNumber(raw.maxInFlight)
      : model === 'open'
        ? DEFAULT_MAX_IN_FLIGHT
        : Math.max(1, ...phases.map((phase) => Math.max(phase.vus ?? 0, phase.rampToVus ?? 0)));
  return { model, arrivals, phases, maxInFlight };
}

function openPhase(raw: RawRecord, name: string, durationMs: number, path: FieldPath, problems: ProblemList): Phase {
  if (raw.vus !== undefined) problems.add([...path, 'vus'], 'only for the closed model (load.model: closed); the open model sets an arrival rate');
  if (raw.rampToVus !== undefined) problems.add([...path, 'rampToVus'], 'only for the closed model (load.model: closed); use rampTo for a rate ramp');
  if (raw.rate === undefined) {
    problems.add(path, 'missing "rate": an open-model phase needs an arrival rate (requests per second)');
    return { name, durationMs, rate: 0, isRamp: false };
  }
  const rate = toNumber(raw.rate);
  if (raw.rampTo === undefined) return { name, durationMs, rate, isRamp: false };
  const rampTo = toNumber(raw.rampTo);
  return { name, durationMs, rate, rampTo, isRamp: rampTo !== rate };
}

function closedPhase(raw: RawRecord, name: string, durationMs: number, path: FieldPath, problems: ProblemList): Phase {
  if (raw.rate !== undefined) problems.add([...path, 'rate'], 'only for the open model; a closed-model phase sets vus (virtual users)');
  if (raw.rampTo !== undefined && raw.rampToVus !== undefined) {
    problems.add([...path, 'rampTo'], 'give rampTo or rampToVus, not both (in the closed model both mean virtual users at the end)');
  }
  const rawEnd = raw.rampToVus ?? raw.rampTo;
  const endVus = rawEnd === undefined ? undefined : toNumber(rawEnd);
  if (endVus !== undefined && (!Number.isInteger(endVus) || endVus > MAX_VUS)) {
    problems.add([...path, raw.rampToVus === undefined ? 'rampTo' : 'rampToVus'], `expected a whole number of virtual users ≤ ${MAX_VUS}, got ${JSON.stringify(rawEnd)}`);
  }
  if (raw.vus === undefined) {
    problems.add(path, 'missing "vus": a closed-model phase needs a number of virtual users');
    return { name, durationMs, vus: 0, isRamp: false };
  }
  const vus = toNumber(raw.vus);
  if (endVus === undefined) return { name, durationMs, vus, isRamp: false };
  return { name, durationMs, vus, rampToVus: endVus, isRamp: endVus !== vus };
}

export function totalDurationMs(load: LoadConfig): number {
  return load.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
}
