// The comment and report built from a Verdict that the real analysis produced (not a fixture), so the
// renderers keep up with what analysis actually writes.

import { writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/verdict.js';
import { renderHtml } from '../../src/report/html.js';
import { renderComment } from '../../src/report/markdown.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, STOREFRONT_ENDPOINTS, storefrontHistory, storefrontRun } from '../support/fixtures-verdict.js';

// Enough requests that p50 and p95 are resolvable in a 60-second run.
const BUSY = STOREFRONT_ENDPOINTS.map((endpoint) => ({ ...endpoint, ratePerSec: endpoint.ratePerSec * 12 }));
import { parseGfm, tables } from './gfm.js';

describe('comment from a real Verdict', () => {
  it('a 50 % slower product endpoint shows as a failing row with its change', () => {
    const baseline = storefrontRun({ seed: 21, commit: BASE_COMMIT, endpoints: BUSY });
    const current = storefrontRun({ seed: 22, commit: HEAD_COMMIT, productScale: 1.5, endpoints: BUSY });
    const verdict = analyse({ current, baseline });
    const body = renderComment({ verdict, current, baseline, history: storefrontHistory(12), now: NOW });
    if (process.env.PERF_REPORT_DUMP !== undefined) {
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync('test-artifacts/comment.md', body);
      writeFileSync('test-artifacts/report-real.html', renderHtml({ verdict, current, baseline }));
    }
    const [endpointTable] = tables(parseGfm(body));
    const names = endpointTable?.slice(1).map((row) => row[0]);
    expect(names).toEqual(['home', 'list products', 'product', 'POST add to cart', 'all']);
    const product = endpointTable?.find((row) => row[0] === 'product') ?? [];
    const failing = verdict.comparisons.filter((row) => row.endpoint === 'product' && row.outcome === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const header = endpointTable?.[0] ?? [];
    for (const row of failing) {
      const cell = product[header.indexOf(`${row.metric} vs main`)] ?? '';
      expect(cell.startsWith('❌ +')).toBe(true);
    }
    expect(body.split('\n')[3]).toBe(`### ❌ storefront: ${verdict.headline}`);
  });
});
