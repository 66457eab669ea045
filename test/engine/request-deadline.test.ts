// The deadline sweeper: one timer for every runner, an interval scaled to the timeout.
import { expect, test } from 'vitest';
import { DEADLINE_ERROR, DeadlineSweeper, sweepIntervalMs } from '../../src/engine/request-deadline.js';
import { classifyError } from '../../src/engine/classify-error.js';

test('the sweep interval is a tenth of the timeout, between 5 and 100 ms', () => {
  expect(sweepIntervalMs(3_000)).toBe(100);
  expect(sweepIntervalMs(500)).toBe(50);
  expect(sweepIntervalMs(10)).toBe(5);
});

test('a sweep asks every runner, with the clock it was given', () => {
  let nowUs = 1_000;
  const seen: number[][] = [[], []];
  const sweeper = new DeadlineSweeper(() => nowUs, 100);
  sweeper.add({ expire: (at) => seen[0]!.push(at) });
  sweeper.add({ expire: (at) => seen[1]!.push(at) });
  sweeper.sweep();
  nowUs = 2_000;
  sweeper.sweep();
  expect(seen).toEqual([
    [1_000, 2_000],
    [1_000, 2_000],
  ]);
});

test('a request ended at its deadline is a timeout', () => {
  expect(classifyError(DEADLINE_ERROR)).toBe('timeout');
});
