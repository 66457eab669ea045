// Turns a config's scenarios into the EnginePlan the request loop runs, through the scenario
// compiler (src/engine/scenario/compile.ts: templates, captures, expectations, feeders; static steps
// are built once there). Also answers which endpoints judge their status by an expectation.

import type { PerfConfig } from '../config/types.js';
import type { EnginePlan } from './compiled-plan.js';
import { compileScenarios } from './scenario/compile.js';

export function buildEnginePlan(config: PerfConfig, seed: number): EnginePlan {
  return compileScenarios(config, { seed });
}

/** Per endpoint: whether its step expects a status (then 4xx/5xx there are not classed by status). */
export function endpointsExpectingStatus(config: PerfConfig, endpoints: readonly string[]): boolean[] {
  const expecting = new Set<string>();
  for (const scenario of config.scenarios) {
    for (const step of scenario.steps) if (step.kind === 'request' && step.expect?.status !== undefined) expecting.add(step.name);
  }
  return endpoints.map((name) => expecting.has(name));
}
