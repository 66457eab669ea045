// The open model plans arrivals (scenario iterations); a three-step scenario sends three requests per
// arrival, so a generator that started only half its arrivals must still fail the rate gate.
import { expect, test } from 'vitest';
import { decodeRun } from '../../src/analysis/decoded-run.js';
import { generatorGate } from '../../src/analysis/gates.js';
import { syntheticRun } from '../support/synthetic-run.js';

const threeSteps = syntheticRun({
  seed: 4,
  seconds: 20,
  arrivals: 'constant',
  endpoints: [
    { name: 'home', ratePerSec: 50, medianMs: 5, sigma: 0.2 },
    { name: 'list', ratePerSec: 50, medianMs: 5, sigma: 0.2 },
    { name: 'product', ratePerSec: 50, medianMs: 5, sigma: 0.2 },
  ],
});
// 150 requests/s in total for a plan of 100 arrivals/s, of which only 50 started each second.
const planned100 = { ...threeSteps, plan: { ...threeSteps.plan, phases: [{ ...threeSteps.plan.phases[0]!, rate: 100, rampTo: 100 }] } };

test('with arrival counts, the gate holds arrivals, not requests, against the plan', () => {
  const run = { ...planned100, generator: { ...planned100.generator, startedPerSecond: Array.from({ length: 20 }, () => 50) } };
  const gate = generatorGate(decodeRun(run), 0, 20, 'current');
  expect(gate.achievedRate).toBe(50);
  expect(gate.reasons).toEqual(['current run: achieved 50 arrivals/s, more than 2 % below the planned 100 arrivals/s (generator saturated)']);
});

test('results written before arrival counts existed fall back to requests', () => {
  const gate = generatorGate(decodeRun(planned100), 0, 20, 'current');
  expect(gate.achievedRate).toBe(150);
  expect(gate.reasons).toEqual([]);
});
