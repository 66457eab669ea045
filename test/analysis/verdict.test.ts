import { describe, expect, test } from 'vitest';
import { analyse } from '../../src/analysis/verdict.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/defaults.js';
import { normalQuantile, studentTCdf, studentTQuantile } from '../../src/analysis/distributions.js';
import { hommel } from '../../src/analysis/hommel.js';
import { holm } from '../../src/analysis/holm.js';
import { emptyHistory } from '../../src/results/history.js';
import type { History } from '../../src/results/types.js';
import type { ComparisonRow } from '../../src/analysis/types.js';
import { syntheticHistoryEntry, syntheticRun, type SyntheticEndpoint } from '../support/synthetic-run.js';

const endpoints: SyntheticEndpoint[] = [
  { name: 'home', ratePerSec: 100, medianMs: 20, sigma: 0.4 },
  { name: 'product', ratePerSec: 100, medianMs: 40, sigma: 0.5 },
];

function run(seed: number, scale = 1, extra: Partial<Parameters<typeof syntheticRun>[0]> = {}) {
  return syntheticRun({ seed, seconds: 70, endpoints: endpoints.map((e) => ({ ...e, scale })), drift: { sd: 0.02, correlation: 0.8 }, ...extra });
}

function history(count: number, scale = 1): History {
  const base = emptyHistory('synthetic');
  const entries = Array.from({ length: count }, (_, i) =>
    syntheticHistoryEntry({ seed: 1000 + i, seconds: 70, endpoints: endpoints.map((e) => ({ ...e, scale })), runNoise: 0.03 }, 10, {
      runId: `main-${i}`,
      commit: `c${i}`,
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    }),
  );
  return { ...base, entries };
}

