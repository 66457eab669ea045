// Compiles the config's scenarios into the plan the engine's request loop runs (the EnginePlan seam
// in src/engine/compiled-plan.ts): every template, JSONPath, regex and CSV is read once, here, and
// every mistake found is reported together as one ConfigError naming scenario, step and field:
// template syntax, unknown functions, and variables that no earlier step of the scenario captures
// or no feeder provides. The request loop itself (timing, sending, recording) is the engine's.

import type { PerfConfig, RequestStep } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { CompiledRequestStep, CompiledScenario, CompiledStep, EnginePlan, PlanResponse, PlanRng, PlanScope } from '../compiled-plan.js';
import { compileCaptures } from './capture.js';
import { compileExpectation } from './expect.js';
import { loadCsvFeeder, type CsvFeeder } from './feeder.js';
import { compileRequestBuilder } from './request-builder.js';
import { ResponseJson } from './response-json.js';
import { Rng } from './rng.js';
import { TemplateSyntaxError } from './template-expression.js';
import { VarScope } from './var-scope.js';

export interface CompileOptions {
  /** Seeds the source random-order feeders use when the engine passes none; default 1. */
  readonly seed?: number;
}

export interface CompiledPlan extends EnginePlan {
  readonly scenarios: readonly CompiledScenario[];
  /** Every endpoint's method (an endpoint name means one method and path; see normalize-scenarios.ts). */
  readonly methods: readonly string[];
  /** The loaded feeders, shared by every scope. */
  readonly feeders: readonly CsvFeeder[];
  /** A fresh VarScope for one virtual user or in-flight slot. */
  newScope(): VarScope;
}

/** Compiles every scenario; throws one ConfigError listing every problem found. */
export function compileScenarios(config: PerfConfig, options: CompileOptions = {}): CompiledPlan {
  const problems: string[] = [];
  const fallbackRng = new Rng(options.seed ?? 1);
  const feeders: CsvFeeder[] = [];
  const unreadFeeders = new Set<string>();
  for (const feeder of config.data) {
    try {
      feeders.push(loadCsvFeeder(feeder, fallbackRng));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      unreadFeeders.add(feeder.name);
    }
  }
  const feederByName = new Map(feeders.map((feeder) => [feeder.name, feeder]));

  const endpoints: string[] = [];
  const methods: string[] = [];
  const scenarios: CompiledScenario[] = config.scenarios.map((scenario, scenarioIndex) => {
    /** Variables captured by the steps so far: a step may use only those before it. */
    const captured = new Set<string>();
    const steps = scenario.steps.map((step, stepIndex): CompiledStep => {
      if (step.kind === 'think') return { kind: 'think', durationMs: step.durationMs };
      const where = `scenarios[${scenarioIndex}].steps[${stepIndex}]`;
      let endpointIndex = endpoints.indexOf(step.name);
      if (endpointIndex < 0) {
        endpointIndex = endpoints.push(step.name) - 1;
        methods.push(step.method);
      }
      const compiled = compileRequestStep(config, step, endpointIndex, where, problems);
      checkVariables(compiled.variables, scenario.name, where, captured, feederByName, unreadFeeders, problems);
      for (const name of Object.keys(step.capture)) captured.add(name);
      return compiled.step;
    });
    return { name: scenario.name, steps };
  });

  const cumulativeWeights: number[] = [];
  let totalWeight = 0;
  for (const scenario of config.scenarios) cumulativeWeights.push((totalWeight += scenario.weight));
  if (scenarios.length === 0) problems.push('scenarios: there is no scenario to run');
  else if (!(totalWeight > 0)) problems.push('scenarios: every weight is 0, so no scenario can be picked');
  if (problems.length > 0) throw new ConfigError(problems, config.source.file);

  return {
    scenarios,
    endpoints,
    methods,
    feeders,
    newScope: () => new VarScope(feeders),
    pickScenario(rng: PlanRng): CompiledScenario {
      if (scenarios.length === 1) return scenarios[0]!;
      const draw = rng.next() * totalWeight;
      // A handful of scenarios: a scan beats a binary search. Weight-0 scenarios are never drawn.
      for (let i = 0; i < cumulativeWeights.length; i++) if (draw < cumulativeWeights[i]!) return scenarios[i]!;
      return scenarios[scenarios.length - 1]!;
    },
  };
}

