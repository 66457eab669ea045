// Turns raw scenarios into Scenario[]: request steps get their method, default endpoint name
// ("METHOD path", query left out), body, captures and expectations; think steps get milliseconds.
// Endpoint names must mean one method and path across all scenarios, because results, SLOs and
// the comparison with main are keyed by them. Templates are kept as text for the engine.

import type { CaptureSource, Expectation, HttpMethod, RequestStep, Scenario, Step } from './types.js';
import { readDurationMs } from './duration.js';
import { HTTP_METHOD_KEYS } from './schema.js';
import { ProblemList, type FieldPath } from './problems.js';
import { isPlainObject, toNumber } from './validate.js';
import { checkHeaders } from './check-headers.js';

type RawRecord = Record<string, unknown>;

/** Names usable as {{ name }} in templates: captures and data feeders. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface NormalizedScenarios {
  readonly scenarios: Scenario[];
  /** Every endpoint name, in first-seen order. */
  readonly endpointNames: string[];
  /** Step header names whose value is secret (named so, or filled from ${ENV}). */
  readonly secretStepHeaders: Set<string>;
}

export function normalizeScenarios(
  raw: readonly RawRecord[],
  path: FieldPath,
  problems: ProblemList,
  isSecretHeader: (name: string, valuePath: FieldPath) => boolean,
): NormalizedScenarios {
  const endpoints = new Map<string, { identity: string; where: string }>();
  const secretStepHeaders = new Set<string>();
  const scenarioNames = new Map<string, number>();
  const scenarios = raw.map((rawScenario, scenarioIndex): Scenario => {
    const scenarioPath = [...path, scenarioIndex];
    const name = String(rawScenario.name);
    const earlier = scenarioNames.get(name);
    if (earlier !== undefined) problems.add([...scenarioPath, 'name'], `"${name}" is already the name of scenarios[${earlier}]; scenario names must be unique`);
    scenarioNames.set(name, scenarioIndex);
    const rawSteps = Array.isArray(rawScenario.steps) ? (rawScenario.steps as RawRecord[]) : [];
    const steps = rawSteps.map((rawStep, stepIndex): Step => {
      const stepPath = [...scenarioPath, 'steps', stepIndex];
      if ('think' in rawStep) return { kind: 'think', durationMs: readDurationMs(rawStep.think) ?? 0 };
      const step = requestStep(rawStep, stepPath, problems);
      const identity = `${step.method} ${withoutQuery(step.url)}`;
      const seen = endpoints.get(step.name);
      if (seen === undefined) endpoints.set(step.name, { identity, where: `scenarios[${scenarioIndex}].steps[${stepIndex}]` });
      else if (seen.identity !== identity) {
        problems.add([...stepPath, rawStep.name === undefined ? HTTP_METHOD_KEYS.find((key) => key in rawStep)! : 'name'],
          `endpoint name "${step.name}" already means ${seen.identity} (${seen.where}); give this ${identity} step its own name`);
      }
      for (const header of Object.keys(step.headers)) if (isSecretHeader(header, [...stepPath, 'headers', header])) secretStepHeaders.add(header);
      return step;
    });
    return { name, weight: rawScenario.weight === undefined ? 1 : toNumber(rawScenario.weight), steps };
  });
  return { scenarios, endpointNames: [...endpoints.keys()], secretStepHeaders };
}

/** The one-GET scenario used when perf.yml has no scenarios: the target's own path. */
export function quickStartScenario(target: string): Scenario {
  let path = '/';
  try {
    const url = new URL(target);
    path = url.pathname + url.search;
  } catch {
    // The target's own problem is reported where the target is checked.
  }
  const step: RequestStep = { kind: 'request', type: 'http', name: `GET ${withoutQuery(path)}`, method: 'GET', url: path, headers: {}, query: {}, capture: {} };
  return { name: 'default', weight: 1, steps: [step] };
}

