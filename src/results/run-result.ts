// Reading and writing results.json: validateRunResult checks a parsed value against the RunResult
// contract in types.ts and lists every problem with its JSON path, so a malformed or foreign file fails
// at the door (ResultsError, exit 2) instead of deep inside the analysis. Histogram strings are checked
// for shape (base64) here; decoding happens once, later, in the analysis.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ResultsError } from '../errors.js';
import { ERROR_CLASSES, RUN_RESULT_FORMAT, RUN_RESULT_VERSION, type RunResult } from './types.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Json = Record<string, unknown>;

export class Problems {
  readonly list: string[] = [];
  add(path: string, expected: string, found: unknown): void {
    const shown = found === undefined ? 'nothing' : JSON.stringify(found)?.slice(0, 60) ?? String(found);
    this.list.push(`${path}: expected ${expected}, got ${shown}`);
  }
  object(value: unknown, path: string): Json | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.add(path, 'an object', value);
    return undefined;
  }
  string(value: unknown, path: string, optional = false): void {
    if (optional && value === undefined) return;
    if (typeof value !== 'string') this.add(path, 'a string', value);
  }
  number(value: unknown, path: string, options: { min?: number; integer?: boolean; optional?: boolean } = {}): void {
    if (options.optional && value === undefined) return;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (options.min === undefined || value >= options.min) &&
      (!options.integer || Number.isInteger(value));
    if (!ok) this.add(path, `${options.integer ? 'an integer' : 'a number'}${options.min === undefined ? '' : ` ≥ ${options.min}`}`, value);
  }
  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.add(path, 'true or false', value);
  }
  array(value: unknown, path: string, length?: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.add(path, length === undefined ? 'an array' : `an array of ${length}`, value);
      return undefined;
    }
    if (length !== undefined && value.length !== length) {
      this.list.push(`${path}: expected ${length} entries (one per second), got ${value.length}`);
      return undefined;
    }
    return value;
  }
  counts(value: unknown, path: string, length: number): void {
    const items = this.array(value, path, length);
    items?.forEach((item, i) => this.number(item, `${path}[${i}]`, { min: 0, integer: true }));
  }
  histograms(value: unknown, path: string, length: number): void {
    const items = this.array(value, path, length);
    items?.forEach((item, i) => {
      if (item !== null && (typeof item !== 'string' || !BASE64.test(item))) this.add(`${path}[${i}]`, 'an encoded histogram (base64) or null', item);
    });
  }
}

function checkSeries(problems: Problems, value: unknown, path: string, seconds: number): void {
  const series = problems.object(value, path);
  if (!series) return;
  problems.string(series.name, `${path}.name`);
  problems.string(series.method, `${path}.method`, true);
  problems.histograms(series.latency, `${path}.latency`, seconds);
  problems.histograms(series.serviceTime, `${path}.serviceTime`, seconds);
  problems.counts(series.requests, `${path}.requests`, seconds);
  const errors = problems.object(series.errors, `${path}.errors`);
  if (errors) {
    for (const [key, perSecond] of Object.entries(errors)) {
      if (!(ERROR_CLASSES as readonly string[]).includes(key)) problems.add(`${path}.errors`, `error classes among ${ERROR_CLASSES.join(', ')}`, key);
      else problems.counts(perSecond, `${path}.errors.${key}`, seconds);
    }
  }
  const status = problems.object(series.status, `${path}.status`);
  if (status) for (const [code, perSecond] of Object.entries(status)) problems.counts(perSecond, `${path}.status.${code}`, seconds);
  const samples = problems.object(series.errorSamples, `${path}.errorSamples`);
  if (samples) for (const [key, text] of Object.entries(samples)) problems.string(text, `${path}.errorSamples.${key}`);
}