interface StepVariables {
  readonly field: string;
  readonly variable: { kind: 'capture'; name: string } | { kind: 'column'; feeder: string; column: string };
  readonly source: string;
}

function compileRequestStep(
  config: PerfConfig,
  step: RequestStep,
  endpointIndex: number,
  where: string,
  problems: string[],
): { step: CompiledRequestStep; variables: StepVariables[] } {
  const stepProblems: string[] = [];
  const builder = compileRequestBuilder(step, config.target, config.http.headers, stepProblems);
  let captures = compileCaptures({});
  let expectation = compileExpectation(undefined);
  try {
    captures = compileCaptures(step.capture);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    stepProblems.push(error.message);
  }
  try {
    expectation = compileExpectation(step.expect);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    stepProblems.push(error.message);
  }
  for (const problem of stepProblems) problems.push(`${where}.${problem}`);

  const variables: StepVariables[] = [];
  for (const { field, expression } of builder.expressions) {
    if (expression.kind === 'capture') variables.push({ field, variable: { kind: 'capture', name: expression.name }, source: expression.source });
    else if (expression.kind === 'column') variables.push({ field, variable: { kind: 'column', feeder: expression.feeder, column: expression.column }, source: expression.source });
  }

  const json = new ResponseJson();
  const hasChecks = captures.names.length > 0 || step.expect !== undefined;
  const expectsStatus = expectation.expectsStatus;
  const compiled: CompiledRequestStep = {
    kind: 'request',
    endpointIndex,
    name: step.name,
    method: step.method,
    needsBody: captures.needsBody || expectation.needsBody,
    isStatic: builder.isStatic,
    expectsStatus,
    // The scope is always one this plan's newScope() made.
    build: (scope: PlanScope, rng: PlanRng) => builder.build(scope as VarScope, rng),
    afterResponse: hasChecks
      ? (scope: PlanScope, response: PlanResponse): string | null => {
          // Without an expected status a 4xx/5xx is the engine's to class by status; checking or
          // capturing an error page would only relabel it as a misleading "not found".
          if (!expectsStatus && response.statusCode >= 400) return null;
          json.forget();
          const failed = expectation.check(response, json);
          if (failed !== null) return failed;
          return captures(response, scope as VarScope, json);
        }
      : () => null,
  };
  return { step: compiled, variables };
}

function checkVariables(
  variables: readonly StepVariables[],
  scenarioName: string,
  where: string,
  captured: ReadonlySet<string>,
  feeders: ReadonlyMap<string, CsvFeeder>,
  unreadFeeders: ReadonlySet<string>,
  problems: string[],
): void {
  for (const { field, variable, source } of variables) {
    const at = `${where}.${field}: ${source}`;
    if (variable.kind === 'capture') {
      if (captured.has(variable.name)) continue;
      problems.push(feeders.has(variable.name)
        ? `${at}: ${variable.name} is a data feeder; name one of its columns, e.g. {{ ${variable.name}.${feeders.get(variable.name)!.columns[0]} }}`
        : `${at}: no earlier step of scenario ${JSON.stringify(scenarioName)} captures ${variable.name}`);
    } else if (!unreadFeeders.has(variable.feeder)) {
      const feeder = feeders.get(variable.feeder);
      if (feeder === undefined) problems.push(`${at}: there is no data feeder named ${variable.feeder} (data: ${[...feeders.keys()].join(', ') || 'none'})`);
      else if (!feeder.columns.includes(variable.column)) problems.push(`${at}: ${feeder.csvPath} has no column ${variable.column} (columns: ${feeder.columns.join(', ')})`);
    }
  }
}
