import { describe, expect, test } from 'vitest';
import { hommel } from '../../src/analysis/hommel.js';
import { holm } from '../../src/analysis/holm.js';

describe("Hommel's procedure", () => {
  test('all p-values below α: Hommel rejects all four where Holm stops at the first', () => {
    // Holm: 0.007 > 0.01 / 4 stops at once. Hommel: no i has every p_(m−i+k) > k·α/i (the largest, 0.009, is ≤ α), so j = 0.
    const pValues = [0.009, 0.008, 0.007, 0.0085];
    expect(holm(pValues, 0.01).map((d) => d.rejected)).toEqual([false, false, false, false]);
    expect(hommel(pValues, 0.01)).toEqual(pValues.map(() => ({ rejected: true, level: 0.01 })));
  });

  test('j is the largest i whose Simes test accepts; rows with p ≤ α / j are rejected', () => {
    // α 0.05, sorted 0.02, 0.03, 0.06. i = 3: 0.03 ≤ 2·0.05/3, Simes rejects. i = 2: 0.03 > 0.025 and 0.06 > 0.05, accepts: j = 2.
    // Hochberg rejects nothing here (0.06 > 0.05, 0.03 > 0.025, 0.02 > 0.05 / 3).
    const decisions = hommel([0.06, 0.02, 0.03], 0.05);
    expect(decisions.map((d) => d.rejected)).toEqual([false, true, false]);
    expect(decisions.every((d) => d.level === 0.025)).toBe(true);
  });

  test('nothing below α / m: nothing rejected, level α / m; NaN counts as 1 and is never rejected', () => {
    const decisions = hommel([0.02, Number.NaN, 0.3], 0.03);
    expect(decisions.map((d) => d.rejected)).toEqual([false, false, false]);
    expect(decisions.every((d) => Math.abs(d.level - 0.01) < 1e-15)).toBe(true);
    // 0.009 ≤ 0.03 / 3: i = 3 rejects (k = 1); i = 2 (0.3, 1) accepts, so j = 2 and the level is 0.015.
    const one = hommel([0.009, Number.NaN, 0.3], 0.03);
    expect(one.map((d) => d.rejected)).toEqual([true, false, false]);
    expect(one[0]!.level).toBeCloseTo(0.015, 15);
    expect(hommel([], 0.05)).toEqual([]);
  });
});