describe('analyse', () => {
  test('two runs of the same distribution are not a regression', () => {
    const verdict = analyse({ current: run(2), baseline: run(1) });
    expect(verdict.comparisons).toHaveLength(9);
    expect(verdict.comparisons.filter((row) => row.outcome === 'fail')).toEqual([]);
    expect(verdict.regression).not.toBe('fail');
    expect(verdict.method).toMatchObject({ resamples: 2000, alpha: 0.01, blockSeconds: 5, seed: 1 });
    expect(verdict.trim.current).toMatchObject({ startSec: 0, endSec: 70, rule: 'auto' });
    expect(verdict.slo).toBe('pass');
    expect(verdict.notes).toContain('no SLOs configured');
    expect(verdict.endpoints.map((e) => e.name)).toEqual(['home', 'product', 'all']);
    expect(verdict.total).toEqual(verdict.endpoints[2]);
    expect(verdict.baselineEndpoints!.map((e) => e.name)).toEqual(['home', 'product', 'all']);
    const home = verdict.endpoints[0]!;
    expect(home.requests).toBe(run(2).endpoints[0]!.requests.reduce((a, b) => a + b, 0));
    expect(home.ratePerSec).toBeCloseTo(home.requests / 70, 10);
    expect(home.percentiles.p50.valueMs).toBeGreaterThan(19);
    expect(home.percentiles.p50.valueMs).toBeLessThan(21);
  });

  test('a 50 % slower server fails on every endpoint and percentile, and the headline says so', () => {
    const verdict = analyse({ current: run(2, 1.5), baseline: run(1) });
    expect(verdict.overall).toBe('fail');
    expect(verdict.regression).toBe('fail');
    const p50 = verdict.comparisons.filter((row) => row.metric === 'p50');
    expect(p50.map((row) => row.outcome)).toEqual(['fail', 'fail', 'fail']);
    for (const row of p50) {
      expect(row.ratio).toBeGreaterThan(1.4);
      expect(row.ratio).toBeLessThan(1.6);
      expect(row.ratioLow).toBeGreaterThan(1.05);
      expect(row.ratioLow).toBeLessThan(row.ratio);
      expect(row.ratioHigh).toBeGreaterThan(row.ratio);
    }
    expect(verdict.headline).toMatch(/slower than the baseline/);
  });

  test('the same inputs give the same verdict (seeded)', () => {
    const a = analyse({ current: run(3, 1.1), baseline: run(4) });
    const b = analyse({ current: run(3, 1.1), baseline: run(4) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('a missing baseline is inconclusive with its reason, never a crash', () => {
    const verdict = analyse({ current: run(2), baseline: { missing: 'artifact expired' } });
    expect(verdict.regression).toBe('inconclusive');
    expect(verdict.overall).toBe('inconclusive');
    expect(verdict.comparisons.every((row) => row.outcome === 'inconclusive' && row.reason === 'no usable baseline: artifact expired')).toBe(true);
    expect(verdict.headline).toContain('artifact expired');
  });

  test('a saturated generator makes every row inconclusive, naming the gate', () => {
    const verdict = analyse({ current: run(2, 1.5, { lagMs: 12 }), baseline: run(1), config: { ...DEFAULT_ANALYSIS_SETTINGS, slo: [{ name: 'fast', kind: 'latency', endpoints: 'all', thresholdMs: 1, objective: 0.99 }] } });
    expect(verdict.validity.generatorSaturated).toBe(true);
    expect(verdict.validity.lagP99Ms).toBeCloseTo(12, 1);
    expect(verdict.overall).toBe('inconclusive');
    expect(verdict.slos[0]!.outcome).toBe('inconclusive');
    expect(verdict.comparisons.every((row) => row.outcome === 'inconclusive' && row.reason!.includes('generator lag p99'))).toBe(true);
  });

  test('a baseline with another load plan or target class is not compared', () => {
    const baseline = run(1, 1, { endpoints: endpoints.map((e) => ({ ...e, ratePerSec: 50 })), meta: { targetClass: 'public' } });
    const verdict = analyse({ current: run(2), baseline });
    expect(verdict.regression).toBe('inconclusive');
    expect(verdict.validity.reasons.some((r) => r.includes('load plan differs'))).toBe(true);
    expect(verdict.validity.reasons.some((r) => r.includes('public target'))).toBe(true);
  });

  test('with a history of 10 runs both tests must agree; +50 % fails both', () => {
    const verdict = analyse({ current: run(2, 1.5), baseline: run(1), history: history(10) });
    const row = verdict.comparisons.find((r) => r.endpoint === 'home' && r.metric === 'p95')!;
    expect(row.history).toMatchObject({ runs: 10, outcome: 'fail' });
    expect(row.outcome).toBe('fail');
    const same = analyse({ current: run(2), baseline: run(1), history: history(10) });
    expect(same.comparisons.filter((r) => r.outcome === 'fail')).toEqual([]);
    expect(same.comparisons.every((r) => r.history?.runs === 10)).toBe(true);
  });

  test('with history, a row fails when the history test fails and the bootstrap agrees the run is slower', () => {
    const added: ComparisonRow[] = [];
    // +20 % against a baseline run at the History level, and against one that happened to run 15 % slow.
    for (const baselineScale of [1, 1.15]) {
      const verdict = analyse({ current: run(2, 1.2), baseline: run(1, baselineScale), history: history(10) });
      expect(verdict.regression).toBe('fail');
      const tested = verdict.comparisons.filter((r) => r.bootstrap !== undefined);
      const zOneSided = normalQuantile(1 - DEFAULT_ANALYSIS_SETTINGS.compare.alpha);
      tested.forEach((row) => {
        const lowerOneSided = Math.exp(Math.log(row.ratio) - zOneSided * row.bootstrap!.standardError);
        const agrees = row.bootstrap!.outcome === 'fail' || lowerOneSided > 1;
        expect(row.outcome === 'fail').toBe(row.history!.outcome === 'fail' && agrees);
        if (row.outcome === 'fail' && row.bootstrap!.outcome !== 'fail') added.push(row);
      });
    }
    // The rows this rule adds: the bootstrap alone could not clear 1 + δ against one baseline run, the
    // history test measures the change against the mean of 10 and finds it above δ.
    expect(added.length).toBeGreaterThan(0);
    for (const row of added) {
      expect(row.history!.outcome).toBe('fail');
      expect(row.currentMs / row.history!.centreMs - 1).toBeGreaterThan(row.tolerance);
      expect(row.rule).toContain('agrees: slower than the baseline, one-sided lower bound above 1');
    }
    // Against the slow baseline some of them sit below 1 + δ against that run: the size is History's call.
    expect(added.some((row) => row.ratio < 1 + row.tolerance)).toBe(true);
  });

  test('the history test is Hommel-corrected across the rows it decides', () => {
    const verdict = analyse({ current: run(2, 1.2), baseline: run(1, 1.15), history: history(10) });
    const decided = verdict.comparisons.filter((row) => row.history !== undefined && !row.reason?.startsWith('too few samples'));
    // Every row of 70 s at 100 req/s has more than the floor of samples beyond its percentile, p99 included.
    expect(decided).toHaveLength(9);
    const pValues = decided.map((row) => 1 - studentTCdf(row.history!.t, row.history!.runs - 1));
    const decisions = hommel(pValues, DEFAULT_ANALYSIS_SETTINGS.compare.alpha);
    decided.forEach((row, i) => {
      expect(row.history!.threshold).toBeCloseTo(studentTQuantile(1 - decisions[i]!.level, 9), 6);
      const large = row.currentMs / row.history!.centreMs - 1 > Math.max(row.tolerance, row.floorMs / row.history!.centreMs);
      expect(row.history!.outcome).toBe(decisions[i]!.rejected && large ? 'fail' : 'pass');
    });
    // Hommel never rejects fewer rows than Holm's step-down on the same p-values.
    const holmRejected = holm(pValues, DEFAULT_ANALYSIS_SETTINGS.compare.alpha).filter((d) => d.rejected).length;
    expect(decisions.filter((d) => d.rejected).length).toBeGreaterThanOrEqual(holmRejected);
    // Hommel shares one level across the family, α / j, never above α.
    expect(new Set(decided.map((row) => row.history!.threshold.toFixed(9))).size).toBe(1);
    expect(decided[0]!.history!.threshold).toBeGreaterThanOrEqual(studentTQuantile(0.99, 9) - 1e-9);
  });

  test('with history, a history failure the bootstrap does not confirm is suspicious, not a fail', () => {
    // The baseline run was as slow as this one: 20 % above History, but not slower than the baseline.
    const verdict = analyse({ current: run(2, 1.2), baseline: run(1, 1.2), history: history(10) });
    const zOneSided = normalQuantile(1 - DEFAULT_ANALYSIS_SETTINGS.compare.alpha);
    const rows = verdict.comparisons.filter((row) => row.bootstrap !== undefined && row.history!.outcome === 'fail');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Math.exp(Math.log(row.ratio) - zOneSided * row.bootstrap!.standardError)).toBeLessThanOrEqual(1);
      expect(row).toMatchObject({ outcome: 'inconclusive', suspicious: true, reason: 'the bootstrap and the history test disagree' });
    }
    expect(verdict.regression).not.toBe('fail');
  });

  test('a p99 with fewer samples beyond it than the floor is inconclusive, not a verdict', () => {
    const small = (seed: number, scale = 1) => syntheticRun({ seed, seconds: 30, endpoints: [{ name: 'home', ratePerSec: 10, medianMs: 20, sigma: 0.4, scale }] });
    const verdict = analyse({ current: small(2, 1.5), baseline: small(1) });
    const p99 = verdict.comparisons.find((r) => r.endpoint === 'home' && r.metric === 'p99')!;
    expect(p99.outcome).toBe('inconclusive');
    expect(p99.reason).toContain('too few samples beyond p99 in this run (2 of the 5 needed');
  });

  test('bootstrap of a 3-minute run with 5 endpoints stays fast', () => {
    const five = (seed: number) =>
      syntheticRun({ seed, seconds: 180, endpoints: Array.from({ length: 5 }, (_, i) => ({ name: `e${i}`, ratePerSec: 40, medianMs: 20 + i * 10, sigma: 0.5 })) });
    const current = five(1);
    const baseline = five(2);
    const started = performance.now();
    const verdict = analyse({ current, baseline });
    const elapsedMs = performance.now() - started;
    expect(verdict.comparisons).toHaveLength(18);
    expect(elapsedMs).toBeLessThan(10_000);
    console.log(`analyse, 180 s × 5 endpoints, 2000 resamples: ${elapsedMs.toFixed(0)} ms`);
  });
});

describe('history without a baseline run', () => {
  test('history alone can pass a row but never fail one', () => {
    const slow = analyse({ current: run(2, 1.5), baseline: { missing: 'artifact expired' }, history: history(10) });
    const row = slow.comparisons.find((r) => r.endpoint === 'home' && r.metric === 'p50')!;
    expect(row.history?.outcome).toBe('fail');
    expect(row).toMatchObject({ outcome: 'inconclusive', suspicious: true, reason: 'no baseline run to confirm what the history test finds' });
    expect(row.baselineMs).toBeCloseTo(row.history!.centreMs, 10);
    expect(slow.regression).toBe('inconclusive');
    const same = analyse({ current: run(2), baseline: { missing: 'artifact expired' }, history: history(10) });
    expect(same.comparisons.find((r) => r.endpoint === 'home' && r.metric === 'p50')!.outcome).toBe('pass');
  });
});
