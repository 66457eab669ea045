import { describe, expect, it } from 'vitest';
import { compileCaptures } from '../../../src/engine/scenario/capture.js';
import { ResponseJson } from '../../../src/engine/scenario/response-json.js';
import { VarScope } from '../../../src/engine/scenario/var-scope.js';

function response(body: string, headers: Record<string, string | string[] | undefined> = {}, statusCode = 200) {
  return { statusCode, headers, body };
}

describe('compileCaptures', () => {
  it('captures a JSON value with its type, a header and a regex group', () => {
    const captures = compileCaptures({
      productId: { from: 'json', path: '$.items[0].id' },
      location: { from: 'header', name: 'Location' },
      order: { from: 'regex', pattern: 'order=(\\d+)&(x)', group: 2 },
      whole: { from: 'regex', pattern: 'order=\\d+', group: 0 },
    });
    expect(captures.needsBody).toBe(true);
    expect(captures.needsJson).toBe(true);
    const vars = new VarScope();
    const body = JSON.stringify({ items: [{ id: 42 }], link: 'order=77&x' });
    expect(captures(response(body, { location: ['/orders/77', '/other'] }), vars)).toBe(null);
    expect(vars.get('productId')).toBe(42);
    expect(vars.get('location')).toBe('/orders/77');
    expect(vars.get('order')).toBe('x');
    expect(vars.get('whole')).toBe('order=77');
  });

  it('only header captures do not need the body', () => {
    const captures = compileCaptures({ token: { from: 'header', name: 'x-token' } });
    expect(captures.needsBody).toBe(false);
    expect(compileCaptures({}).needsBody).toBe(false);
    expect(compileCaptures({ id: { from: 'regex', pattern: 'id', group: 0 } }).needsBody).toBe(true);
    expect(compileCaptures({ id: { from: 'regex', pattern: 'id', group: 0 } }).needsJson).toBe(false);
  });

  it('names the capture and the source when nothing is found', () => {
    const vars = new VarScope();
    expect(compileCaptures({ productId: { from: 'json', path: '$.items[0].id' } })(response('{"items":[]}'), vars)).toBe('capture productId: $.items[0].id not found');
    expect(compileCaptures({ token: { from: 'header', name: 'X-Token' } })(response('', {}), vars)).toBe('capture token: header X-Token not found');
    expect(compileCaptures({ id: { from: 'regex', pattern: 'id=(\\d+)', group: 1 } })(response('nothing'), vars)).toBe('capture id: regex id=(\\d+) did not match');
    expect(compileCaptures({ id: { from: 'regex', pattern: 'id=(\\d+)?', group: 1 } })(response('id='), vars)).toBe('capture id: regex id=(\\d+)? matched, but group 1 did not');
    expect(compileCaptures({ id: { from: 'json', path: '$.id' } })(response('<html>'), vars)).toMatch(/^capture id: \$\.id not read: the response body is not JSON \(/);
    expect(compileCaptures({ id: { from: 'json', path: '$.id' } })(response(''), vars)).toBe('capture id: $.id not read: the response body is empty, not JSON');
  });

  it('parses the body once for all JSON captures of a response', () => {
    const original = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown) => {
      parses++;
      return original(text, reviver);
    }) as typeof JSON.parse;
    try {
      const captures = compileCaptures({ a: { from: 'json', path: '$.a' }, b: { from: 'json', path: '$.b' }, c: { from: 'json', path: '$..c' } });
      const json = new ResponseJson();
      expect(captures(response('{"a":1,"b":2,"x":{"c":3}}'), new VarScope(), json)).toBe(null);
      expect(parses).toBe(1);
      json.forget();
      expect(captures(response('{"a":1,"b":2,"c":3}'), new VarScope(), json)).toBe(null);
      expect(parses).toBe(2);
      expect(compileCaptures({ t: { from: 'header', name: 'x' } })(response('{}', { x: '1' }), new VarScope())).toBe(null);
      expect(parses).toBe(2);
    } finally {
      JSON.parse = original;
    }
  });

  it('rejects a bad JSONPath or regex when compiling, naming the variable', () => {
    expect(() => compileCaptures({ productId: { from: 'json', path: '$.items[' } })).toThrow(/^capture productId: JSONPath "\$\.items\["/);
    expect(() => compileCaptures({ id: { from: 'regex', pattern: '(', group: 0 } })).toThrow(/^capture id: invalid regular expression "\("/);
  });
});
