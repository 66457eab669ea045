// Turns one request step into a function that builds what the engine dispatches: origin, path with
// query, a flat header list and the body. Templates are compiled once; a step with no expressions is
// built once, here, and build() returns that same object every time (the body pre-encoded as a Buffer).
// A dynamic step renders each template once per request and allocates one request object and one
// header list. Config headers (http.headers) lie under the step's own; names are sent lower-case.
// Query and form values are form-encoded (as URLSearchParams writes them); values rendered into the
// URL itself are not, as in k6: a path that needs it goes through new URL(), which escapes spaces and
// quotes but not "/" or "?". Sending, timing and retries are the engine's.

import type { RequestStep } from '../../config/types.js';
import type { BuiltRequest } from '../compiled-plan.js';
import type { UniformSource } from './rng.js';
import { compileJsonTemplate, compileTemplate, literalTemplate, TemplateSyntaxError, type CompiledTemplate, type TemplateExpression } from './template.js';
import type { VarScope } from './var-scope.js';

export interface RequestBuilder {
  readonly isStatic: boolean;
  /** Every expression of the step with the field it sits in, for compile.ts's variable checks. */
  readonly expressions: readonly { readonly field: string; readonly expression: TemplateExpression }[];
  build(vars: VarScope, rng: UniformSource): BuiltRequest;
}

/**
 * Compiles `step` against `target` (relative URLs resolve against it, as new URL() does). Syntax
 * problems are added to `problems` as "<field>: <message>"; the builder returned then is unusable.
 */
export function compileRequestBuilder(step: RequestStep, target: string, defaultHeaders: Readonly<Record<string, string>>, problems: string[]): RequestBuilder {
  const expressions: { field: string; expression: TemplateExpression }[] = [];
  const template = (text: string, field: string): CompiledTemplate => {
    try {
      const compiled = compileTemplate(text);
      for (const expression of compiled.expressions) expressions.push({ field, expression });
      return compiled;
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      problems.push(`${field}: ${error.message}`);
      return literalTemplate('');
    }
  };

  const base = target.endsWith('/') ? target : `${target}/`;
  const targetOrigin = new URL(base).origin;
  const url = template(step.url, 'url');
  const query = Object.entries(step.query).map(([name, value]) => ({ prefix: `${formEncode(name)}=`, value: template(value, `query.${name}`) }));

  const merged = new Map<string, CompiledTemplate>();
  for (const [name, value] of Object.entries(defaultHeaders)) merged.set(name.toLowerCase(), literalTemplate(value));
  for (const [name, value] of Object.entries(step.headers)) merged.set(name.toLowerCase(), template(value, `headers.${name}`));

  let body: { isStatic: boolean; render(vars: VarScope, rng: UniformSource): string } | undefined;
  const contentType = (value: string): void => {
    if (!merged.has('content-type')) merged.set('content-type', literalTemplate(value));
  };
  if (step.body?.kind === 'json') {
    try {
      body = compileJsonTemplate(step.body.value);
      for (const expression of (body as ReturnType<typeof compileJsonTemplate>).expressions) expressions.push({ field: 'json', expression });
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      problems.push(`json: ${error.message}`);
    }
    contentType('application/json');
  } else if (step.body?.kind === 'form') {
    const fields = Object.entries(step.body.value).map(([name, value]) => ({ prefix: `${formEncode(name)}=`, value: template(value, `form.${name}`) }));
    body = { isStatic: fields.every((field) => field.value.isStatic), render: (vars, rng) => encodePairs(fields, vars, rng) };
    contentType('application/x-www-form-urlencoded');
  } else if (step.body?.kind === 'raw') {
    body = template(step.body.value, 'body');
    if (step.body.contentType !== undefined) contentType(step.body.contentType);
  }

  const headerNames = [...merged.keys()];
  const headerValues = [...merged.values()];
  const isStatic = url.isStatic && query.every((pair) => pair.value.isStatic) && headerValues.every((value) => value.isStatic) && (body?.isStatic ?? true);

  const build = (vars: VarScope, rng: UniformSource): BuiltRequest => {
    const { origin, path } = resolve(url.render(vars, rng), base, targetOrigin);
    const fullPath = query.length === 0 ? path : `${path}${path.includes('?') ? '&' : '?'}${encodePairs(query, vars, rng)}`;
    const headers: string[] = [];
    for (let i = 0; i < headerNames.length; i++) headers.push(headerNames[i]!, headerValues[i]!.render(vars, rng));
    return body === undefined ? { origin, path: fullPath, headers } : { origin, path: fullPath, headers, body: body.render(vars, rng) };
  };

  if (isStatic && problems.length === 0) {
    const once = build(undefined as unknown as VarScope, { next: () => 0 });
    const built: BuiltRequest = Object.freeze(
      once.body === undefined ? { ...once, headers: Object.freeze(once.headers as string[]) } : { ...once, headers: Object.freeze(once.headers as string[]), body: Buffer.from(once.body as string) },
    );
    return { isStatic, expressions, build: () => built };
  }
  return { isStatic, expressions, build };
}

/**
 * Rendered paths that new URL() would leave as they are skip it: they start with one "/", hold only
 * characters outside the WHATWG path and query percent-encode sets, and have no dot segments.
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@%/?[\]|^]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?]|$)/;

function resolve(rendered: string, base: string, targetOrigin: string): { origin: string; path: string } {
  if (PLAIN_PATH.test(rendered) && !DOT_SEGMENT.test(rendered)) return { origin: targetOrigin, path: rendered };
  const url = new URL(rendered, base);
  return { origin: url.origin, path: url.pathname + url.search };
}

function encodePairs(pairs: readonly { prefix: string; value: CompiledTemplate }[], vars: VarScope, rng: UniformSource): string {
  let text = '';
  for (let i = 0; i < pairs.length; i++) text += (i === 0 ? '' : '&') + pairs[i]!.prefix + formEncode(pairs[i]!.value.render(vars, rng));
  return text;
}

/** application/x-www-form-urlencoded as URLSearchParams writes it: space as "+", only *-._ and alphanumerics bare. */
export function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()~]|%20/g, (match) => (match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`));
}
