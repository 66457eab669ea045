// The config behind `perf-action run --target URL [--rate N | --vus N] [--duration 30s]
// [--ramp-up 10s]`: one GET of the URL, a ramp from a tenth of the rate (or one virtual user) up to
// the load, then the steady phase. Options are checked here and errors name the flag. Also
// re-exports the duration and percent parsers the CLI uses for its flags.

import { DEFAULT_COMPARE, type PerfConfig, type Phase, type RequestStep } from './types.js';
import { ConfigError } from '../errors.js';
import { configHash, deepFreeze } from './hash.js';
import { DEFAULT_CONNECTIONS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, SECRET_HEADER_NAMES } from './normalize.js';
import { DEFAULT_ABORT } from './normalize-abort.js';
import { DEFAULT_MAX_IN_FLIGHT } from './normalize-load.js';
import { withoutQuery } from './normalize-scenarios.js';
import { NAME_PATTERN } from './schema.js';
import { MAX_CONNECTIONS, MAX_RATE, MAX_REQUEST_MS, MAX_RUN_MS, MAX_VUS } from './maxima.js';

export { parseDuration, parsePercent } from './duration.js';

export interface QuickConfigOptions {
  readonly target: string;
  /** Open model: steady arrivals per second (default 10 when neither rate nor vus is given). */
  readonly rate?: number;
  /** Closed model: steady virtual users. */
  readonly vus?: number;
  /** Length of the steady phase; the ramp-up comes before it. */
  readonly durationMs: number;
  /** Length of the ramp-up phase; default a third of durationMs, at most 10 s; 0 for none. */
  readonly rampUpMs?: number;
  readonly connections?: number;
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** https targets: accept any certificate (`--insecure`). */
  readonly insecureTls?: boolean;
  /** Config name (comment and artifact); default "quick". */
  readonly name?: string;
}

export const QUICK_DEFAULT_RATE = 10;
const MAX_DEFAULT_RAMP_MS = 10_000;

export function quickConfig(options: QuickConfigOptions): PerfConfig {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') url = undefined;
  } catch {
    url = undefined;
  }
  if (!url) problems.push(`--target: expected an absolute http:// or https:// URL, got ${JSON.stringify(options.target)}`);
  if (options.rate !== undefined && options.vus !== undefined) problems.push('--rate and --vus: give one or the other (--rate: open model, --vus: closed model)');
  if (options.rate !== undefined && !(Number.isFinite(options.rate) && options.rate > 0 && options.rate <= MAX_RATE)) problems.push(`--rate: expected requests per second above 0 and ≤ ${MAX_RATE}, got ${String(options.rate)}`);
  if (options.vus !== undefined && !(Number.isInteger(options.vus) && options.vus >= 1 && options.vus <= MAX_VUS)) problems.push(`--vus: expected a whole number of virtual users from 1 to ${MAX_VUS}, got ${String(options.vus)}`);
  if (!(Number.isFinite(options.durationMs) && options.durationMs > 0)) problems.push(`--duration: expected a duration above 0, got ${String(options.durationMs)} ms`);
  if (options.rampUpMs !== undefined && !(Number.isFinite(options.rampUpMs) && options.rampUpMs >= 0)) problems.push(`--ramp-up: expected a duration ≥ 0, got ${String(options.rampUpMs)} ms`);
  if ((options.rampUpMs ?? 0) + options.durationMs > MAX_RUN_MS) problems.push(`--duration and --ramp-up: the run would last more than the maximum of ${MAX_RUN_MS / 3_600_000} h`);
  if (options.connections !== undefined && !(Number.isInteger(options.connections) && options.connections >= 1 && options.connections <= MAX_CONNECTIONS)) problems.push(`--connections: expected an integer from 1 to ${MAX_CONNECTIONS}, got ${String(options.connections)}`);
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0 && options.timeoutMs <= MAX_REQUEST_MS)) problems.push(`--timeout: expected whole milliseconds above 0 and at most ${MAX_REQUEST_MS / 3_600_000} h, got ${String(options.timeoutMs)} ms`);
  if (options.name !== undefined && !new RegExp(NAME_PATTERN).test(options.name)) problems.push(`--name: expected letters, digits, ".", "_" or "-", got ${JSON.stringify(options.name)}`);
  for (const header of Object.keys(options.headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) problems.push(`--header: ${JSON.stringify(header)} is not a valid header name`);
  }
  if (problems.length > 0 || !url) throw new ConfigError(problems);

  const rampUpMs = options.rampUpMs ?? Math.min(MAX_DEFAULT_RAMP_MS, Math.round(options.durationMs / 3));
  const phases: Phase[] = [];
  if (options.vus !== undefined) {
    if (rampUpMs > 0 && options.vus > 1) phases.push({ name: 'ramp-up', durationMs: rampUpMs, vus: 1, rampToVus: options.vus, isRamp: true });
    phases.push({ name: 'steady', durationMs: options.durationMs, vus: options.vus, isRamp: false });
  } else {
    const rate = options.rate ?? QUICK_DEFAULT_RATE;
    const startRate = Math.max(1, Math.round(rate / 10));
    if (rampUpMs > 0 && startRate < rate) phases.push({ name: 'ramp-up', durationMs: rampUpMs, rate: startRate, rampTo: rate, isRamp: true });
    phases.push({ name: 'steady', durationMs: options.durationMs, rate, isRamp: false });
  }

  const path = url.pathname + url.search;
  const step: RequestStep = { kind: 'request', type: 'http', name: `GET ${withoutQuery(path)}`, method: 'GET', url: path, headers: {}, query: {}, capture: {} };
  const headers = { ...(options.headers ?? {}) };
  const config: Omit<PerfConfig, 'source'> = {
    name: options.name ?? 'quick',
    target: url.href,
    labels: {},
    http: {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      pipelining: 1,
      headers,
      secretHeaders: Object.keys(headers).filter((name) => SECRET_HEADER_NAMES.includes(name.toLowerCase())),
      followRedirects: 0,
      http2: false,
      insecureTls: options.insecureTls === true,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    },
    load: {
      model: options.vus !== undefined ? 'closed' : 'open',
      arrivals: 'constant',
      phases,
      maxInFlight: options.vus !== undefined ? options.vus : DEFAULT_MAX_IN_FLIGHT,
    },
    trim: { kind: 'auto' },
    data: [],
    scenarios: [{ name: 'default', weight: 1, steps: [step] }],
    slo: [],
    compare: DEFAULT_COMPARE,
    abort: DEFAULT_ABORT,
  };
  return deepFreeze({ ...config, source: { hash: configHash(config) } });
}
