import { describe, expect, it } from 'vitest';
import { compileExpectation } from '../../../src/engine/scenario/expect.js';

function response(statusCode: number, body = '', headers: Record<string, string | string[] | undefined> = {}) {
  return { statusCode, headers, body };
}

describe('compileExpectation', () => {
  it('with no expectation nothing fails, not even a 500, and no body is needed', () => {
    const none = compileExpectation(undefined);
    expect(none.needsBody).toBe(false);
    expect(none.expectsStatus).toBe(false);
    expect(none.check(response(500))).toBe(null);
    expect(none.check(response(404))).toBe(null);
  });

  it('checks the status against one or several expected codes', () => {
    expect(compileExpectation({ status: [200] }).check(response(500))).toBe('status 500, expected 200');
    expect(compileExpectation({ status: [200, 201] }).check(response(404))).toBe('status 404, expected one of 200, 201');
    expect(compileExpectation({ status: [201] }).check(response(201))).toBe(null);
    expect(compileExpectation({ status: [404] }).check(response(404))).toBe(null);
    expect(compileExpectation({ status: [200] }).needsBody).toBe(false);
    expect(compileExpectation({ status: [200] }).expectsStatus).toBe(true);
  });

  it('checks header values by name in any case; a bare media type ignores parameters', () => {
    const expectation = compileExpectation({ headers: { 'Content-Type': 'application/json', 'X-Cache': 'HIT' } });
    expect(expectation.needsBody).toBe(false);
    expect(expectation.check(response(200, '', { 'content-type': 'application/json; charset=utf-8', 'x-cache': 'HIT' }))).toBe(null);
    expect(expectation.check(response(200, '', { 'content-type': 'text/html', 'x-cache': 'HIT' }))).toBe('header Content-Type is "text/html", expected "application/json"');
    expect(expectation.check(response(200, '', { 'content-type': 'application/json' }))).toBe('header X-Cache missing, expected "HIT"');
    expect(expectation.check(response(200, '', { 'content-type': 'application/json', 'x-cache': ['MISS', 'HIT'] }))).toBe('header X-Cache is "MISS", expected "HIT"');
    const exact = compileExpectation({ headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(exact.check(response(200, '', { 'content-type': 'text/plain' }))).toBe('header content-type is "text/plain", expected "text/plain; charset=utf-8"');
  });

  it('compares JSONPath values as JSON', () => {
    const expectation = compileExpectation({ json: { '$.status': 'ok', '$.count': 2, '$.items[*].id': [1, 2], '$.meta': { a: [true, null] } } });
    expect(expectation.needsBody).toBe(true);
    const good = JSON.stringify({ status: 'ok', count: 2.0, items: [{ id: 1 }, { id: 2 }], meta: { a: [true, null] } });
    expect(expectation.check(response(200, good))).toBe(null);
    const wrongStatus = JSON.stringify({ status: 'down', count: 2, items: [{ id: 1 }, { id: 2 }], meta: { a: [true, null] } });
    expect(expectation.check(response(200, wrongStatus))).toBe('json $.status is "down", expected "ok"');
    const stringCount = JSON.stringify({ status: 'ok', count: '2', items: [], meta: {} });
    expect(expectation.check(response(200, stringCount))).toBe('json $.count is "2", expected 2');
    const fewerItems = JSON.stringify({ status: 'ok', count: 2, items: [{ id: 1 }], meta: { a: [true, null] } });
    expect(expectation.check(response(200, fewerItems))).toBe('json $.items[*].id is [1], expected [1,2]');
    expect(expectation.check(response(200, '{"count":2}'))).toBe('json $.status not found, expected "ok"');
    expect(expectation.check(response(200, 'oops'))).toMatch(/^json \$\.status: the response body is not JSON/);
  });

  it('checks that the body contains a text', () => {
    const expectation = compileExpectation({ bodyContains: 'welcome' });
    expect(expectation.needsBody).toBe(true);
    expect(expectation.check(response(200, 'hello, welcome!'))).toBe(null);
    expect(expectation.check(response(200, 'hello'))).toBe('body does not contain "welcome"');
  });

  it('reports the status first when several checks fail', () => {
    const expectation = compileExpectation({ status: [200], bodyContains: 'ok', json: { '$.a': 1 } });
    expect(expectation.check(response(503, 'down'))).toBe('status 503, expected 200');
  });

  it('rejects a bad JSONPath when compiling', () => {
    expect(() => compileExpectation({ json: { '$.a[': 1 } })).toThrow(/^expect\.json: JSONPath "\$\.a\["/);
  });
});
