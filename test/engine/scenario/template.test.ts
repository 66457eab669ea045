import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/engine/scenario/rng.js';
import { compileJsonTemplate, compileTemplate, TemplateRenderError, TemplateSyntaxError } from '../../../src/engine/scenario/template.js';
import { VarScope, type RowSource } from '../../../src/engine/scenario/var-scope.js';

const users: RowSource = { name: 'users', pick: () => ({ email: 'ada@example.com', password: 'p"w' }) };

function scope(captures: Record<string, unknown> = {}): VarScope {
  const vars = new VarScope([users]);
  vars.beginIteration(new Rng(1));
  for (const [name, value] of Object.entries(captures)) vars.set(name, value);
  return vars;
}

function syntaxError(text: string): TemplateSyntaxError {
  try {
    compileTemplate(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    return error as TemplateSyntaxError;
  }
  throw new Error(`${text} compiled`);
}

describe('compileTemplate', () => {
  it('a text without expressions is static and renders to itself', () => {
    const template = compileTemplate('/api/items?x=}}');
    expect(template.isStatic).toBe(true);
    expect(template.render(scope(), new Rng(1))).toBe('/api/items?x=}}');
  });

  it('renders captures and feeder columns, with or without spaces inside the braces', () => {
    const template = compileTemplate('/users/{{userId}}/mail/{{ users.email }}!');
    expect(template.isStatic).toBe(false);
    expect(template.render(scope({ userId: 17 }), new Rng(1))).toBe('/users/17/mail/ada@example.com!');
  });

  it('random.int(lo, hi) draws inclusive integers from the seeded source, reproducibly', () => {
    const template = compileTemplate('{{ random.int(1, 3) }}');
    const rngA = new Rng(9);
    const rngB = new Rng(9);
    const drawsA = Array.from({ length: 300 }, () => template.render(scope(), rngA));
    const drawsB = Array.from({ length: 300 }, () => template.render(scope(), rngB));
    expect(drawsA).toEqual(drawsB);
    expect(new Set(drawsA)).toEqual(new Set(['1', '2', '3']));
    const reference = new Rng(9);
    expect(drawsA.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => String(reference.int(1, 3))));
  });

  it('random.int takes negative bounds', () => {
    const template = compileTemplate('{{ random.int(-5, -5) }}');
    expect(template.render(scope(), new Rng(1))).toBe('-5');
  });

  it('random.pick chooses among quoted strings and numbers', () => {
    const template = compileTemplate(`{{ random.pick("a b", 'c,d', 7) }}`);
    const rng = new Rng(5);
    const seen = new Set(Array.from({ length: 200 }, () => template.render(scope(), rng)));
    expect(seen).toEqual(new Set(['a b', 'c,d', '7']));
  });

  it('uuid() and random.uuid() give version-4 UUIDs from the seeded source', () => {
    const a = compileTemplate('{{ uuid() }}').render(scope(), new Rng(11));
    const b = compileTemplate('{{ random.uuid() }}').render(scope(), new Rng(11));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toBe(a);
    const rng = new Rng(12);
    const many = new Set(Array.from({ length: 1000 }, () => compileTemplate('{{uuid()}}').render(scope(), rng)));
    expect(many.size).toBe(1000);
  });

  it('timestamp() is milliseconds since the epoch, now', () => {
    const before = Date.now();
    const value = Number(compileTemplate('{{ timestamp() }}').render(scope(), new Rng(1)));
    const after = Date.now();
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(after);
  });

  it('value() keeps the type of a whole-template expression and renders otherwise', () => {
    const vars = scope({ id: 42, item: { a: [1] } });
    expect(compileTemplate('{{ id }}').value(vars, new Rng(1))).toBe(42);
    expect(compileTemplate(' {{ id }}').value(vars, new Rng(1))).toBe(' 42');
    expect(compileTemplate('item={{ item }}').render(vars, new Rng(1))).toBe('item={"a":[1]}');
  });

  it('rejects unknown functions, naming them, and env.NAME with the ${NAME} hint', () => {
    expect(syntaxError('/x/{{ random.float(1, 2) }}').message).toContain('unknown function random.float()');
    expect(syntaxError('{{ now() }}').message).toContain('unknown function now()');
    expect(syntaxError('{{ env.API_TOKEN }}').message).toContain('${API_TOKEN}');
  });

  it('rejects unclosed braces, empty expressions, bad arguments and bad argument counts', () => {
    expect(syntaxError('/x/{{ id').message).toContain('"{{" at position 3 has no closing "}}"');
    expect(syntaxError('{{ a {{ b }}').message).toContain('before the next "{{"');
    expect(syntaxError('{{  }}').message).toContain('empty expression');
    expect(syntaxError('{{ random.int(1) }}').message).toContain('takes 2 arguments, got 1');
    expect(syntaxError('{{ random.int(5, 1) }}').message).toContain('lo ≤ hi');
    expect(syntaxError('{{ random.int(1.5, 2) }}').message).toContain('two integers');
    expect(syntaxError('{{ uuid(1) }}').message).toContain('takes 0 arguments, got 1');
    expect(syntaxError('{{ random.pick() }}').message).toContain('at least one choice');
    expect(syntaxError('{{ random.pick(a) }}').message).toContain('numbers or quoted strings');
    expect(syntaxError('{{ random.pick("a" "b") }}').message).toContain('expected "," between arguments');
    expect(syntaxError('{{ a-b }}').message).toContain('expected a variable');
  });

  it('throws TemplateRenderError when a variable has no value in this iteration', () => {
    const vars = scope();
    expect(() => compileTemplate('/p/{{ productId }}').render(vars, new Rng(1))).toThrow(TemplateRenderError);
    expect(() => compileTemplate('/p/{{ productId }}').render(vars, new Rng(1))).toThrow('no earlier step of this iteration captured productId');
    expect(() => compileTemplate('{{ users.phone }}').render(vars, new Rng(1))).toThrow('data feeder users has no column phone');
    expect(() => compileTemplate('{{ orders.id }}').render(vars, new Rng(1))).toThrow('there is no data feeder named orders');
    try {
      compileTemplate('{{ x }}').render(vars, new Rng(1));
    } catch (error) {
      expect((error as TemplateRenderError).code).toBe('PA_TEMPLATE_VARIABLE');
    }
    expect.assertions(5);
  });

  it('forgets captures when a new iteration begins', () => {
    const vars = scope({ token: 'abc' });
    const template = compileTemplate('{{ token }}');
    expect(template.render(vars, new Rng(1))).toBe('abc');
    vars.beginIteration(new Rng(1));
    expect(() => template.render(vars, new Rng(1))).toThrow(TemplateRenderError);
  });
});