export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function requestStep(raw: RawRecord, path: FieldPath, problems: ProblemList): RequestStep {
  const methodKeys = HTTP_METHOD_KEYS.filter((key) => key in raw);
  if (methodKeys.length !== 1) {
    problems.add(path, methodKeys.length === 0
      ? `a request step needs one of ${HTTP_METHOD_KEYS.join(', ')} (or write { think: 1s } for a pause)`
      : `a request step takes one method, got ${methodKeys.join(' and ')}`);
  }
  const methodKey = methodKeys[0] ?? 'get';
  const method = methodKey.toUpperCase() as HttpMethod;
  const url = typeof raw[methodKey] === 'string' ? (raw[methodKey] as string) : '/';
  if (url.trim() === '') problems.add([...path, methodKey], 'expected a path like "/api/items" or an absolute URL, got ""');
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    problems.add([...path, methodKey], `expected a path like "/api/items" or an http:// or https:// URL, got a ${JSON.stringify(scheme)} URL (${JSON.stringify(url).slice(0, 60)})`);
  }
  // The default name is shown in every report, so an absolute URL's "user:password@" is left out of it.
  const name = typeof raw.name === 'string' ? raw.name : `${method} ${withoutQuery(url).replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/, '$1')}`;
  const step: {
    -readonly [K in keyof RequestStep]: RequestStep[K];
  } = {
    kind: 'request',
    type: 'http',
    name,
    method,
    url,
    headers: { ...((raw.headers as Record<string, string> | undefined) ?? {}) },
    query: stringMap(raw.query),
    capture: captures(raw.capture, [...path, 'capture'], problems),
  };
  checkHeaders(step.headers, [...path, 'headers'], problems);
  const bodyKeys = (['json', 'form', 'body'] as const).filter((key) => key in raw);
  if (bodyKeys.length > 1) problems.add([...path, bodyKeys[1]!], `a step has one body; got ${bodyKeys.join(' and ')}`);
  if (raw.contentType !== undefined && raw.body === undefined) problems.add([...path, 'contentType'], 'only with a raw body (json and form set their own Content-Type)');
  if ('json' in raw) step.body = { kind: 'json', value: raw.json };
  else if (raw.form !== undefined) step.body = { kind: 'form', value: stringMap(raw.form) };
  else if (typeof raw.body === 'string') {
    step.body = typeof raw.contentType === 'string' ? { kind: 'raw', value: raw.body, contentType: raw.contentType } : { kind: 'raw', value: raw.body };
  }
  if (isPlainObject(raw.expect)) step.expect = expectation(raw.expect);
  return step;
}

function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(raw)) for (const [key, value] of Object.entries(raw)) out[key] = String(value);
  return out;
}

function expectation(raw: RawRecord): Expectation {
  const out: { -readonly [K in keyof Expectation]: Expectation[K] } = {};
  if (raw.status !== undefined) out.status = Array.isArray(raw.status) ? raw.status.map(toNumber) : [toNumber(raw.status)];
  if (isPlainObject(raw.headers)) out.headers = stringMap(raw.headers);
  if (isPlainObject(raw.json)) out.json = { ...raw.json };
  if (typeof raw.contains === 'string') out.bodyContains = raw.contains;
  return out;
}

function captures(raw: unknown, path: FieldPath, problems: ProblemList): Record<string, CaptureSource> {
  const out: Record<string, CaptureSource> = {};
  if (!isPlainObject(raw)) return out;
  for (const [variable, spec] of Object.entries(raw)) {
    const capturePath = [...path, variable];
    if (!VARIABLE_NAME.test(variable)) {
      problems.add(capturePath, `"${variable}" cannot be used as {{ ${variable} }}; a variable name is letters, digits and "_", not starting with a digit`, true);
    }
    const source = captureSource(spec, capturePath, problems);
    if (source) out[variable] = source;
  }
  return out;
}

function captureSource(spec: unknown, path: FieldPath, problems: ProblemList): CaptureSource | undefined {
  let json: string | undefined;
  let header: string | undefined;
  let regex: string | undefined;
  let group: number | undefined;
  if (typeof spec === 'string') {
    if (spec.startsWith('$')) json = spec;
    else if (spec.startsWith('header:')) header = spec.slice('header:'.length).trim();
    else if (spec.startsWith('regex:')) regex = spec.slice('regex:'.length);
    else {
      problems.add(path, `expected "$.json.path", "header:Name" or "regex:pattern", got ${JSON.stringify(spec)}`);
      return undefined;
    }
  } else if (isPlainObject(spec)) {
    const kinds = (['json', 'header', 'regex'] as const).filter((key) => spec[key] !== undefined);
    if (kinds.length !== 1) {
      problems.add(path, `expected exactly one of json, header, regex, got ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`);
      return undefined;
    }
    json = spec.json as string | undefined;
    header = spec.header as string | undefined;
    regex = spec.regex as string | undefined;
    if (spec.group !== undefined) {
      if (regex === undefined) problems.add([...path, 'group'], 'only with regex');
      group = toNumber(spec.group);
    }
  } else {
    return undefined; // validate.ts has reported it
  }
  if (json !== undefined) {
    if (!/^\$(?:$|[.[])/.test(json)) problems.add(path, `expected a JSONPath starting with "$." or "$[", got ${JSON.stringify(json)}`);
    return { from: 'json', path: json };
  }
  if (header !== undefined) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) problems.add(path, `expected a header name after "header:", got ${JSON.stringify(header)}`);
    return { from: 'header', name: header };
  }
  const pattern = regex ?? '';
  let groups = 0;
  try {
    // Matching the pattern or-ed with nothing against "" reveals how many groups it has.
    groups = (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
  } catch (error) {
    problems.add(path, `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    return undefined;
  }
  const chosen = group ?? (groups > 0 ? 1 : 0);
  if (chosen > groups) problems.add([...path, 'group'], `the pattern has ${groups} group${groups === 1 ? '' : 's'}, so group ${chosen} does not exist`);
  return { from: 'regex', pattern, group: chosen };
}
