// Reading and writing results.json: validateRunResult checks a parsed value against the RunResult
// contract in types.ts and lists every problem with its JSON path, so a malformed or foreign file fails
// at the door (ResultsError, exit 2) instead of deep inside the analysis or a merge. Every histogram is
// checked in full here (histogram.ts: frame, value range, precision, counts) without being built; the
// analysis decodes it once, later. Counts are bounded and must add up (errors and statuses within
// the requests of their second), and files are read with a size cap.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ResultsError } from '../errors.js';
import { readTextCapped } from '../config/read-capped.js';
import { MAX_COUNT_PER_SECOND, MAX_TOTAL_COUNT } from './histogram.js';
import { Problems } from './problems.js';
import { ERROR_CLASSES, STOP_CAUSES, RUN_RESULT_FORMAT, RUN_RESULT_VERSION, type RunResult } from './types.js';

export { Problems } from './problems.js';

/** Largest results, history or verdict file read, at the CLI and in the action (a baseline artifact's files). */
export const MAX_RESULTS_FILE_BYTES = 50 * 1024 * 1024;
/** Longest series a results file may hold: a run of the longest plan (24 h) with room to drain. */
export const MAX_RESULT_SECONDS = 25 * 3600;
/** Most endpoints a results file may hold. */
export const MAX_ENDPOINTS = 10_000;
/** Most shards one merged result may come from. */
export const MAX_SHARDS = 1000;
/** Highest planned rate (req/s) or number of virtual users a plan can state, shards summed. */
const MAX_PLAN_LOAD = 1e9;

/** ISO 8601 as Date#toISOString writes it (seconds and fraction optional, Z or an offset). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const STATUS_CODE = /^[1-5]\d\d$/;

type Json = Record<string, unknown>;

/** An ISO 8601 date string; returns its time in ms when it is one. */
export function checkDate(problems: Problems, value: unknown, path: string): number | undefined {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
    problems.add(path, 'an ISO 8601 date like "2026-01-31T12:00:00.000Z"', value);
    return undefined;
  }
  return Date.parse(value);
}

function checkSeries(problems: Problems, value: unknown, path: string, seconds: number): string | undefined {
  const series = problems.object(value, path);
  if (!series) return undefined;
  problems.string(series.name, `${path}.name`);
  problems.string(series.method, `${path}.method`, true);
  const responses = problems.histograms(series.latency, `${path}.latency`, seconds, MAX_COUNT_PER_SECOND);
  const timed = problems.histograms(series.serviceTime, `${path}.serviceTime`, seconds, MAX_COUNT_PER_SECOND);
  const requests = problems.counts(series.requests, `${path}.requests`, seconds, MAX_COUNT_PER_SECOND);
  // What each second's errors and statuses add up to may not exceed its requests: each is one request.
  const withinRequests = (what: string, perSecond: (number[] | undefined)[]): void => {
    if (!requests || perSecond.some((counts) => counts === undefined)) return;
    for (let t = 0; t < seconds; t++) {
      let sum = 0;
      for (const counts of perSecond) sum += counts![t]!;
      if (sum > requests[t]!) {
        problems.push(`${path}: second ${t} has ${sum} ${what} but ${requests[t]} requests`);
        return;
      }
    }
  };
  const errors = problems.object(series.errors, `${path}.errors`);
  if (errors) {
    const perClass: (number[] | undefined)[] = [];
    for (const [key, perSecond] of Object.entries(errors)) {
      if (!(ERROR_CLASSES as readonly string[]).includes(key)) problems.add(`${path}.errors`, `error classes among ${ERROR_CLASSES.join(', ')}`, key);
      else perClass.push(problems.counts(perSecond, `${path}.errors.${key}`, seconds, MAX_COUNT_PER_SECOND));
    }
    withinRequests('errors', perClass);
  }
  const status = problems.object(series.status, `${path}.status`);
  if (status) {
    const perCode: (number[] | undefined)[] = [];
    for (const [code, perSecond] of Object.entries(status)) {
      if (!STATUS_CODE.test(code)) problems.add(`${path}.status`, 'HTTP status codes (100–599) as keys', code);
      else perCode.push(problems.counts(perSecond, `${path}.status.${code}`, seconds, MAX_COUNT_PER_SECOND));
    }
    withinRequests('responses by status', perCode);
  }
  if (requests && responses !== undefined && timed !== undefined) {
    const sent = requests.reduce((sum, count) => sum + count, 0);
    if (responses > sent) problems.push(`${path}.latency: holds ${responses} responses but the series has ${sent} requests`);
    if (timed > sent) problems.push(`${path}.serviceTime: holds ${timed} responses but the series has ${sent} requests`);
  }
  const samples = problems.object(series.errorSamples, `${path}.errorSamples`);
  if (samples) for (const [key, text] of Object.entries(samples)) problems.string(text, `${path}.errorSamples.${key}`);
  return typeof series.name === 'string' ? series.name : undefined;
}