describe('compileJsonTemplate', () => {
  it('a body without templates is static and serialises as JSON.stringify does', () => {
    const value = { productId: 42, qty: 1, tags: ['a', null, true], nested: { 'k"ey': 'v' } };
    const template = compileJsonTemplate(value);
    expect(template.isStatic).toBe(true);
    expect(template.render(scope(), new Rng(1))).toBe(JSON.stringify(value));
  });

  it('a leaf that is exactly one expression keeps the captured type; mixed leaves are strings', () => {
    const template = compileJsonTemplate({
      id: '{{ productId }}',
      label: 'item {{ productId }}',
      list: ['{{ productId }}', '{{ flags }}'],
      email: '{{ users.email }}',
      password: '{{ users.password }}',
      n: '{{ random.int(7, 7) }}',
    });
    expect(template.isStatic).toBe(false);
    const text = template.render(scope({ productId: 42, flags: { on: true } }), new Rng(1));
    expect(JSON.parse(text)).toEqual({
      id: 42,
      label: 'item 42',
      list: [42, { on: true }],
      email: 'ada@example.com',
      password: 'p"w',
      n: 7,
    });
  });

  it('a captured string stays a string and is escaped', () => {
    const text = compileJsonTemplate({ q: '{{ s }}' }).render(scope({ s: 'a"b\\c\n' }), new Rng(1));
    expect(JSON.parse(text)).toEqual({ q: 'a"b\\c\n' });
  });

  it('reports template syntax errors inside the body', () => {
    expect(() => compileJsonTemplate({ a: ['{{ nope() }}'] })).toThrow('unknown function nope()');
  });
});
