import { describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/markdown.js';
import { renderUndecidedNote, undecidedNeeds } from '../../src/report/markdown-undecided.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, comparison, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';

describe('what it would take to decide the open rows', () => {
  const base = storefrontVerdict();
  const home = base.endpoints.find((stats) => stats.name === 'home')!;
  const verdict = {
    ...base,
    comparisons: [
      ...base.comparisons.filter((row) => row.metric !== 'p99'),
      comparison('home', 'p99', 1.2, 0.9, 1.6, { outcome: 'inconclusive', reason: 'the interval 0.9 … 1.6 includes the 15 % tolerance', requests: 2010, requestsToDecide: 4000 }),
      comparison('all', 'p99', 1.1, 0.95, 1.3, { outcome: 'inconclusive', reason: 'the interval 0.95 … 1.3 includes the 15 % tolerance', requests: 9000, requestsToDecide: 3000 }),
      comparison('list products', 'p99', 1.14, 0.5, 2.5, { outcome: 'inconclusive', reason: 'near the limit', requests: 3000, requestsToDecide: 90_000_000 }),
      comparison('product', 'p99', 1.3, 0.7, 2, { outcome: 'inconclusive', reason: 'ratio on the limit', requests: 2000 }),
    ],
  };

  it('takes the median need per percentile, with the seconds at that endpoint’s rate', () => {
    const needs = undecidedNeeds(verdict);
    expect(needs).toHaveLength(1);
    // Three rows ask for 3,000, 4,000 and 90 million: the median row, home, is what is said.
    expect(needs[0]).toMatchObject({ metric: 'p99', rows: 3, requestsNeeded: 4000, requestsHad: 2010 });
    expect(needs[0]!.secondsNeeded).toBeCloseTo(4000 / home.ratePerSec, 9);
  });

  it('says it in one line under the table of the comment, and nothing when every row is decided', () => {
    const note = renderUndecidedNote(verdict);
    expect(note).toMatch(/^❔ To decide the open rows \(the median row, from this run's variance\): p99 needs ~4,000 requests per endpoint \(about \d+ (s|min)[^)]*at this rate\); this run had 2,010\.$/);
    const body = renderComment({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), baseline: storefrontRun({ seed: 2, commit: BASE_COMMIT }), job: 'perf', now: NOW });
    expect(body).toContain(note);
    expect(body.indexOf(note)).toBeGreaterThan(body.indexOf('| endpoint |'));
    expect(renderUndecidedNote({ ...verdict, comparisons: verdict.comparisons.filter((row) => row.requestsToDecide === undefined) })).toBe('');
  });
});
