// Captures: reads values out of a response into the iteration's VarScope for later steps, from a
// JSONPath into the JSON body (the first match, typed), a header (its first value), or a regular
// expression group over the body text. Everything is compiled once; the body is parsed as JSON at
// most once per response and only when a JSON capture exists. `needsBody` tells the engine whether
// the step's body must be buffered at all. What to do with a failed capture (fail the request, stop
// the iteration) is the engine's call; this returns the message.

import type { CaptureSource } from '../../config/types.js';
import { compileJsonPath, NOT_FOUND } from './jsonpath.js';
import { headerValue, ResponseJson, type ScenarioResponse } from './response-json.js';
import { TemplateSyntaxError } from './template-expression.js';
import type { VarScope } from './var-scope.js';

export interface CompiledCaptures {
  /**
   * Stores every capture in `vars`; returns null when all were found, else a message such as
   * `capture productId: $.items[0].id not found`. Pass the step's ResponseJson to share one parse
   * with the expectations; without it the body is parsed here (at most once).
   */
  (response: ScenarioResponse, vars: VarScope, json?: ResponseJson): string | null;
  /** Some capture reads the body (JSON or regex). */
  readonly needsBody: boolean;
  /** Some capture reads the body as JSON. */
  readonly needsJson: boolean;
  /** The variable names this step captures, in order. */
  readonly names: readonly string[];
}

type Reader = (response: ScenarioResponse, json: ResponseJson) => { value: unknown } | string;

/** Compiles the step's captures; throws TemplateSyntaxError (bad JSONPath or regex) naming the variable. */
export function compileCaptures(capture: Readonly<Record<string, CaptureSource>>): CompiledCaptures {
  const names = Object.keys(capture);
  const readers: Reader[] = names.map((name) => compileReader(name, capture[name]!));
  const needsJson = names.some((name) => capture[name]!.from === 'json');
  const needsBody = names.some((name) => capture[name]!.from !== 'header');
  const apply = (response: ScenarioResponse, vars: VarScope, json?: ResponseJson): string | null => {
    if (readers.length === 0) return null;
    const parsed = json ?? new ResponseJson();
    for (let i = 0; i < readers.length; i++) {
      const result = readers[i]!(response, parsed);
      if (typeof result === 'string') return `capture ${names[i]}: ${result}`;
      vars.set(names[i]!, result.value);
    }
    return null;
  };
  return Object.assign(apply, { needsBody, needsJson, names: Object.freeze(names) });
}

function compileReader(name: string, source: CaptureSource): Reader {
  switch (source.from) {
    case 'json': {
      let path;
      try {
        path = compileJsonPath(source.path);
      } catch (error) {
        throw new TemplateSyntaxError(`capture ${name}: ${(error as Error).message}`);
      }
      return (response, json) => {
        const root = json.read(response.body);
        const problem = json.problem();
        if (problem !== undefined) return `${source.path} not read: ${problem}`;
        const value = path.first(root);
        return value === NOT_FOUND ? `${source.path} not found` : { value };
      };
    }
    case 'header': {
      const lowerCaseName = source.name.toLowerCase();
      return (response) => {
        const value = headerValue(response.headers, lowerCaseName);
        return value === undefined ? `header ${source.name} not found` : { value };
      };
    }
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(source.pattern);
      } catch (error) {
        throw new TemplateSyntaxError(`capture ${name}: invalid regular expression ${JSON.stringify(source.pattern)}: ${(error as Error).message}`);
      }
      const group = source.group;
      return (response) => {
        const match = pattern.exec(response.body);
        const value = match?.[group];
        if (value === undefined) return match ? `regex ${source.pattern} matched, but group ${group} did not` : `regex ${source.pattern} did not match`;
        return { value };
      };
    }
  }
}
