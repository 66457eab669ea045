// Compiles scenarios whose requests are fixed (no templates, captures or expectations), such as the
// quick start's single GET, into an EnginePlan with one pre-built request per step. Scenarios that
// need templates, captures, feeders or expectations go through src/engine/scenario/compile.ts.

import type { PerfConfig, RequestStep } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { BuiltRequest, CompiledScenario, CompiledStep, EnginePlan, PlanRng, PlanScope } from './compiled-plan.js';

const NO_SCOPE: PlanScope = { beginIteration: () => undefined };

/** True when every step of every scenario can be sent as a fixed request. */
export function isStaticConfig(config: PerfConfig): boolean {
  return config.scenarios.every((scenario) => scenario.steps.every((step) => step.kind === 'think' || isStaticStep(step)));
}

function isStaticStep(step: RequestStep): boolean {
  const texts = [step.url, ...Object.values(step.headers), ...Object.values(step.query)];
  if (step.body?.kind === 'raw') texts.push(step.body.value);
  if (step.body?.kind === 'form') texts.push(...Object.values(step.body.value));
  if (step.body?.kind === 'json') texts.push(JSON.stringify(step.body.value));
  return texts.every((text) => !text.includes('{{')) && Object.keys(step.capture).length === 0 && step.expect === undefined;
}

/** Origin and path+query of a step URL, relative paths resolved against the target. */
export function resolveUrl(target: string, url: string, query: Readonly<Record<string, string>>): { origin: string; path: string } {
  const resolved = new URL(url, target.endsWith('/') ? target : target + '/');
  for (const [name, value] of Object.entries(query)) resolved.searchParams.append(name, value);
  return { origin: resolved.origin, path: resolved.pathname + resolved.search };
}

function buildStatic(config: PerfConfig, step: RequestStep): BuiltRequest {
  const headers: string[] = [];
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.http.headers)) merged[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(step.headers)) merged[name.toLowerCase()] = value;
  let body: string | undefined;
  if (step.body?.kind === 'json') {
    body = JSON.stringify(step.body.value);
    merged['content-type'] ??= 'application/json';
  } else if (step.body?.kind === 'form') {
    body = new URLSearchParams(step.body.value as Record<string, string>).toString();
    merged['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (step.body?.kind === 'raw') {
    body = step.body.value;
    if (step.body.contentType) merged['content-type'] ??= step.body.contentType;
  }
  for (const [name, value] of Object.entries(merged)) headers.push(name, value);
  const { origin, path } = resolveUrl(config.target, step.url, step.query);
  return body === undefined ? { origin, path, headers } : { origin, path, headers, body };
}

export function compileStaticPlan(config: PerfConfig): EnginePlan {
  if (!isStaticConfig(config)) {
    throw new ConfigError(['scenarios: templates, captures and expectations need the scenario compiler (src/engine/scenario)']);
  }
  const endpoints: string[] = [];
  const methods: (string | undefined)[] = [];
  const scenarios: CompiledScenario[] = config.scenarios.map((scenario) => ({
    name: scenario.name,
    steps: scenario.steps.map((step): CompiledStep => {
      if (step.kind === 'think') return { kind: 'think', durationMs: step.durationMs };
      let endpointIndex = endpoints.indexOf(step.name);
      if (endpointIndex < 0) {
        endpointIndex = endpoints.push(step.name) - 1;
        methods.push(step.method);
      }
      const built = buildStatic(config, step);
      return {
        kind: 'request',
        endpointIndex,
        name: step.name,
        method: step.method,
        needsBody: false,
        isStatic: true,
        build: () => built,
        afterResponse: () => null,
      };
    }),
  }));
  const totalWeight = config.scenarios.reduce((sum, scenario) => sum + scenario.weight, 0);
  const weights = config.scenarios.map((scenario) => scenario.weight);
  return {
    scenarios,
    endpoints,
    methods,
    newScope: () => NO_SCOPE,
    pickScenario(rng: PlanRng): CompiledScenario {
      if (scenarios.length === 1) return scenarios[0]!;
      let draw = rng.next() * totalWeight;
      for (let i = 0; i < scenarios.length; i++) {
        draw -= weights[i]!;
        if (draw < 0) return scenarios[i]!;
      }
      return scenarios[scenarios.length - 1]!;
    },
  };
}
