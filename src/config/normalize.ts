// Turns a structurally valid perf.yml value (already interpolated) into the PerfConfig every later
// stage trusts: picks the profile, fills defaults, converts units, finds secret headers, resolves
// feeder paths, and adds the checks that span fields. Problems are collected, not thrown; load.ts
// decides when to throw. The parts live in normalize-load/-scenarios/-analysis.ts.

import { isAbsolute, resolve } from 'node:path';
import type { DataFeeder, HttpConfig, LoadConfig, PerfConfig } from './types.js';
import { readDurationMs } from './duration.js';
import { didYouMean } from './did-you-mean.js';
import { pathKey } from './interpolate.js';
import { ProblemList, type FieldPath } from './problems.js';
import { NAME_EXPECTED, NAME_PATTERN } from './schema.js';
import { normalizeLoad, DEFAULT_MAX_IN_FLIGHT } from './normalize-load.js';
import { normalizeScenarios, quickStartScenario, VARIABLE_NAME } from './normalize-scenarios.js';
import { normalizeCompare, normalizeSlos, normalizeTrim, type LoadSection } from './normalize-analysis.js';
import { configHash } from './hash.js';
import { isPlainObject, toNumber } from './validate.js';
import { checkHeaders } from './check-headers.js';
import { normalizeAbort } from './normalize-abort.js';
import { normalizePushes } from './normalize-pushes.js';

type RawRecord = Record<string, unknown>;

/** Header names whose values are always secret, whatever their source (compared lower-case). */
export const SECRET_HEADER_NAMES: readonly string[] = ['authorization', 'cookie', 'x-api-key', 'proxy-authorization'];

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECTIONS = 64;
/** http.maxBodyBytes: enough for any API response a capture reads, small next to a runner's memory. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface NormalizeContext {
  readonly interpolatedPaths: ReadonlySet<string>;
  /** The environment values substituted per path (interpolate.ts); those in secret headers are kept as secrets. */
  readonly environmentValues?: ReadonlyMap<string, readonly string[]>;
  readonly profile?: string;
  readonly file?: string;
  /** Directory that relative feeder paths are resolved against; left relative when absent. */
  readonly baseDir?: string;
}

export function normalizeConfig(raw: RawRecord, context: NormalizeContext, problems: ProblemList): PerfConfig {
  const environmentSecrets = new Set<string>();
  const isSecretHeader = (name: string, valuePath: FieldPath): boolean => {
    const key = pathKey(valuePath);
    const secret = SECRET_HEADER_NAMES.includes(name.toLowerCase()) || context.interpolatedPaths.has(key);
    if (secret) for (const value of context.environmentValues?.get(key) ?? []) environmentSecrets.add(value);
    return secret;
  };

  const target = String(raw.target);
  checkTarget(target, problems);

  const loads = loadSections(raw, context.profile, problems);
  const effective = loads.find((section) => section.effective);
  const load: LoadConfig = effective?.load ?? { model: 'open', arrivals: 'constant', phases: [], maxInFlight: DEFAULT_MAX_IN_FLIGHT };

  const scenarioResult = Array.isArray(raw.scenarios)
    ? normalizeScenarios(raw.scenarios as RawRecord[], ['scenarios'], problems, isSecretHeader)
    : undefined;
  const scenarios = scenarioResult?.scenarios ?? [quickStartScenario(target)];
  const endpointNames = scenarioResult?.endpointNames ?? scenarios.flatMap((s) => s.steps.flatMap((step) => (step.kind === 'request' ? [step.name] : [])));

  const http = normalizeHttp(isPlainObject(raw.http) ? raw.http : {}, isSecretHeader);
  checkHeaders(http.headers, ['http', 'headers'], problems);
  const secretHeaders = new Set([...http.secretHeaders, ...(scenarioResult?.secretStepHeaders ?? [])]);

  const { data, csvPathsAsWritten } = normalizeData(raw.data, context.baseDir, problems);
  const keepEnvironmentValues = (path: FieldPath): void => {
    for (const value of context.environmentValues?.get(pathKey(path)) ?? []) environmentSecrets.add(value);
  };
  const pushes = normalizePushes(raw, { isSecretHeader, keepEnvironmentValues }, problems);

  const config: Omit<PerfConfig, 'source'> = {
    name: String(raw.name),
    ...(context.profile === undefined ? {} : { profile: context.profile }),
    target,
    labels: isPlainObject(raw.labels) ? Object.fromEntries(Object.entries(raw.labels).map(([key, value]) => [key, String(value)])) : {},
    http: { ...http, secretHeaders: [...secretHeaders] },
    load,
    trim: normalizeTrim(raw.trim, loads, problems),
    data,
    scenarios,
    slo: Array.isArray(raw.slo) ? normalizeSlos(raw.slo as RawRecord[], endpointNames, problems) : [],
    compare: normalizeCompare(raw.compare, problems),
    abort: normalizeAbort(raw.abort, problems),
    ...pushes,
    ...(environmentSecrets.size === 0 ? {} : { environmentSecrets: [...environmentSecrets] }),
  };
  const source = { ...(context.file === undefined ? {} : { file: context.file }), hash: configHash(config, { csvPathsAsWritten }) };
  return { ...config, source };
}

