import { describe, expect, it } from 'vitest';
import { randomInt, Rng } from '../../../src/engine/scenario/rng.js';

describe('Rng (xoshiro128**)', () => {
  it('matches the reference outputs of xoshiro128** from state {1, 2, 3, 4}', () => {
    // Worked by hand from Blackman and Vigna's xoshiro128starstar.c: first output rotl(2·5, 7)·9.
    const rng = Rng.fromState(1, 2, 3, 4);
    expect(rng.nextUint32()).toBe(11520);
    expect(rng.nextUint32()).toBe(0);
    expect(rng.nextUint32()).toBe(5927040);
    expect(rng.nextUint32()).toBe(70819200);
  });

  it('draws the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const drawsA = Array.from({ length: 100 }, () => a.next());
    const drawsB = Array.from({ length: 100 }, () => b.next());
    const drawsC = Array.from({ length: 100 }, () => c.next());
    expect(drawsA).toEqual(drawsB);
    expect(drawsA.filter((value, index) => value === drawsC[index]).length).toBe(0);
  });

  it('keeps next() in [0, 1) with a mean near 1/2', () => {
    const rng = new Rng(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = rng.next();
      if (!(value >= 0 && value < 1)) outside++;
      sum += value;
    }
    expect(outside).toBe(0);
    // Standard error of the mean is 1/sqrt(12·1e5) ≈ 0.0009; 5 standard errors.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.0046);
  });

  it('int(lo, hi) is inclusive at both ends and roughly uniform', () => {
    const rng = new Rng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const value = rng.int(-2, 3);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    // Each count ~ Binomial(60000, 1/6): sd ≈ 91; 6 sd around 10000.
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(550);
  });

  it('randomInt works on any next() source', () => {
    expect(randomInt({ next: () => 0 }, 5, 9)).toBe(5);
    expect(randomInt({ next: () => 0.999999 }, 5, 9)).toBe(9);
    expect(randomInt({ next: () => 0.5 }, 1, 1)).toBe(1);
  });
});