/** Returns the value typed as a RunResult, or throws a ResultsError listing every problem. */
export function validateRunResult(value: unknown, source: string): RunResult {
  const problems = new Problems();
  const root = problems.object(value, '$');
  if (!root) throw new ResultsError(`${source}: not a perf-action results file`, problems.list);
  if (root.format !== RUN_RESULT_FORMAT) {
    throw new ResultsError(`${source}: not a perf-action results file ($.format is ${JSON.stringify(root.format)}, expected "${RUN_RESULT_FORMAT}")`);
  }
  if (root.version !== RUN_RESULT_VERSION) {
    throw new ResultsError(`${source}: results format version ${JSON.stringify(root.version)} is not supported (this version reads ${RUN_RESULT_VERSION})`);
  }
  problems.number(root.seconds, '$.seconds', { min: 0, integer: true });
  const seconds = typeof root.seconds === 'number' && Number.isInteger(root.seconds) && root.seconds >= 0 ? root.seconds : 0;
  const meta = problems.object(root.meta, '$.meta');
  if (meta) {
    for (const key of ['runId', 'startedAt', 'endedAt', 'toolVersion', 'configName', 'configHash', 'target'] as const) problems.string(meta[key], `$.meta.${key}`);
    for (const key of ['profile', 'commit', 'ref', 'workflow', 'partialReason'] as const) problems.string(meta[key], `$.meta.${key}`, true);
    if (!['loopback', 'private', 'public'].includes(meta.targetClass as string)) problems.add('$.meta.targetClass', '"loopback", "private" or "public"', meta.targetClass);
    if (typeof meta.startedAt === 'string' && Number.isNaN(Date.parse(meta.startedAt))) problems.add('$.meta.startedAt', 'an ISO 8601 date', meta.startedAt);
    problems.boolean(meta.partial, '$.meta.partial');
    problems.number(meta.shards, '$.meta.shards', { min: 1, integer: true });
    const runner = problems.object(meta.runner, '$.meta.runner');
    if (runner) {
      problems.string(runner.os, '$.meta.runner.os');
      problems.number(runner.cpus, '$.meta.runner.cpus', { min: 0 });
      problems.string(runner.nodeVersion, '$.meta.runner.nodeVersion');
    }
    const labels = problems.object(meta.labels, '$.meta.labels');
    if (labels) for (const [key, text] of Object.entries(labels)) problems.string(text, `$.meta.labels.${key}`);
  }
  const plan = problems.object(root.plan, '$.plan');
  if (plan) {
    if (plan.model !== 'open' && plan.model !== 'closed') problems.add('$.plan.model', '"open" or "closed"', plan.model);
    if (plan.arrivals !== 'constant' && plan.arrivals !== 'poisson') problems.add('$.plan.arrivals', '"constant" or "poisson"', plan.arrivals);
    problems.number(plan.durationSec, '$.plan.durationSec', { min: 0 });
    problems.number(plan.plannedRequests, '$.plan.plannedRequests', { min: 0, optional: true });
    problems.number(plan.connections, '$.plan.connections', { min: 0 });
    problems.array(plan.phases, '$.plan.phases')?.forEach((item, i) => {
      const phase = problems.object(item, `$.plan.phases[${i}]`);
      if (!phase) return;
      problems.string(phase.name, `$.plan.phases[${i}].name`);
      problems.number(phase.startSec, `$.plan.phases[${i}].startSec`, { min: 0 });
      problems.number(phase.durationSec, `$.plan.phases[${i}].durationSec`, { min: 0 });
      for (const key of ['rate', 'rampTo', 'vus', 'rampToVus'] as const) problems.number(phase[key], `$.plan.phases[${i}].${key}`, { min: 0, optional: true });
      problems.boolean(phase.isRamp, `$.plan.phases[${i}].isRamp`);
    });
  }
  problems.array(root.endpoints, '$.endpoints')?.forEach((series, i) => checkSeries(problems, series, `$.endpoints[${i}]`, seconds));
  checkSeries(problems, root.total, '$.total', seconds);
  const generator = problems.object(root.generator, '$.generator');
  if (generator) {
    if (generator.lag !== null && (typeof generator.lag !== 'string' || !BASE64.test(generator.lag))) problems.add('$.generator.lag', 'an encoded histogram or null', generator.lag);
    problems.histograms(generator.lagPerSecond, '$.generator.lagPerSecond', seconds);
    problems.number(generator.scheduled, '$.generator.scheduled', { min: 0 });
    problems.number(generator.sent, '$.generator.sent', { min: 0 });
    problems.number(generator.missedSends, '$.generator.missedSends', { min: 0 });
    problems.counts(generator.missedPerSecond, '$.generator.missedPerSecond', seconds);
    if (generator.startedPerSecond !== undefined) problems.counts(generator.startedPerSecond, '$.generator.startedPerSecond', seconds);
    problems.number(generator.eventLoopDelayP99Ms, '$.generator.eventLoopDelayP99Ms', { min: 0 });
    problems.boolean(generator.saturated, '$.generator.saturated');
    problems.array(generator.saturationReasons, '$.generator.saturationReasons')?.forEach((text, i) => problems.string(text, `$.generator.saturationReasons[${i}]`));
  }
  if (problems.list.length > 0) {
    const shown = problems.list.slice(0, 20);
    const more = problems.list.length > shown.length ? `\n  … and ${problems.list.length - shown.length} more` : '';
    throw new ResultsError(`${source}: ${problems.list.length} problem${problems.list.length > 1 ? 's' : ''} in the results file\n  - ${shown.join('\n  - ')}${more}`, problems.list);
  }
  return value as RunResult;
}

/** Reads and validates a JSON file; the error names the file and what is wrong with it. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsError(`${path}: cannot read (${code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ResultsError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

export async function readRunResult(path: string): Promise<RunResult> {
  return validateRunResult(await readJsonFile(path), path);
}

/** Writes JSON, creating the directory; compact by default because per-second histograms make it large. */
export async function writeJsonFile(path: string, value: unknown, options: { pretty?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, options.pretty ? 2 : undefined) + '\n', 'utf8');
}

export async function writeRunResult(path: string, result: RunResult, options: { pretty?: boolean } = {}): Promise<void> {
  await writeJsonFile(path, result, options);
}
