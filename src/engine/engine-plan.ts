// Chooses how a config's scenarios become an EnginePlan: fixed requests (the quick start, or any
// scenario without templates, captures or expectations) compile here with one pre-built request per
// step; everything else goes through the scenario compiler in src/engine/scenario/.

import type { PerfConfig } from '../config/types.js';
import type { EnginePlan } from './compiled-plan.js';
import { compileStaticPlan } from './static-plan.js';

export function buildEnginePlan(config: PerfConfig, _seed: number): EnginePlan {
  return compileStaticPlan(config);
}

/** Per endpoint: whether its step expects a status (then 4xx/5xx there are not classed by status). */
export function endpointsExpectingStatus(config: PerfConfig, endpoints: readonly string[]): boolean[] {
  const expecting = new Set<string>();
  for (const scenario of config.scenarios) {
    for (const step of scenario.steps) if (step.kind === 'request' && step.expect?.status !== undefined) expecting.add(step.name);
  }
  return endpoints.map((name) => expecting.has(name));
}
