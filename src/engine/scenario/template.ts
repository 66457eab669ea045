// Templates: text with `{{ expression }}` parts (see template-expression.ts for the expressions),
// parsed once when the scenario compiles. A compiled template knows whether it is static (no
// expressions), so the request builder can encode static requests once. Rendering is one pass of
// string concatenation over the pre-split parts. compileJsonTemplate does the same for JSON bodies:
// the JSON text is pre-serialised around the holes, and a string leaf that is exactly "{{ expr }}"
// keeps the type of its value (a captured number stays a number).
// Rendering throws TemplateRenderError when a variable has no value; the engine fails that request
// with class 'other'. Which variable names exist is checked by compile.ts, not here.

import type { UniformSource } from './rng.js';
import { evaluateExpression, parseExpression, TemplateSyntaxError, valueToText, type TemplateExpression } from './template-expression.js';
import type { VarScope } from './var-scope.js';

export { TemplateRenderError, TemplateSyntaxError } from './template-expression.js';
export type { TemplateExpression } from './template-expression.js';

export interface CompiledTemplate {
  readonly source: string;
  /** No expressions: render() returns `source` unchanged and draws nothing. */
  readonly isStatic: boolean;
  /** The expressions in order of appearance (compile.ts checks their variables). */
  readonly expressions: readonly TemplateExpression[];
  /** The text with every expression replaced by its value; throws TemplateRenderError. */
  render(vars: VarScope, rng: UniformSource): string;
  /** For a template that is exactly one expression, the value with its type; otherwise render(). */
  value(vars: VarScope, rng: UniformSource): unknown;
}

class Template implements CompiledTemplate {
  readonly isStatic: boolean;
  /** literals.length === expressions.length + 1; literal i precedes expression i. */
  constructor(
    readonly source: string,
    private readonly literals: readonly string[],
    readonly expressions: readonly TemplateExpression[],
  ) {
    this.isStatic = expressions.length === 0;
  }

  render(vars: VarScope, rng: UniformSource): string {
    const expressions = this.expressions;
    if (expressions.length === 0) return this.source;
    const literals = this.literals;
    let text = literals[0]!;
    for (let i = 0; i < expressions.length; i++) text += valueToText(evaluateExpression(expressions[i]!, vars, rng)) + literals[i + 1]!;
    return text;
  }

  value(vars: VarScope, rng: UniformSource): unknown {
    if (this.expressions.length === 1 && this.literals[0] === '' && this.literals[1] === '') return evaluateExpression(this.expressions[0]!, vars, rng);
    return this.render(vars, rng);
  }
}

/** Parses `text` once; throws TemplateSyntaxError naming the bad part (unclosed `{{`, unknown function…). */
export function compileTemplate(text: string): CompiledTemplate {
  const literals: string[] = [];
  const expressions: TemplateExpression[] = [];
  let literal = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('{{', pos);
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateSyntaxError(`${JSON.stringify(text)}: "{{" at position ${open} has no closing "}}"`);
    const inner = text.slice(open + 2, close);
    if (inner.includes('{{')) throw new TemplateSyntaxError(`${JSON.stringify(text)}: "{{" at position ${open} has no closing "}}" before the next "{{"`);
    literal += text.slice(pos, open);
    literals.push(literal);
    literal = '';
    expressions.push(parseExpression(inner.trim()));
    pos = close + 2;
  }
  literals.push(literal + text.slice(pos));
  return new Template(text, literals, expressions);
}

/** A template that is `text` taken literally, `{{` and all (for values that are not templates, such as config headers). */
export function literalTemplate(text: string): CompiledTemplate {
  return new Template(text, [text], []);
}

export interface CompiledJsonTemplate {
  readonly isStatic: boolean;
  readonly expressions: readonly TemplateExpression[];
  /** The JSON text of the body; throws TemplateRenderError. */
  render(vars: VarScope, rng: UniformSource): string;
}

class JsonTemplate implements CompiledJsonTemplate {
  readonly isStatic: boolean;
  readonly expressions: readonly TemplateExpression[];
  constructor(
    /** literals.length === holes.length + 1. */
    private readonly literals: readonly string[],
    /** Each hole's value() is serialised: a whole-value template keeps its type, others are strings. */
    private readonly holes: readonly CompiledTemplate[],
  ) {
    this.isStatic = holes.length === 0;
    this.expressions = holes.flatMap((hole) => hole.expressions);
  }

  render(vars: VarScope, rng: UniformSource): string {
    const literals = this.literals;
    const holes = this.holes;
    let text = literals[0]!;
    for (let i = 0; i < holes.length; i++) {
      text += (JSON.stringify(holes[i]!.value(vars, rng)) ?? 'null') + literals[i + 1]!;
    }
    return text;
  }
}

/**
 * Compiles a JSON body whose string leaves may hold templates (object keys are taken literally).
 * A leaf that is exactly one `{{ expr }}` becomes the expression's JSON value: `"{{ productId }}"`
 * sends 42, not "42", when the capture was the number 42.
 */
export function compileJsonTemplate(value: unknown): CompiledJsonTemplate {
  const literals: string[] = [];
  const holes: CompiledTemplate[] = [];
  let literal = '';
  const emit = (node: unknown): void => {
    if (typeof node === 'string') {
      const template = compileTemplate(node);
      if (template.isStatic) {
        literal += JSON.stringify(node);
        return;
      }
      literals.push(literal);
      literal = '';
      holes.push(template);
    } else if (Array.isArray(node)) {
      literal += '[';
      node.forEach((item, index) => {
        if (index > 0) literal += ',';
        emit(item === undefined ? null : item);
      });
      literal += ']';
    } else if (node !== null && typeof node === 'object') {
      literal += '{';
      let first = true;
      for (const [key, item] of Object.entries(node)) {
        if (item === undefined) continue;
        literal += (first ? '' : ',') + JSON.stringify(key) + ':';
        first = false;
        emit(item);
      }
      literal += '}';
    } else {
      literal += JSON.stringify(node) ?? 'null';
    }
  };
  emit(value);
  literals.push(literal);
  return new JsonTemplate(literals, holes);
}
