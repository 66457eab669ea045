// Expectations: the checks a step's response must pass (status in a list, header values, JSONPath
// values, body text). Compiled once; check() returns null or one message describing the first failed
// check, e.g. `status 500, expected 200`. With no expectation nothing is checked, and a 4xx/5xx is
// not an expectation failure: the engine classes those by status itself.

import type { Expectation } from '../../config/types.js';
import { compileJsonPath, NOT_FOUND, type CompiledJsonPath } from './jsonpath.js';
import { headerValue, jsonEqual, ResponseJson, shortJson, type ScenarioResponse } from './response-json.js';
import { TemplateSyntaxError } from './template-expression.js';

export interface CompiledExpectation {
  /** Some check reads the body (JSON values or body text). */
  readonly needsBody: boolean;
  readonly needsJson: boolean;
  /** The step names expected statuses: then a 4xx/5xx is judged here, not by class. */
  readonly expectsStatus: boolean;
  /** null when the response passes; else what failed. Pass the step's ResponseJson to share one parse. */
  check(response: ScenarioResponse, json?: ResponseJson): string | null;
}

const NOTHING: CompiledExpectation = Object.freeze({ needsBody: false, needsJson: false, expectsStatus: false, check: () => null });

/** Compiles an expectation; throws TemplateSyntaxError for a bad JSONPath, naming it. */
export function compileExpectation(expect?: Expectation): CompiledExpectation {
  if (expect === undefined) return NOTHING;
  const statuses = expect.status;
  const statusText = statuses === undefined ? '' : statuses.length === 1 ? String(statuses[0]) : `one of ${statuses.join(', ')}`;
  const headers = Object.entries(expect.headers ?? {}).map(([name, value]) => ({ name, lowerCaseName: name.toLowerCase(), value, bare: !value.includes(';') }));
  const jsonChecks: { path: CompiledJsonPath; expected: unknown }[] = Object.entries(expect.json ?? {}).map(([path, expected]) => {
    try {
      return { path: compileJsonPath(path), expected };
    } catch (error) {
      throw new TemplateSyntaxError(`expect.json: ${(error as Error).message}`);
    }
  });
  const contains = expect.bodyContains;
  const needsJson = jsonChecks.length > 0;
  return {
    needsBody: needsJson || contains !== undefined,
    needsJson,
    expectsStatus: statuses !== undefined,
    check(response: ScenarioResponse, json?: ResponseJson): string | null {
      if (statuses !== undefined && !statuses.includes(response.statusCode)) return `status ${response.statusCode}, expected ${statusText}`;
      for (const header of headers) {
        const actual = headerValue(response.headers, header.lowerCaseName);
        if (actual === undefined) return `header ${header.name} missing, expected ${JSON.stringify(header.value)}`;
        // An expected value without parameters matches the media type alone: "application/json"
        // accepts "application/json; charset=utf-8".
        if (actual !== header.value && !(header.bare && actual.split(';')[0]!.trim() === header.value)) {
          return `header ${header.name} is ${shortJson(actual)}, expected ${JSON.stringify(header.value)}`;
        }
      }
      if (needsJson) {
        const parsed = json ?? new ResponseJson();
        const root = parsed.read(response.body);
        const problem = parsed.problem();
        if (problem !== undefined) return `json ${jsonChecks[0]!.path.source}: ${problem}`;
        for (const { path, expected } of jsonChecks) {
          // A definite path is compared as one value; a wildcard or descent path as the list of all matches.
          const actual = path.isDefinite ? path.first(root) : path.all(root);
          if (actual === NOT_FOUND) return `json ${path.source} not found, expected ${shortJson(expected)}`;
          if (!jsonEqual(actual, expected)) return `json ${path.source} is ${shortJson(actual)}, expected ${shortJson(expected)}`;
        }
      }
      if (contains !== undefined && !response.body.includes(contains)) return `body does not contain ${JSON.stringify(contains)}`;
      return null;
    },
  };
}
