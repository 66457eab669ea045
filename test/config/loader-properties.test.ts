// Property: whatever perf.yml text it is given (examples/perf.yml with random edits), the loader
// returns a config or throws a classed PerfActionError, never anything else, each within a bound.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { PerfActionError } from '../../src/errors.js';

const EXAMPLE = readFileSync(new URL('../../examples/perf.yml', import.meta.url), 'utf8');
const env = { PREVIEW_URL: 'http://127.0.0.1:9', API_TOKEN: 't' };
const PIECES = ['', ' ', '\n', ':', '- ', '[', ']', '{', '}', '&a ', '*a', '${X}', '1e306', '-1', '"', "'", '\t', '\r\n', '!!binary ', '? ', '<<: *a', 'null', '0x10', '{{ x }}', 'ftp://h/', '1.5ms'];

test('every edited example config loads or fails with a classed error, fast', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(EXAMPLE.length), fc.nat(40), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 8 }), (edits) => {
      let text = EXAMPLE;
      for (const [at, cut, piece] of edits) text = text.slice(0, at) + piece + text.slice(Math.min(text.length, at + cut));
      const started = performance.now();
      try {
        loadConfigText(text, { file: 'perf.yml', env });
      } catch (error) {
        if (!(error instanceof PerfActionError)) throw error;
      }
      expect(performance.now() - started).toBeLessThan(2000);
    }),
    { numRuns: 2000, seed: 16 },
  );
});
