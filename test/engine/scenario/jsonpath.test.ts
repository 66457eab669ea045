import { describe, expect, it } from 'vitest';
import { compileJsonPath, NOT_FOUND } from '../../../src/engine/scenario/jsonpath.js';

const doc = {
  token: 'abc',
  user: { id: 7, 'display name': 'Ada', tags: ['x', 'y'] },
  items: [
    { id: 1, price: { amount: 10 } },
    { id: 2, price: { amount: 20 } },
    { id: 3, price: null },
  ],
  empty: [],
  zero: 0,
  nothing: null,
};

describe('compileJsonPath', () => {
  it('reads members, indexes, quoted names and negative indexes', () => {
    expect(compileJsonPath('$.token').first(doc)).toBe('abc');
    expect(compileJsonPath('$.user.id').first(doc)).toBe(7);
    expect(compileJsonPath('$.items[0].id').first(doc)).toBe(1);
    expect(compileJsonPath('$.items[1].price.amount').first(doc)).toBe(20);
    expect(compileJsonPath("$.user['display name']").first(doc)).toBe('Ada');
    expect(compileJsonPath('$["user"]["tags"][1]').first(doc)).toBe('y');
    expect(compileJsonPath('$.items[-1].id').first(doc)).toBe(3);
    expect(compileJsonPath('$.user.tags[-2]').first(doc)).toBe('x');
    expect(compileJsonPath('$').first(doc)).toBe(doc);
  });

  it('finds falsy values and tells them from a missing one', () => {
    expect(compileJsonPath('$.zero').first(doc)).toBe(0);
    expect(compileJsonPath('$.nothing').first(doc)).toBe(null);
    expect(compileJsonPath('$.missing').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.items[3].id').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.items[-4]').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.empty[0]').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.token.length').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.items.length').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.items[2].price.amount').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.toString').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.user[0]').first(doc)).toBe(NOT_FOUND);
  });

  it('wildcards: first() takes the first match, all() every match in document order', () => {
    const ids = compileJsonPath('$.items[*].id');
    expect(ids.isDefinite).toBe(false);
    expect(ids.first(doc)).toBe(1);
    expect(ids.all(doc)).toEqual([1, 2, 3]);
    expect(compileJsonPath('$.items[*].price.amount').all(doc)).toEqual([10, 20]);
    expect(compileJsonPath('$.user.*').all(doc)).toEqual([7, 'Ada', ['x', 'y']]);
    expect(compileJsonPath('$.empty[*]').first(doc)).toBe(NOT_FOUND);
    expect(compileJsonPath('$.empty[*]').all(doc)).toEqual([]);
  });

  it('descent ..name finds the name at any depth', () => {
    expect(compileJsonPath('$..id').all(doc)).toEqual([7, 1, 2, 3]);
    expect(compileJsonPath('$..id').first(doc)).toBe(7);
    expect(compileJsonPath('$..amount').all(doc)).toEqual([10, 20]);
    expect(compileJsonPath('$..[0]').all({ a: [[1, 2], 3] })).toEqual([[1, 2], 1]);
    expect(compileJsonPath('$..nope').first(doc)).toBe(NOT_FOUND);
  });

  it('a definite path says so', () => {
    expect(compileJsonPath('$.items[0].id').isDefinite).toBe(true);
    expect(compileJsonPath('$..id').isDefinite).toBe(false);
  });

  it('syntax errors name the problem and its position', () => {
    const message = (path: string): string => {
      try {
        compileJsonPath(path);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`${path} compiled`);
    };
    expect(message('items[0]')).toBe('JSONPath "items[0]": expected "$" at the start at position 0');
    expect(message('$.items[0')).toBe('JSONPath "$.items[0": expected "]" at position 9');
    expect(message('$.')).toBe('JSONPath "$.": expected a name, got the end at position 2');
    expect(message('$.items[abc]')).toContain('expected an index');
    expect(message('$.items[?(@.id)]')).toContain('filters are not supported');
    expect(message('$.items[0,1]')).toContain('unions and slices are not supported');
    expect(message('$.items[0:2]')).toContain('unions and slices are not supported');
    expect(message("$['a")).toContain('unclosed');
    expect(message('$x')).toContain('unexpected "x"');
  });
});
