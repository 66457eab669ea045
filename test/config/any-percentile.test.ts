// Any percentile pNN / pNN.N can be compared: it loads with a default tolerance interpolated between the
// documented ones, out-of-range or over-precise names are refused with the field named, and a compared
// p75 is estimated, compared and shown in the comment and the HTML table.
import { describe, expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { canonicalPercentile, defaultTolerance, MAX_COMPARED_PERCENTILES, percentileQuantile } from '../../src/config/percentile-name.js';
import { DEFAULT_TOLERANCE } from '../../src/config/types.js';
import { ConfigError } from '../../src/errors.js';
import { analyse } from '../../src/analysis/verdict.js';
import { renderComment } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { parseGfm, tables } from '../report/gfm.js';
import { syntheticRun } from '../support/synthetic-run.js';

const base = (compare: string): string => `name: shop
target: http://127.0.0.1:8080
load:
  phases:
    - { duration: 70s, rate: 200 }
compare:
${compare}
`;

function problemsOf(text: string): readonly string[] {
  try {
    loadConfigText(text, { env: {}, file: 'perf.yml' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('percentile names', () => {
  test('canonical spelling, quantile and the legacy p999', () => {
    expect(canonicalPercentile('p75')).toBe('p75');
    expect(canonicalPercentile('p99.9')).toBe('p99.9');
    expect(canonicalPercentile('p999')).toBe('p99.9');
    expect(canonicalPercentile('p0.5')).toBe('p0.5');
    expect(canonicalPercentile('p7.5')).toBe('p7.5');
    for (const bad of ['p0', 'p100', 'p99.99', 'p05', 'p50.', 'p-1', 'P50', 'p', '50', 'p1e1', ' p50', 'p9999']) expect(canonicalPercentile(bad), bad).toBeUndefined();
    expect(percentileQuantile('p75')).toBe(0.75);
    expect(percentileQuantile('p99.9')).toBe(0.999);
    expect(percentileQuantile('p0.1')).toBe(0.001);
  });

  test('default tolerances: the documented ones exactly, others interpolated over tail depth and clamped', () => {
    expect(DEFAULT_TOLERANCE).toEqual({ p50: 0.05, p90: 0.1, p95: 0.1, p99: 0.15, 'p99.9': 0.25 });
    for (const [name, tolerance] of Object.entries(DEFAULT_TOLERANCE)) expect(defaultTolerance(name as `p${string}`)).toBe(tolerance);
    // p75: depth −log10(0.25) = 0.602, between p50 (0.301, 5 %) and p90 (1, 10 %).
    const p75 = 0.05 + (0.05 * (Math.log10(4) - Math.log10(2))) / (1 - Math.log10(2));
    expect(defaultTolerance('p75')).toBeCloseTo(p75, 3);
    expect(defaultTolerance('p75')).toBe(0.072);
    // p99.5: depth 2.301, between p99 (2, 15 %) and p99.9 (3, 25 %).
    expect(defaultTolerance('p99.5')).toBe(0.18);
    expect(defaultTolerance('p92')).toBe(0.1);
    expect(defaultTolerance('p25')).toBe(0.05);
    // Monotone in the quantile.
    const names = ['p10', 'p50', 'p60', 'p75', 'p80', 'p90', 'p95', 'p97', 'p99', 'p99.5', 'p99.9'] as const;
    const values = names.map((name) => defaultTolerance(name));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });
});

describe('compare.percentiles in perf.yml', () => {
  test('p75 and p99.9 load, ordered by quantile, each with a tolerance', () => {
    const config = loadConfigText(base('  percentiles: [p99.9, p75, p50]\n  tolerance: { p75: 8% }'), { env: {} });
    expect(config.compare.percentiles).toEqual(['p50', 'p75', 'p99.9']);
    expect(config.compare.tolerance).toMatchObject({ p50: 0.05, p75: 0.08, 'p99.9': 0.25 });
    const defaulted = loadConfigText(base('  percentiles: [p75, p99.5]'), { env: {} });
    expect(defaulted.compare.tolerance).toMatchObject({ p75: 0.072, 'p99.5': 0.18 });
  });

  test('names out of range, with two decimals, or not percentiles are refused with the field and line', () => {
    const problems = problemsOf(base('  percentiles: [p75, p100, p99.99, p0, fast]'));
    expect(problems).toHaveLength(4);
    for (const [index, found] of [[1, 'p100'], [2, 'p99.99'], [3, 'p0'], [4, 'fast']] as const) {
      expect(problems).toContain(`compare.percentiles[${index}]: expected a percentile like p50, p75, p99 or p99.9 (above 0 and below 100, at most one decimal), got "${found}" (perf.yml:7)`);
    }
  });

  test('the count is bounded, and one percentile spelled twice is a duplicate', () => {
    const many = Array.from({ length: MAX_COMPARED_PERCENTILES + 1 }, (_, i) => `p${50 + i}`).join(', ');
    expect(problemsOf(base(`  percentiles: [${many}]`))).toEqual([`compare.percentiles: expected at most ${MAX_COMPARED_PERCENTILES} items, got ${MAX_COMPARED_PERCENTILES + 1} (perf.yml:7)`]);
    expect(problemsOf(base('  percentiles: [p999, p99.9]'))).toEqual(['compare.percentiles: p99.9 listed more than once (perf.yml:7)']);
    expect(problemsOf(base('  tolerance: { p999: 20%, p99.9: 30% }'))).toEqual(['compare.tolerance["p99.9"]: p99.9 and p999 are the same percentile; give its tolerance once (perf.yml:7)']);
  });

  test('a tolerance key that is no percentile is refused', () => {
    expect(problemsOf(base('  tolerance: { p75: 8%, median: 5% }'))).toEqual([
      'compare.tolerance.median: expected a key that is a percentile like p50, p75, p99 or p99.9 (above 0 and below 100, at most one decimal), got "median" (perf.yml:7)',
    ]);
  });
});

describe('SLOs', () => {
  test('a latency objective is any share: the p75 and the p99.9 of a threshold', () => {
    const config = loadConfigText(
      `${base('  percentiles: [p75]')}slo:\n  - { name: web vitals, latency: { threshold: 200ms, objective: 75% } }\n  - { name: tail, latency: { threshold: 1s, objective: 99.9% } }\n`,
      { env: {} },
    );
    expect(config.slo.map((slo) => (slo.kind === 'latency' ? slo.objective : Number.NaN))).toEqual([0.75, 0.999]);
  });
});

describe('a compared p75 through analysis and reports', () => {
  const endpoints = [{ name: 'home', ratePerSec: 200, medianMs: 20, sigma: 0.4 }];
  const current = syntheticRun({ seed: 2, seconds: 70, endpoints, drift: { sd: 0.02, correlation: 0.8 } });
  const baseline = syntheticRun({ seed: 1, seconds: 70, endpoints, drift: { sd: 0.02, correlation: 0.8 } });
  const config = loadConfigText(base('  percentiles: [p50, p75]\n  resamples: 200'), { env: {} });
  const verdict = analyse({ current, baseline, config });

  test('every endpoint gets a p75 row with the interpolated tolerance, and a p75 estimate near the lognormal truth', () => {
    const p75Rows = verdict.comparisons.filter((row) => row.metric === 'p75');
    expect(p75Rows.map((row) => row.endpoint)).toEqual(['home', 'all']);
    for (const row of p75Rows) {
      expect(row.tolerance).toBeGreaterThanOrEqual(0.072);
      expect(row.outcome).not.toBe('fail');
    }
    // Lognormal(median 20 ms, σ 0.4): p75 = 20·exp(0.4 · 0.6745) ≈ 26.2 ms.
    const p75 = verdict.total.percentiles.p75!;
    expect(p75.valueMs).toBeGreaterThan(26.2 * 0.95);
    expect(p75.valueMs).toBeLessThan(26.2 * 1.05);
    expect(verdict.total.percentiles.p50.valueMs).toBeLessThan(p75.valueMs);
    expect(p75.valueMs).toBeLessThan(verdict.total.percentiles.p90.valueMs);
  });

  test('the comment and the HTML table give p75 its own column, between p50 and p90', () => {
    const comment = renderComment({ verdict, current, baseline });
    const [endpointTable] = tables(parseGfm(comment));
    const header = endpointTable![0]!;
    expect(header.slice(3, 8)).toEqual(['p50', 'p75', 'p90', 'p95', 'p99']);
    expect(header).toContain('p75 vs main');
    const totalRow = endpointTable!.find((row) => row[0] === 'all')!;
    expect(totalRow[4]).toMatch(/^\d+(\.\d+)? ms$/);
    expect(comment).toContain('| endpoint | p50 | p75 | p90 | p95 | p99 | p99.9 | max | mean |');
    const html = renderHtml({ verdict, current, baseline });
    expect(html).toMatch(/<th[^>]*>p75<\/th>/);
    expect(html).toContain('p75 vs main');
  });
});
