import { describe, expect, it } from 'vitest';
import { validateVerdict } from '../../src/analysis/verdict-file.js';
import { loadConfigText } from '../../src/config/load.js';
import { PERCENTILE_EXPECTED } from '../../src/config/percentile-name.js';
import { ResultsError } from '../../src/errors.js';
import { analyseRun } from '../../src/pipeline/analyse-and-report.js';
import { storefrontHistory, storefrontRun } from '../support/fixtures-verdict.js';

const config = loadConfigText(
  [
    'name: storefront',
    'target: http://127.0.0.1:8080',
    'load:',
    '  phases:',
    '    - { name: ramp, duration: 10s, rate: 5, rampTo: 52 }',
    '    - { name: steady, duration: 50s, rate: 52 }',
    'scenarios:',
    '  - name: s',
    '    steps:',
    '      - { name: home, get: / }',
    'slo:',
    '  - name: home is fast',
    '    endpoints: [home]',
    '    latency: { threshold: 30ms, objective: 99% }',
    '  - name: available',
    '    availability: 99.9%',
    '',
  ].join('\n'),
  { env: {} },
);

/** A verdict with every part the analysis writes: SLO rows, comparisons with bootstrap and history, a baseline origin. */
function fullVerdict() {
  return analyseRun({
    current: storefrontRun({ seed: 2, commit: 'f'.repeat(40), productScale: 1.3 }),
    baseline: storefrontRun({ seed: 1, commit: 'a'.repeat(40) }),
    history: storefrontHistory(12),
    config,
    baselineSource: 'perf-baseline-storefront',
    baselineOrigin: { workflow: 'main-baseline.yml', runId: 501, runNumber: 17, event: 'push', commit: 'a'.repeat(40), createdAt: '2026-11-24T20:01:00Z', url: 'https://github.test/acme/shop/actions/runs/501' },
  });
}

const refusal = (value: unknown): string => {
  try {
    validateVerdict(value, 'verdict.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsError);
    return (error as ResultsError).problems.join('\n') || (error as Error).message;
  }
  return 'accepted';
};

describe('validateVerdict', () => {
  it('reads back every verdict the analysis writes, NaN (written as null) included', () => {
    const verdict = fullVerdict();
    expect(verdict.slos.length).toBe(2);
    expect(verdict.comparisons.some((row) => row.bootstrap !== undefined)).toBe(true);
    expect(verdict.comparisons.some((row) => row.history !== undefined)).toBe(true);
    const text = JSON.stringify(verdict);
    expect(text).toContain('null');
    expect(validateVerdict(JSON.parse(text), 'verdict.json')).toEqual(verdict);
    const bare = analyseRun({ current: storefrontRun({ seed: 3, commit: 'b'.repeat(40) }) });
    expect(validateVerdict(JSON.parse(JSON.stringify(bare)), 'verdict.json')).toEqual(bare);
  });

  it('refuses fields the contract does not name, values outside enumerations, and overlong text, with their paths', () => {
    const verdict = JSON.parse(JSON.stringify(fullVerdict())) as Record<string, any>;
    verdict.body = '<img src=x>';
    verdict.comparisons[0].metric = 'p95 <b>';
    verdict.slos[0].kind = 'vibes';
    delete verdict.endpoints[0].percentiles.p50;
    verdict.headline = 'x'.repeat(5000);
    const problems = refusal(verdict);
    expect(problems).toContain('$: unexpected field "body"');
    expect(problems).toContain(`$.comparisons[0].metric: expected ${PERCENTILE_EXPECTED}, in its canonical spelling, got "p95 <b>"`);
    expect(problems).toContain('$.endpoints[0].percentiles: p50 is missing');
    expect(problems).toContain('$.slos[0].kind: expected one of latency, availability, error-ratio, got "vibes"');
    expect(problems).toContain('$.headline: 5000 characters, more than the 4000 allowed');
  });

  it('refuses outcomes that do not follow from the rows', () => {
    const verdict = JSON.parse(JSON.stringify(fullVerdict())) as Record<string, any>;
    // Rows edited, the outcomes left as they were: they no longer follow. A fail row hidden (a PR that
    // wants a pass), or, where nothing failed, one row turned into a fail.
    const rows = verdict.comparisons as { outcome: string }[];
    const failed = verdict.regression === 'fail';
    if (failed) for (const row of rows) row.outcome = row.outcome === 'fail' ? 'pass' : row.outcome;
    else rows[0]!.outcome = 'fail';
    const implied = failed ? (rows.every((row) => row.outcome === 'pass') ? 'pass' : 'inconclusive') : 'fail';
    expect(implied).not.toBe(verdict.regression);
    expect(refusal(verdict)).toContain(`$.regression: ${JSON.stringify(verdict.regression)}, but its comparison rows make it "${implied}"`);
  });

  it('refuses another format or version before reading further', () => {
    expect(refusal({ format: 'perf-action/results', version: 1 })).toContain('not a perf-action verdict file');
    expect(refusal({ ...fullVerdict(), version: 99 })).toContain('verdict format version 99 is not supported');
  });
});