function checkMeta(problems: Problems, value: unknown): void {
  const meta = problems.object(value, '$.meta');
  if (!meta) return;
  for (const key of ['runId', 'toolVersion', 'configName', 'configHash', 'target'] as const) problems.string(meta[key], `$.meta.${key}`);
  for (const key of ['profile', 'commit', 'ref', 'workflow', 'partialReason'] as const) problems.string(meta[key], `$.meta.${key}`, true);
  if (!['loopback', 'private', 'public'].includes(meta.targetClass as string)) problems.add('$.meta.targetClass', '"loopback", "private" or "public"', meta.targetClass);
  checkDate(problems, meta.startedAt, '$.meta.startedAt');
  checkDate(problems, meta.endedAt, '$.meta.endedAt');
  problems.boolean(meta.partial, '$.meta.partial');
  if (meta.stoppedBy !== undefined && !(STOP_CAUSES as readonly unknown[]).includes(meta.stoppedBy)) problems.add('$.meta.stoppedBy', STOP_CAUSES.map((cause) => `"${cause}"`).join(', '), meta.stoppedBy);
  problems.number(meta.shards, '$.meta.shards', { min: 1, max: MAX_SHARDS, integer: true });
  const runner = problems.object(meta.runner, '$.meta.runner');
  if (runner) {
    problems.string(runner.os, '$.meta.runner.os');
    problems.number(runner.cpus, '$.meta.runner.cpus', { min: 0 });
    problems.string(runner.nodeVersion, '$.meta.runner.nodeVersion');
  }
  const labels = problems.object(meta.labels, '$.meta.labels');
  if (labels) for (const [key, text] of Object.entries(labels)) problems.string(text, `$.meta.labels.${key}`);
}

function checkPlan(problems: Problems, value: unknown): void {
  const plan = problems.object(value, '$.plan');
  if (!plan) return;
  if (plan.model !== 'open' && plan.model !== 'closed') problems.add('$.plan.model', '"open" or "closed"', plan.model);
  if (plan.arrivals !== 'constant' && plan.arrivals !== 'poisson') problems.add('$.plan.arrivals', '"constant" or "poisson"', plan.arrivals);
  problems.number(plan.durationSec, '$.plan.durationSec', { min: 0, max: MAX_RESULT_SECONDS });
  problems.number(plan.plannedRequests, '$.plan.plannedRequests', { min: 0, max: MAX_TOTAL_COUNT, optional: true });
  problems.number(plan.connections, '$.plan.connections', { min: 0, max: MAX_PLAN_LOAD });
  problems.array(plan.phases, '$.plan.phases')?.forEach((item, i) => {
    const phase = problems.object(item, `$.plan.phases[${i}]`);
    if (!phase) return;
    problems.string(phase.name, `$.plan.phases[${i}].name`);
    problems.number(phase.startSec, `$.plan.phases[${i}].startSec`, { min: 0, max: MAX_RESULT_SECONDS });
    problems.number(phase.durationSec, `$.plan.phases[${i}].durationSec`, { min: 0, max: MAX_RESULT_SECONDS });
    for (const key of ['rate', 'rampTo', 'vus', 'rampToVus'] as const) problems.number(phase[key], `$.plan.phases[${i}].${key}`, { min: 0, max: MAX_PLAN_LOAD, optional: true });
    problems.boolean(phase.isRamp, `$.plan.phases[${i}].isRamp`);
  });
}

