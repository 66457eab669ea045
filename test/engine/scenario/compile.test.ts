import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompiledRequestStep, CompiledStep } from '../../../src/engine/compiled-plan.js';
import { compileScenarios } from '../../../src/engine/scenario/compile.js';
import { Rng } from '../../../src/engine/scenario/rng.js';
import { ConfigError } from '../../../src/errors.js';
import { planConfig, requestStep } from './plan-config.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-action-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const usersCsv = join(dir, 'users.csv');
writeFileSync(usersCsv, 'email,password\nada@example.com,pw 1\nbob@example.com,pw&2\n');

function request(step: CompiledStep | undefined): CompiledRequestStep {
  if (step?.kind !== 'request') throw new Error('not a request step');
  return step;
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('compiled');
}

describe('compileScenarios: requests', () => {
  it('a static step is built once: the same object every time, body pre-encoded, headers merged', () => {
    const plan = compileScenarios(planConfig({
      headers: { 'User-Agent': 'perf', Accept: 'text/plain' },
      scenarios: [{ name: 's', weight: 1, steps: [requestStep({ name: 'add', method: 'POST', url: '/api/cart', query: { a: 'x y' }, headers: { accept: 'application/json' }, body: { kind: 'json', value: { productId: 42 } } })] }],
    }));
    const step = request(plan.scenarios[0]!.steps[0]);
    expect(step.isStatic).toBe(true);
    expect(step.needsBody).toBe(false);
    const scope = plan.newScope();
    const first = step.build(scope, new Rng(1));
    expect(step.build(scope, new Rng(2))).toBe(first);
    expect(step.build(plan.newScope(), new Rng(3))).toBe(first);
    expect(first.origin).toBe('http://127.0.0.1:8080');
    expect(first.path).toBe('/api/cart?a=x+y');
    expect(first.headers).toEqual(['user-agent', 'perf', 'accept', 'application/json', 'content-type', 'application/json']);
    expect(Buffer.isBuffer(first.body)).toBe(true);
    expect(first.body!.toString()).toBe('{"productId":42}');
  });

  it('a dynamic step renders path, query, headers and a form body per request', () => {
    const plan = compileScenarios(planConfig({
      target: 'http://127.0.0.1:8080/base',
      data: [{ name: 'users', csvPath: usersCsv, order: 'sequential' }],
      scenarios: [{
        name: 's',
        weight: 1,
        steps: [
          requestStep({ name: 'login', method: 'POST', url: '/login?src=app', query: { who: '{{ users.email }}' }, body: { kind: 'form', value: { email: '{{ users.email }}', password: '{{ users.password }}' } } }),
          requestStep({ name: 'page', url: 'items/{{ random.int(3, 3) }}', headers: { 'X-User': '{{ users.email }}' }, body: { kind: 'raw', value: 'id={{ users.password }}', contentType: 'text/plain' } }),
        ],
      }],
    }));
    const login = request(plan.scenarios[0]!.steps[0]);
    const page = request(plan.scenarios[0]!.steps[1]);
    expect([login.isStatic, page.isStatic]).toEqual([false, false]);
    const scope = plan.newScope();
    scope.beginIteration(new Rng(1));
    const built = login.build(scope, new Rng(1));
    expect(built.path).toBe('/login?src=app&who=ada%40example.com');
    expect(built.headers).toEqual(['content-type', 'application/x-www-form-urlencoded']);
    expect(built.body).toBe('email=ada%40example.com&password=pw+1');
    const second = page.build(scope, new Rng(1));
    // A relative path resolves against the target's path, as new URL() does.
    expect(second.path).toBe('/base/items/3');
    expect(second.headers).toEqual(['x-user', 'ada@example.com', 'content-type', 'text/plain']);
    expect(second.body).toBe('id=pw 1');
    scope.beginIteration(new Rng(1));
    expect(login.build(scope, new Rng(1)).body).toBe('email=bob%40example.com&password=pw%262');
  });

  it('an absolute URL names its own origin; odd characters go through URL encoding', () => {
    const plan = compileScenarios(planConfig({
      scenarios: [{ name: 's', weight: 1, steps: [
        requestStep({ name: 'other', url: 'http://127.0.0.2:9000/x/{{ random.pick("a b") }}' }),
        requestStep({ name: 'dots', url: '/a/../b/{{ random.pick("c") }}' }),
      ] }],
    }));
    const other = request(plan.scenarios[0]!.steps[0]).build(plan.newScope(), new Rng(1));
    expect([other.origin, other.path]).toEqual(['http://127.0.0.2:9000', '/x/a%20b']);
    const dots = request(plan.scenarios[0]!.steps[1]).build(plan.newScope(), new Rng(1));
    expect([dots.origin, dots.path]).toEqual(['http://127.0.0.1:8080', '/b/c']);
  });

  it('lists unique endpoint names in first-seen order with their methods', () => {
    const home = requestStep({ name: 'home', url: '/' });
    const plan = compileScenarios(planConfig({
      scenarios: [
        { name: 'a', weight: 1, steps: [home, { kind: 'think', durationMs: 250 }, requestStep({ name: 'post', method: 'POST', url: '/p' })] },
        { name: 'b', weight: 1, steps: [requestStep({ name: 'other', url: '/o' }), home] },
      ],
    }));
    expect(plan.endpoints).toEqual(['home', 'post', 'other']);
    expect(plan.methods).toEqual(['GET', 'POST', 'GET']);
    expect(plan.scenarios[0]!.steps[1]).toEqual({ kind: 'think', durationMs: 250 });
    expect(request(plan.scenarios[1]!.steps[1]).endpointIndex).toBe(0);
    expect(request(plan.scenarios[0]!.steps[2]).endpointIndex).toBe(1);
  });
});

