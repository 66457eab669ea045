// Checks a parsed perf.yml against the structure in schema.ts by walking the schema itself (the
// subset of JSON Schema that schema.ts uses), so the schema stays the one source and every message
// can name the field, say what was expected and what was found, and suggest a key for a typo.
// Meaning across fields (phases vs model, endpoint names, …) is left to normalize.ts.

import { readDurationMs, readFraction } from './duration.js';
import { didYouMean } from './did-you-mean.js';
import { pathKey } from './interpolate.js';
import { describeValue, ProblemList, type FieldPath } from './problems.js';

type SchemaNode = Readonly<Record<string, unknown>>;

const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?$/;

export function validateStructure(
  schema: SchemaNode,
  value: unknown,
  problems: ProblemList,
  interpolatedPaths: ReadonlySet<string> = new Set(),
): void {
  const walk = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    const perf = node['x-perf'];
    if (perf === 'duration') return checkDuration(node, found, path, out);
    if (perf === 'percent') {
      if (readFraction(found) === undefined) out.add(path, `expected ${String(node['x-expected'])}, got ${describeValue(found)}`);
      return;
    }
    if (Array.isArray(node.anyOf)) return walkUnion(node, node.anyOf as SchemaNode[], found, path, out);
    if (node.const !== undefined) {
      if (found !== node.const) out.add(path, `expected ${JSON.stringify(node.const)}, got ${describeValue(found)}`);
      return;
    }
    switch (node.type) {
      case 'object':
        return walkObject(node, found, path, out);
      case 'array':
        return walkArray(node, found, path, out);
      case 'string':
        return walkString(node, found, path, out);
      case 'number':
      case 'integer':
        return walkNumber(node, found, path, out);
      case 'boolean':
        if (typeof found !== 'boolean') out.add(path, `expected true or false, got ${describeValue(found)}`);
        return;
      default:
        return; // no type: anything goes (json bodies, expected JSON values)
    }
  };

  // Checked after unit conversion: "1.5ms" or 1e306 (seconds) is a duration, but not one undici or a
  // timer can hold.
  const checkDuration = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    const ms = readDurationMs(found);
    const maxMs = node['x-max-ms'];
    // A finite number of seconds can still overflow in milliseconds; it is then simply too long.
    const huge = ms === undefined && typeof found === 'number' && Number.isFinite(found) && found > 0;
    if (ms === undefined && !huge) out.add(path, `expected ${String(node['x-expected'])}, got ${describeValue(found)}`);
    else if (typeof maxMs === 'number' && (huge || ms! > maxMs)) out.add(path, `expected a duration of at most ${formatMs(maxMs)}, got ${describeValue(found)}`);
    else if (node['x-whole-ms'] === true && ms !== undefined && !Number.isInteger(ms)) out.add(path, `expected whole milliseconds, got ${describeValue(found)} (${ms} ms)`);
  };

  const walkUnion = (node: SchemaNode, branches: SchemaNode[], found: unknown, path: FieldPath, out: ProblemList): void => {
    const candidates = branches.filter((branch) => typeFits(branch, found, path));
    const expected = typeof node['x-expected'] === 'string' ? node['x-expected'] : describeUnion(branches);
    if (candidates.length === 0) {
      out.add(path, `expected ${expected}, got ${describeValue(found)}`);
      return;
    }
    if (candidates.every((branch) => branch.const !== undefined)) {
      if (candidates.some((branch) => branch.const === found)) return;
      const names = candidates.map((branch) => String(branch.const));
      out.add(path, `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}, got ${describeValue(found)}${didYouMean(String(found), names)}`);
      return;
    }
    if (candidates.length === 1) return walk(candidates[0]!, found, path, out);
    const attempts = candidates.map((branch) => {
      const scratch = new ProblemList();
      walk(branch, found, path, scratch);
      return { branch, scratch };
    });
    if (attempts.some((attempt) => attempt.scratch.size === 0)) return;
    if (!isPlainObject(found)) {
      out.add(path, `expected ${expected}, got ${describeValue(found)}`);
      return;
    }
    // Several map shapes fit: report against the one that shares most keys with what was written.
    const keys = Object.keys(found);
    let best = attempts[0]!;
    let bestScore = -1;
    for (const attempt of attempts) {
      const properties = (attempt.branch.properties ?? {}) as Record<string, unknown>;
      const score = keys.filter((key) => key in properties).length;
      if (score > bestScore) {
        best = attempt;
        bestScore = score;
      }
    }
    if (bestScore > 0) {
      out.items.push(...best.scratch.items);
      return;
    }
    // Nothing written matches any shape (e.g. { thnk: 1s }): suggest keys from every shape.
    const allKeys = attempts.flatMap((attempt) => Object.keys((attempt.branch.properties ?? {}) as Record<string, unknown>));
    for (const problem of best.scratch.items) {
      const key = problem.path[problem.path.length - 1];
      const unknownHere = problem.atKey === true && problem.path.length === path.length + 1 && problem.message === 'unknown key';
      out.items.push(unknownHere ? { ...problem, message: `unknown key${didYouMean(String(key), allKeys)}` } : problem);
    }
  };

  const walkObject = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    if (!isPlainObject(found)) {
      out.add(path, `expected a map, got ${describeValue(found)}`);
      return;
    }
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
    for (const key of (node.required ?? []) as string[]) {
      if (!(key in found)) out.add(path, `missing required key "${key}"`);
    }
    const patterns = Object.entries((node.patternProperties ?? {}) as Record<string, SchemaNode>).map(
      ([pattern, schema]) => [new RegExp(pattern), schema] as const,
    );
    for (const [key, item] of Object.entries(found)) {
      const childPath = [...path, key];
      const property = properties[key];
      if (property) {
        walk(property, item, childPath, out);
        continue;
      }
      const patterned = patterns.find(([pattern]) => pattern.test(key));
      if (patterned) {
        walk(patterned[1], item, childPath, out);
        continue;
      }
      if (node.additionalProperties === false && typeof node['x-key-expected'] === 'string') {
        out.add(childPath, `expected a key that is ${node['x-key-expected']}, got ${JSON.stringify(key)}`, true);
      } else if (node.additionalProperties === false) {
        out.add(childPath, `unknown key${didYouMean(key, Object.keys(properties))}`, true);
      } else if (isPlainObject(node.additionalProperties)) {
        walk(node.additionalProperties as SchemaNode, item, childPath, out);
      }
    }
  };

  const walkArray = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    if (!Array.isArray(found)) {
      out.add(path, `expected a list, got ${describeValue(found)}`);
      return;
    }
    if (typeof node.minItems === 'number' && found.length < node.minItems) {
      out.add(path, `expected at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}, got ${found.length}`);
    }
    if (typeof node.maxItems === 'number' && found.length > node.maxItems) out.add(path, `expected at most ${node.maxItems} items, got ${found.length}`);
    const items = node.items as SchemaNode | undefined;
    if (items) found.forEach((item, index) => walk(items, item, [...path, index], out));
  };

  const walkString = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    if (typeof found !== 'string') {
      out.add(path, `expected ${typeof node['x-expected'] === 'string' ? node['x-expected'] : 'a string'}, got ${describeValue(found)}`);
      return;
    }
    if (typeof node.minLength === 'number' && found.length < node.minLength) {
      out.add(path, `expected a non-empty string, got ${describeValue(found)}`);
      return;
    }
    if (typeof node.pattern === 'string' && !new RegExp(node.pattern).test(found)) {
      const expected = typeof node['x-expected'] === 'string' ? node['x-expected'] : `a string matching /${node.pattern}/`;
      out.add(path, `expected ${expected}, got ${describeValue(found)}`);
    }
  };

  const walkNumber = (node: SchemaNode, found: unknown, path: FieldPath, out: ProblemList): void => {
    const expected = describeNumber(node);
    // A number may come from ${VAR}: the variable's text must then be numeric.
    const fromEnv = typeof found === 'string' && interpolatedPaths.has(pathKey(path)) && NUMERIC_TEXT.test(found.trim());
    const number = fromEnv ? Number(found) : found;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      out.add(path, `expected ${expected}, got ${describeValue(found)}`);
      return;
    }
    const tooSmall =
      (typeof node.minimum === 'number' && number < node.minimum) ||
      (typeof node.exclusiveMinimum === 'number' && number <= node.exclusiveMinimum) ||
      (typeof node.maximum === 'number' && number > node.maximum);
    if ((node.type === 'integer' && !Number.isInteger(number)) || tooSmall) out.add(path, `expected ${expected}, got ${describeValue(found)}`);
  };

  const typeFits = (branch: SchemaNode, found: unknown, path: FieldPath): boolean => {
    if (branch['x-perf'] !== undefined || Array.isArray(branch.anyOf) || branch.type === undefined) return true;
    switch (branch.type) {
      case 'object':
        return isPlainObject(found);
      case 'array':
        return Array.isArray(found);
      case 'string':
        return typeof found === 'string';
      case 'number':
      case 'integer':
        return typeof found === 'number' || (typeof found === 'string' && interpolatedPaths.has(pathKey(path)) && NUMERIC_TEXT.test(found.trim()));
      case 'boolean':
        return typeof found === 'boolean';
      default:
        return true;
    }
  };

  walk(schema, value, [], problems);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** "24h", "1h", "250ms": a maximum as users write it. */
function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function describeNumber(node: SchemaNode): string {
  const noun = node.type === 'integer' ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (typeof node.minimum === 'number') bounds.push(`≥ ${node.minimum}`);
  if (typeof node.exclusiveMinimum === 'number') bounds.push(`> ${node.exclusiveMinimum}`);
  if (typeof node.maximum === 'number') bounds.push(`≤ ${node.maximum}`);
  return bounds.length === 0 ? noun : `${noun} ${bounds.join(' and ')}`;
}

function describeUnion(branches: readonly SchemaNode[]): string {
  const parts = branches.map((branch) => {
    if (branch.const !== undefined) return JSON.stringify(branch.const);
    if (branch.type === 'number' || branch.type === 'integer') return describeNumber(branch);
    if (branch.type === 'array') return 'a list';
    if (branch.type === 'object') return 'a map';
    if (branch.type === 'boolean') return 'true or false';
    return 'a string';
  });
  return [...new Set(parts)].join(' or ');
}

/** A number field's value after validation: a number, or numeric text that came from ${VAR}. */
export function toNumber(value: unknown): number {
  return typeof value === 'string' ? Number(value) : (value as number);
}
