import { describe, expect, test } from 'vitest';
import { interpolateTree, pathKey } from '../../src/config/interpolate.js';
import { ProblemList } from '../../src/config/problems.js';
import { closestMatch, didYouMean, editDistance } from '../../src/config/did-you-mean.js';

describe('interpolateTree', () => {
  test('replaces references in string values only, and records where', () => {
    const problems = new ProblemList();
    const tree = { '${KEY}': 'a ${A} b ${B:-bee} c $${LITERAL} {{ template }}', list: ['${A}', 7, true, null], nested: { plain: 'x' } };
    const { value, interpolatedPaths } = interpolateTree(tree, { A: 'alpha' }, problems);
    expect(value).toEqual({ '${KEY}': 'a alpha b bee c ${LITERAL} {{ template }}', list: ['alpha', 7, true, null], nested: { plain: 'x' } });
    expect([...interpolatedPaths].sort()).toEqual([pathKey(['${KEY}']), pathKey(['list', 0])].sort());
    expect(problems.items).toEqual([]);
  });

  test('a string with only an escaped reference is not counted as interpolated', () => {
    const { value, interpolatedPaths } = interpolateTree({ a: 'cost $${X}' }, {}, new ProblemList());
    expect(value).toEqual({ a: 'cost ${X}' });
    expect(interpolatedPaths.size).toBe(0);
  });

  test('an empty variable takes the default only with :-', () => {
    const { value } = interpolateTree({ a: '[${E:-d}]', b: '[${E}]' }, { E: '' }, new ProblemList());
    expect(value).toEqual({ a: '[d]', b: '[]' });
  });

  test('problems name the path: unset variable, bad name, unclosed reference', () => {
    const problems = new ProblemList();
    interpolateTree({ http: { headers: { a: '${MISSING}', b: '${1BAD}', c: 'x ${OPEN' } } }, {}, problems);
    expect(problems.items).toEqual([
      { path: ['http', 'headers', 'a'], message: 'environment variable MISSING is not set (give it a value, or a default with ${MISSING:-…})' },
      { path: ['http', 'headers', 'b'], message: '"${1BAD}" is not a variable reference; expected ${NAME} or ${NAME:-default}' },
      { path: ['http', 'headers', 'c'], message: 'unclosed "${": write ${NAME}, ${NAME:-default}, or $${ for a literal "${"' },
    ]);
  });
});

describe('did you mean', () => {
  test('edit distance counts a swap as one edit and ignores case', () => {
    expect(editDistance('load', 'laod')).toBe(1);
    expect(editDistance('lod', 'load')).toBe(1);
    expect(editDistance('Load', 'load')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  test('suggests only what reads as a typo', () => {
    expect(closestMatch('lod', ['name', 'load', 'labels'])).toBe('load');
    expect(closestMatch('scenarioes', ['scenarios', 'slo'])).toBe('scenarios');
    expect(closestMatch('xyz', ['load', 'name'])).toBeUndefined();
    expect(didYouMean('trim', ['trim'])).toBe('; did you mean "trim"?');
    expect(didYouMean('zzzz', ['trim'])).toBe('');
  });
});
