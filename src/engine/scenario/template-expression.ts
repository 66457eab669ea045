// Parses and evaluates the expression inside one `{{ … }}`: a variable (`token`, a capture, or
// `users.email`, a feeder column) or one of the built-in generators, `random.int(lo, hi)`,
// `random.pick(a, b, …)`, `uuid()` / `random.uuid()` and `timestamp()`. Parsing happens once, when the
// scenario compiles; evaluation is a switch with no parsing and at most one small string per call.
// `${ENV}` values were filled in when perf.yml loaded, so `env.NAME` is refused here with that hint.
// Which variables exist is checked by compile.ts, which knows the feeders and the earlier captures.

import type { UniformSource } from './rng.js';
import { randomInt } from './rng.js';
import type { VarScope } from './var-scope.js';

/** A template, JSONPath or regex the scenario compiler cannot accept; the message names the problem. */
export class TemplateSyntaxError extends Error {
  readonly code = 'PA_TEMPLATE_SYNTAX';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Thrown while rendering when a variable has no value in this iteration. The engine's request loop
 * catches what `build()` throws and records the request as failed with class 'other' and this message.
 */
export class TemplateRenderError extends Error {
  readonly code = 'PA_TEMPLATE_VARIABLE';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

export type TemplateExpression =
  | { readonly kind: 'capture'; readonly name: string; readonly source: string }
  | { readonly kind: 'column'; readonly feeder: string; readonly column: string; readonly source: string }
  | { readonly kind: 'int'; readonly lo: number; readonly hi: number; readonly source: string }
  | { readonly kind: 'pick'; readonly choices: readonly (string | number)[]; readonly source: string }
  | { readonly kind: 'uuid'; readonly source: string }
  | { readonly kind: 'timestamp'; readonly source: string };

const KNOWN_FUNCTIONS = 'uuid(), random.uuid(), random.int(lo, hi), random.pick(a, b, …), timestamp()';
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?$/;
const CALL = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\(([\s\S]*)\)$/;

/** Parses the text between `{{` and `}}` (already trimmed). */
export function parseExpression(text: string): TemplateExpression {
  const source = `{{ ${text} }}`;
  if (text === '') throw new TemplateSyntaxError(`${source}: empty expression; expected a variable or a function call`);
  const variable = VARIABLE.exec(text);
  if (variable) {
    const [, head, column] = variable as unknown as [string, string, string | undefined];
    if (head === 'env') {
      throw new TemplateSyntaxError(`${source}: environment variables are filled in when perf.yml loads; write \${${column ?? 'NAME'}} instead`);
    }
    return column === undefined ? { kind: 'capture', name: head, source } : { kind: 'column', feeder: head, column, source };
  }
  const call = CALL.exec(text);
  if (!call) {
    throw new TemplateSyntaxError(`${source}: expected a variable (token, users.email) or a function call (${KNOWN_FUNCTIONS})`);
  }
  const name = call[1]!;
  const args = parseArguments(call[2]!, source);
  switch (name) {
    case 'uuid':
    case 'random.uuid':
      expectArgumentCount(name, args, 0, source);
      return { kind: 'uuid', source };
    case 'timestamp':
      expectArgumentCount(name, args, 0, source);
      return { kind: 'timestamp', source };
    case 'random.int': {
      expectArgumentCount(name, args, 2, source);
      const [lo, hi] = args as [string | number, string | number];
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new TemplateSyntaxError(`${source}: random.int takes two integers, got ${JSON.stringify(lo)} and ${JSON.stringify(hi)}`);
      if ((lo as number) > (hi as number)) throw new TemplateSyntaxError(`${source}: random.int(lo, hi) needs lo ≤ hi, got ${lo} > ${hi}`);
      return { kind: 'int', lo: lo as number, hi: hi as number, source };
    }
    case 'random.pick':
      if (args.length === 0) throw new TemplateSyntaxError(`${source}: random.pick needs at least one choice`);
      return { kind: 'pick', choices: args, source };
    default:
      if (name.startsWith('env.')) throw new TemplateSyntaxError(`${source}: environment variables are filled in when perf.yml loads; write \${NAME} instead`);
      throw new TemplateSyntaxError(`${source}: unknown function ${name}(); known: ${KNOWN_FUNCTIONS}`);
  }
}

function expectArgumentCount(name: string, args: readonly unknown[], count: number, source: string): void {
  if (args.length !== count) throw new TemplateSyntaxError(`${source}: ${name}() takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`);
}

/** Literal arguments only: numbers and single- or double-quoted strings (with backslash escapes). */
function parseArguments(text: string, source: string): (string | number)[] {
  const args: (string | number)[] = [];
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  skipSpace();
  if (pos === text.length) return args;
  for (;;) {
    skipSpace();
    const quote = text[pos];
    if (quote === '"' || quote === "'") {
      let value = '';
      pos++;
      while (pos < text.length && text[pos] !== quote) {
        if (text[pos] === '\\' && pos + 1 < text.length) pos++;
        value += text[pos++];
      }
      if (pos >= text.length) throw new TemplateSyntaxError(`${source}: unclosed string ${quote}${value}`);
      pos++;
      args.push(value);
    } else {
      const number = /^-?\d+(?:\.\d+)?/.exec(text.slice(pos));
      if (!number) throw new TemplateSyntaxError(`${source}: arguments are numbers or quoted strings, got ${JSON.stringify(text.slice(pos).trim())}`);
      args.push(Number(number[0]));
      pos += number[0].length;
    }
    skipSpace();
    if (pos === text.length) return args;
    if (text[pos] !== ',') throw new TemplateSyntaxError(`${source}: expected "," between arguments, got ${JSON.stringify(text[pos])}`);
    pos++;
  }
}

/** The expression's value with its type: captures keep theirs, random.int and timestamp are numbers. */
export function evaluateExpression(expression: TemplateExpression, vars: VarScope, rng: UniformSource): unknown {
  switch (expression.kind) {
    case 'capture': {
      const value = vars.get(expression.name);
      if (value === undefined) throw new TemplateRenderError(`${expression.source}: no earlier step of this iteration captured ${expression.name}`);
      return value;
    }
    case 'column': {
      const value = vars.column(expression.feeder, expression.column);
      if (value === undefined) {
        throw new TemplateRenderError(vars.hasFeeder(expression.feeder)
          ? `${expression.source}: data feeder ${expression.feeder} has no column ${expression.column} (or no row was picked)`
          : `${expression.source}: there is no data feeder named ${expression.feeder}`);
      }
      return value;
    }
    case 'int':
      return randomInt(rng, expression.lo, expression.hi);
    case 'pick':
      return expression.choices[Math.floor(rng.next() * expression.choices.length)];
    case 'uuid':
      return uuidFrom(rng);
    case 'timestamp':
      return Date.now();
  }
}

/** The text a value renders to inside a longer template: strings as is, other JSON values as JSON. */
export function valueToText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** An RFC 9562 version-4 UUID drawn from the seeded source, so seeded runs send the same ids. */
function uuidFrom(rng: UniformSource): string {
  const a = (rng.next() * 4294967296) >>> 0;
  const b = (((rng.next() * 4294967296) >>> 0) & 0xffff0fff) | 0x00004000; // version 4 in bits 12–15 of time_hi
  const c = (((rng.next() * 4294967296) >>> 0) & 0x3fffffff) | 0x80000000; // variant 10
  const d = (rng.next() * 4294967296) >>> 0;
  return (
    HEX[a >>> 24]! + HEX[(a >>> 16) & 255]! + HEX[(a >>> 8) & 255]! + HEX[a & 255]! + '-' +
    HEX[b >>> 24]! + HEX[(b >>> 16) & 255]! + '-' + HEX[(b >>> 8) & 255]! + HEX[b & 255]! + '-' +
    HEX[c >>> 24]! + HEX[(c >>> 16) & 255]! + '-' + HEX[(c >>> 8) & 255]! + HEX[c & 255]! +
    HEX[d >>> 24]! + HEX[(d >>> 16) & 255]! + HEX[(d >>> 8) & 255]! + HEX[d & 255]!
  );
}