describe('compileScenarios: weighted picks', () => {
  it('picks scenarios in proportion to their weights, reproducibly with a seed, never a weight-0 one', () => {
    const scenario = (name: string, weight: number) => ({ name, weight, steps: [requestStep({ name, url: `/${name}` })] });
    const plan = compileScenarios(planConfig({ scenarios: [scenario('browse', 4), scenario('never', 0), scenario('checkout', 1)] }));
    const draws = 50_000;
    const count = (seed: number): Map<string, number> => {
      const rng = new Rng(seed);
      const counts = new Map<string, number>();
      for (let i = 0; i < draws; i++) {
        const name = plan.pickScenario(rng).name;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return counts;
    };
    const counts = count(17);
    expect(count(17)).toEqual(counts);
    expect(counts.get('never')).toBeUndefined();
    // Binomial sd of the 0.8 share over 50,000 draws is 0.0018; allow 5 sd.
    expect(Math.abs(counts.get('browse')! / draws - 0.8)).toBeLessThan(0.009);
    expect(counts.get('browse')! + counts.get('checkout')!).toBe(draws);
  });

  it('refuses a plan where every weight is 0', () => {
    expect(problemsOf(() => compileScenarios(planConfig({ scenarios: [{ name: 'a', weight: 0, steps: [requestStep({ url: '/' })] }] })))).toEqual([
      'scenarios: every weight is 0, so no scenario can be picked',
    ]);
  });
});

describe('compileScenarios: problems found at load', () => {
  it('reports every template, variable and path problem together, naming step and field', () => {
    const problems = problemsOf(() => compileScenarios(planConfig({
      data: [{ name: 'users', csvPath: usersCsv, order: 'random' }],
      scenarios: [{
        name: 'browse',
        weight: 1,
        steps: [
          requestStep({ name: 'list', url: '/p/{{ productId }}', capture: { productId: { from: 'json', path: '$.items[' } } }),
          requestStep({ name: 'one', url: '/p/{{ productId }}', headers: { a: '{{ users.phone }}', b: '{{ orders.id }}', c: '{{ users }}' } }),
          requestStep({ name: 'bad', url: '/{{ random.float() }}', body: { kind: 'json', value: { x: '{{ env.TOKEN }}' } }, expect: { json: { '$.': 1 } } }),
        ],
      }],
    })));
    expect(problems).toEqual([
      'scenarios[0].steps[0].capture productId: JSONPath "$.items[": expected an index, \'*\' or a quoted name after "[" at position 8',
      'scenarios[0].steps[0].url: {{ productId }}: no earlier step of scenario "browse" captures productId',
      `scenarios[0].steps[1].headers.a: {{ users.phone }}: ${usersCsv} has no column phone (columns: email, password)`,
      'scenarios[0].steps[1].headers.b: {{ orders.id }}: there is no data feeder named orders (data: users)',
      'scenarios[0].steps[1].headers.c: {{ users }}: users is a data feeder; name one of its columns, e.g. {{ users.email }}',
      'scenarios[0].steps[2].url: {{ random.float() }}: unknown function random.float(); known: uuid(), random.uuid(), random.int(lo, hi), random.pick(a, b, …), timestamp()',
      'scenarios[0].steps[2].json: {{ env.TOKEN }}: environment variables are filled in when perf.yml loads; write ${TOKEN} instead',
      'scenarios[0].steps[2].expect.json: JSONPath "$.": expected a name, got the end at position 2',
    ]);
  });

  it('a feeder that cannot be read is reported once, not again for each column used', () => {
    const missing = join(dir, 'missing.csv');
    const problems = problemsOf(() => compileScenarios(planConfig({
      data: [{ name: 'users', csvPath: missing, order: 'random' }],
      scenarios: [{ name: 's', weight: 1, steps: [requestStep({ url: '/{{ users.email }}' })] }],
    })));
    expect(problems).toEqual([`data.users: cannot read ${missing}: no such file`]);
  });
});

describe('compileScenarios: after the response', () => {
  const plan = compileScenarios(planConfig({
    scenarios: [{
      name: 'checkout',
      weight: 1,
      steps: [
        requestStep({ name: 'login', method: 'POST', url: '/login', capture: { token: { from: 'json', path: '$.token' }, id: { from: 'header', name: 'x-id' } } }),
        requestStep({ name: 'cart', method: 'POST', url: '/cart', headers: { authorization: 'Bearer {{ token }}' }, body: { kind: 'json', value: { user: '{{ id }}', token: '{{ token }}' } }, expect: { status: [201], bodyContains: 'added' } }),
        requestStep({ name: 'peek', url: '/peek', expect: { headers: { 'x-id': '9' } } }),
        requestStep({ name: 'plain', url: '/plain' }),
      ],
    }],
  }));
  const [login, cart, peek, plain] = plan.scenarios[0]!.steps.map(request) as [CompiledRequestStep, CompiledRequestStep, CompiledRequestStep, CompiledRequestStep];

  it('says which steps need their body and which expect a status', () => {
    expect([login.needsBody, cart.needsBody, peek.needsBody, plain.needsBody]).toEqual([true, true, false, false]);
    expect([login.expectsStatus, cart.expectsStatus, peek.expectsStatus, plain.expectsStatus]).toEqual([false, true, false, false]);
    expect([login.isStatic, cart.isStatic, peek.isStatic, plain.isStatic]).toEqual([true, false, true, true]);
  });

  it('captures feed the later steps of the same iteration, typed in JSON bodies', () => {
    const scope = plan.newScope();
    scope.beginIteration(new Rng(1));
    expect(login.afterResponse(scope, { statusCode: 200, headers: { 'x-id': '9' }, body: '{"token":"t-1"}' })).toBe(null);
    const built = cart.build(scope, new Rng(1));
    expect(built.headers).toEqual(['authorization', 'Bearer t-1', 'content-type', 'application/json']);
    expect(built.body).toBe('{"user":"9","token":"t-1"}');
    expect(cart.afterResponse(scope, { statusCode: 201, headers: {}, body: 'added 1' })).toBe(null);
    expect(cart.afterResponse(scope, { statusCode: 200, headers: {}, body: 'added 1' })).toBe('status 200, expected 201');
    expect(cart.afterResponse(scope, { statusCode: 201, headers: {}, body: 'sold out' })).toBe('body does not contain "added"');
    expect(peek.afterResponse(scope, { statusCode: 200, headers: { 'x-id': '8' }, body: '' })).toBe('header x-id is "8", expected "9"');
    // No expected status: a 503 is classed by the engine as http5xx, not relabelled by the header check.
    expect(peek.afterResponse(scope, { statusCode: 503, headers: {}, body: '' })).toBe(null);
    expect(plain.afterResponse(scope, { statusCode: 500, headers: {}, body: '' })).toBe(null);
  });

  it('a missing capture fails the step with its message; a 4xx without an expected status is left to the engine', () => {
    const scope = plan.newScope();
    scope.beginIteration(new Rng(1));
    expect(login.afterResponse(scope, { statusCode: 200, headers: {}, body: '{"token":"t"}' })).toBe('capture id: header x-id not found');
    expect(login.afterResponse(scope, { statusCode: 401, headers: {}, body: 'denied' })).toBe(null);
  });

  it('a new iteration forgets captures, so rendering throws a classed error the engine records as a failed request', () => {
    const scope = plan.newScope();
    scope.beginIteration(new Rng(1));
    expect(login.afterResponse(scope, { statusCode: 200, headers: { 'x-id': '9' }, body: '{"token":"t-1"}' })).toBe(null);
    scope.beginIteration(new Rng(1));
    expect(() => cart.build(scope, new Rng(1))).toThrow(expect.objectContaining({ code: 'PA_TEMPLATE_VARIABLE' }));
  });
});