function checkTarget(target: string, problems: ProblemList): void {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    problems.add(['target'], `expected an absolute http:// or https:// URL, got ${JSON.stringify(target)}`);
  }
}

/** Every load section (top-level and each profile), each checked, with the one the run uses marked. */
function loadSections(raw: RawRecord, profile: string | undefined, problems: ProblemList): LoadSection[] {
  const profiles = isPlainObject(raw.profiles) ? (raw.profiles as Record<string, RawRecord>) : {};
  const profileNames = Object.keys(profiles);
  for (const name of profileNames) {
    if (!new RegExp(NAME_PATTERN).test(name)) problems.add(['profiles', name], `profile names become part of artifact names; expected ${NAME_EXPECTED}`, true);
  }
  const sections: LoadSection[] = [];
  if (profile !== undefined && !profileNames.includes(profile)) {
    const known = profileNames.length === 0 ? 'perf.yml defines no profiles' : `known profiles: ${profileNames.join(', ')}`;
    problems.add(profileNames.length === 0 ? [] : ['profiles'], `profile "${profile}" not found; ${known}${didYouMean(profile, profileNames)}`);
  }
  if (isPlainObject(raw.load)) {
    sections.push({ path: ['load'], load: normalizeLoad(raw.load, ['load'], problems), effective: profile === undefined });
  } else if (profile === undefined) {
    problems.add([], profileNames.length === 0
      ? 'missing required key "load" (the phases to run)'
      : `missing "load": add one, or pick a profile (${profileNames.join(', ')})`);
  }
  for (const name of profileNames) {
    const rawLoad = profiles[name]?.load;
    if (!isPlainObject(rawLoad)) continue;
    const path = ['profiles', name, 'load'];
    sections.push({ path, load: normalizeLoad(rawLoad, path, problems), effective: name === profile });
  }
  return sections;
}

function normalizeHttp(raw: RawRecord, isSecretHeader: (name: string, valuePath: FieldPath) => boolean): Omit<HttpConfig, 'secretHeaders'> & { secretHeaders: string[] } {
  const headers = isPlainObject(raw.headers) ? (raw.headers as Record<string, string>) : {};
  return {
    timeoutMs: raw.timeout === undefined ? DEFAULT_TIMEOUT_MS : (readDurationMs(raw.timeout) ?? DEFAULT_TIMEOUT_MS),
    connections: raw.connections === undefined ? DEFAULT_CONNECTIONS : toNumber(raw.connections),
    pipelining: raw.pipelining === undefined ? 1 : toNumber(raw.pipelining),
    headers: { ...headers },
    secretHeaders: Object.keys(headers).filter((name) => isSecretHeader(name, ['http', 'headers', name])),
    followRedirects: raw.redirects === undefined ? 0 : toNumber(raw.redirects),
    http2: raw.http2 === true,
    insecureTls: raw.insecure === true,
    maxBodyBytes: raw.maxBodyBytes === undefined ? DEFAULT_MAX_BODY_BYTES : toNumber(raw.maxBodyBytes),
  };
}

function normalizeData(raw: unknown, baseDir: string | undefined, problems: ProblemList): { data: DataFeeder[]; csvPathsAsWritten: string[] } {
  const data: DataFeeder[] = [];
  const csvPathsAsWritten: string[] = [];
  if (!isPlainObject(raw)) return { data, csvPathsAsWritten };
  for (const [name, feeder] of Object.entries(raw as Record<string, RawRecord>)) {
    if (!VARIABLE_NAME.test(name)) {
      problems.add(['data', name], `"${name}" cannot be used as {{ ${name}.column }}; a feeder name is letters, digits and "_", not starting with a digit`, true);
    }
    const written = String(feeder.csv);
    const csvPath = baseDir === undefined || isAbsolute(written) ? written : resolve(baseDir, written);
    data.push({ name, csvPath, order: feeder.order === 'random' ? 'random' : 'sequential' });
    csvPathsAsWritten.push(written);
  }
  return { data, csvPathsAsWritten };
}