function checkGenerator(problems: Problems, value: unknown, seconds: number): void {
  const generator = problems.object(value, '$.generator');
  if (!generator) return;
  problems.histogram(generator.lag, '$.generator.lag', MAX_TOTAL_COUNT);
  problems.histograms(generator.lagPerSecond, '$.generator.lagPerSecond', seconds, MAX_COUNT_PER_SECOND);
  for (const key of ['scheduled', 'sent', 'missedSends'] as const) problems.number(generator[key], `$.generator.${key}`, { min: 0, max: MAX_TOTAL_COUNT, integer: true });
  problems.counts(generator.missedPerSecond, '$.generator.missedPerSecond', seconds, MAX_COUNT_PER_SECOND);
  if (generator.startedPerSecond !== undefined) problems.counts(generator.startedPerSecond, '$.generator.startedPerSecond', seconds, MAX_COUNT_PER_SECOND);
  problems.number(generator.eventLoopDelayP99Ms, '$.generator.eventLoopDelayP99Ms', { min: 0 });
  problems.number(generator.truncatedBodies, '$.generator.truncatedBodies', { min: 0, max: MAX_TOTAL_COUNT, integer: true, optional: true });
  problems.boolean(generator.saturated, '$.generator.saturated');
  problems.array(generator.saturationReasons, '$.generator.saturationReasons')?.forEach((text, i) => problems.string(text, `$.generator.saturationReasons[${i}]`));
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
  const seconds = problems.number(root.seconds, '$.seconds', { min: 0, max: MAX_RESULT_SECONDS, integer: true }) ? root.seconds : 0;
  checkMeta(problems, root.meta);
  checkPlan(problems, root.plan);
  const endpoints = problems.array(root.endpoints, '$.endpoints');
  if (endpoints && endpoints.length > MAX_ENDPOINTS) {
    problems.push(`$.endpoints: ${endpoints.length} endpoints, more than the maximum of ${MAX_ENDPOINTS}`);
  } else if (endpoints) {
    const names = new Set<string>();
    endpoints.forEach((series, i) => {
      const name = checkSeries(problems, series, `$.endpoints[${i}]`, seconds);
      if (name !== undefined && names.has(name)) problems.push(`$.endpoints[${i}].name: ${JSON.stringify(name).slice(0, 60)} is the name of an earlier endpoint; names must be unique`);
      if (name !== undefined) names.add(name);
    });
  }
  checkSeries(problems, root.total, '$.total', seconds);
  checkGenerator(problems, root.generator, seconds);
  throwIfAny(problems, source, 'results');
  return value as RunResult;
}

/** Throws one ResultsError naming the file and its first problems; nothing when there are none. */
export function throwIfAny(problems: Problems, source: string, kind: string): void {
  if (problems.count === 0) return;
  const shown = problems.list.slice(0, 20);
  const more = problems.count > shown.length ? `\n  … and ${problems.count - shown.length} more` : '';
  throw new ResultsError(`${source}: ${problems.count} problem${problems.count > 1 ? 's' : ''} in the ${kind} file\n  - ${shown.join('\n  - ')}${more}`, problems.list);
}

/** Reads and parses a JSON file of at most MAX_RESULTS_FILE_BYTES; the error names the file and what is wrong with it. */
export async function readJsonFile(path: string, maxBytes = MAX_RESULTS_FILE_BYTES): Promise<unknown> {
  let text: string;
  try {
    const read = await readTextCapped(path, maxBytes);
    if ('tooLarge' in read) throw new ResultsError(`${path}: larger than the maximum of ${maxBytes} bytes for a results, history or verdict file`);
    text = read.text;
  } catch (error) {
    if (error instanceof ResultsError) throw error;
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
