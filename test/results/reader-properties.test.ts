// Property: a real results.json (synthetic-run.ts, built through the tool's own histogram code) with
// random values replaced anywhere is either accepted and then merges, or refused with a classed
// error, never anything else, each within a bound.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { PerfActionError } from '../../src/errors.js';
import { mergeRunResults } from '../../src/results/merge.js';
import { validateRunResult } from '../../src/results/run-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

const REAL = JSON.stringify(syntheticRun({ seed: 5, seconds: 4, endpoints: [{ name: 'home', ratePerSec: 10, medianMs: 5, sigma: 0.4, errorRatio: 0.1 }] }));

function paths(node: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) paths(child, [...at, Array.isArray(node) ? Number(key) : key], out);
  return out;
}
const ALL_PATHS = paths(JSON.parse(REAL)).filter((path) => path.length > 0);
const WEIRD = fc.oneof(
  fc.constantFrom(null, -1, 0, 2 ** 32 + 5, 1e12, 1e306, Number.MAX_SAFE_INTEGER, '', 'garbage', '1970-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', [], {}, true, 'HISTFAAAAB54nJNpmSzMwMDABAAKQQG3'),
  fc.string(),
  fc.double(),
);

test('every mutated results file validates and merges, or fails with a classed error, fast', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...ALL_PATHS), WEIRD), { minLength: 1, maxLength: 4 }), (mutations) => {
      const value = JSON.parse(REAL);
      for (const [path, replacement] of mutations) {
        let node = value;
        for (const part of path.slice(0, -1)) node = node?.[part];
        if (node !== null && typeof node === 'object') node[path[path.length - 1]!] = replacement;
      }
      const started = performance.now();
      try {
        const result = validateRunResult(value, 'r.json');
        mergeRunResults([result, validateRunResult(JSON.parse(REAL), 'real.json')], ['r.json', 'real.json']);
      } catch (error) {
        if (!(error instanceof PerfActionError)) throw error;
      }
      expect(performance.now() - started).toBeLessThan(2000);
    }),
    { numRuns: 2000, seed: 16 },
  );
});
