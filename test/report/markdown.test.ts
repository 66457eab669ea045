import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, renderComment, renderSummary } from '../../src/report/markdown.js';
import { commentMarker, parseEarlierRuns } from '../../src/report/marker.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, PIPE_NAME, XSS_NAME, endpointStats, manyEndpointsVerdict, storefrontHistory, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';
import { nodesOfType, parseGfm, tables, textOf } from './gfm.js';

const MINUS = '\u2212';
const REPO = 'https://github.com/acme/shop';

function storefrontComment(extra: Partial<Parameters<typeof renderComment>[0]> = {}): string {
  const current = storefrontRun({ seed: 1, commit: HEAD_COMMIT, productScale: 1.2 });
  const baseline = storefrontRun({ seed: 2, commit: BASE_COMMIT });
  return renderComment({ verdict: storefrontVerdict(), current, baseline, history: storefrontHistory(12), job: 'perf', repoUrl: REPO, reportUrl: 'https://example.test/report.html', now: NOW, ...extra });
}

describe('renderComment', () => {
  const body = storefrontComment();
  const root = parseGfm(body);
  const [endpointTable, sloTable] = tables(root);

  it('starts with the marker, then a headline with the icon and the Verdict headline', () => {
    expect(body.startsWith(`${commentMarker('storefront', 'perf')}\n`)).toBe(true);
    expect(commentMarker('storefront', 'perf')).toBe('<!-- perf-action:storefront:perf -->');
    const heading = nodesOfType(root, 'heading')[0];
    expect(heading === undefined ? '' : textOf(heading)).toBe('❌ storefront: product p95 is 18 % slower than main (likely +12 … +24 %)');
  });

  it('says SLOs met, regressions, the base commit with link and age, history and steady rate', () => {
    const provenance = body.split('\n').find((line) => line.startsWith('**SLOs')) ?? '';
    expect(provenance).toContain('**SLOs ⚠️ 1 of 2 met**');
    expect(provenance).toContain('**regressions ❌ 1 of 5 endpoints**');
    expect(provenance).toContain(`[\`a1b2c3d\`](${REPO}/commit/${BASE_COMMIT}) (main, 2 h old, 12 runs of history)`);
    expect(provenance).toContain('3 min steady at 54.2 req/s');
    expect(provenance).toContain('[full report](https://example.test/report.html)');
  });

  it('has the endpoint table with its columns, numbers, changes and icons', () => {
    expect(endpointTable?.[0]).toEqual(['endpoint', 'requests', 'req/s', 'p50', 'p90', 'p95', 'p99', 'max', 'errors', 'p95 vs main', 'p50 vs main']);
    expect(endpointTable?.map((row) => row[0])).toEqual(['endpoint', 'home', 'list products', 'product', 'POST add to cart', 'all']);
    const byName = new Map(endpointTable?.slice(1).map((row) => [row[0], row]));
    expect(byName.get('home')).toEqual(['home', '3,012', '16.7', '21 ms', '40 ms', '48 ms', '95 ms', '225 ms', '0 %', `✅ ${MINUS}2 % (${MINUS}6 … +3)`, `🟢 ${MINUS}10 % (${MINUS}13 … ${MINUS}7)`]);
    expect(byName.get('list products')?.[9]).toBe('⚪ +4 % (−1 … +12)');
    expect(byName.get('product')?.[5]).toBe('118 ms');
    expect(byName.get('product')?.[9]).toBe('❌ +18 % (+12 … +24)');
    expect(byName.get('POST add to cart')?.[8]).toBe('0.1 %');
    expect(byName.get('POST add to cart')?.[9]).toBe('❔ too few samples for p95');
    expect(byName.get('all')?.slice(1, 3)).toEqual(['9,752', '54.2']);
    expect(byName.get('all')?.[10]).toBe('–');
    // The failing percentile is bold.
    expect(body).toContain('| **118 ms** |');
  });

  it('has the SLO table with objective, SLI interval, budget, burn rate and verdict', () => {
    expect(sloTable?.[0]).toEqual(['SLO', 'measured', 'error budget used', 'burn rate', 'verdict']);
    expect(sloTable?.[1]).toEqual(['pages are fast: 99 % under 300 ms', '99.6 % (99.4 … 99.8)', '40 %', '0.4', '✅']);
    expect(sloTable?.[2]).toEqual(['checkout works: 99.9 % available', '99.9 % (99.5 … 99.98)', '100 %', '1', '❔ 750 requests are too few to tell']);
  });

  it('draws the trend of the failing metric over main runs and this PR, with a text line', () => {
    const mermaid = nodesOfType(root, 'code').find((node) => node.type === 'code' && node.lang === 'mermaid');
    const chart = mermaid?.type === 'code' ? mermaid.value : '';
    expect(chart).toContain('xychart-beta');
    expect(chart).toContain('title "product p95 (ms): last 10 runs on main, then this PR"');
    expect(chart).toContain('line [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 118]');
    expect(chart).toMatch(/x-axis \[02c0ffe, .*, 0bc0ffe, PR\]/);
    expect(body).toContain('Trend of product p95: 02c0ffe 100 ms → ');
    expect(body).toContain('→ PR 118 ms');
  });

  it('collapses details, the change points and how it was decided', () => {
    const summaries = [...body.matchAll(/<summary>([^<]*)<\/summary>/g)].map((match) => match[1]);
    expect(summaries).toEqual(['All percentiles, status codes and errors', 'Change points on main (1)', 'How this was decided']);
    expect(body).toContain('steady window 10 s → 55 s (ramp 10 s; MSER-5 cut nothing more)');
    expect(body).toContain('one-sided α 0.01, Hommel across 12 rows');
    expect(body).toContain('tolerance p95 10 %, p50 5 %, floor 1 ms');
    expect(body).toContain('generator lag p99 800 µs, 0 missed sends');
    const detailTables = tables(root);
    const errors = detailTables.find((table) => table[0]?.[1] === 'class');
    expect(errors?.[1]).toEqual(['add to cart', 'http5xx', '1', 'HTTP 503 <b>Service Unavailable</b> @\u200doncall']);
    const status = detailTables.find((table) => table[0]?.includes('503'));
    expect(status?.[0]).toEqual(['endpoint', '200', '201', '503']);
  });

  it('says how the history test decided, and how many History runs it set aside as outliers', () => {
    expect(body).not.toContain('history test over');
    const history = (runs: number, outlierRuns: number) => ({ runs, outlierRuns, centreMs: 100, t: 4, threshold: 2.8, outcome: 'fail' as const });
    const base = storefrontVerdict();
    const verdict = storefrontVerdict({
      comparisons: base.comparisons.map((row, index) => ({ ...row, history: index === 2 ? history(11, 1) : history(12, 0) })),
    });
    const withHistory = renderComment({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), history: storefrontHistory(12), now: NOW });
    expect(withHistory).toContain(
      '- history test over 12 main runs, up to 1 outlier run set aside (t prediction interval at one-sided 0.01, Hommel across rows); a row fails where it fails and the bootstrap agrees the run is slower',
    );
    const clean = storefrontVerdict({ comparisons: base.comparisons.map((row) => ({ ...row, history: history(12, 0) })) });
    expect(renderComment({ verdict: clean, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), now: NOW })).toContain('- history test over 12 main runs (t prediction');
  });

  it('ends with this commit, target, load plan and tool version', () => {
    const footer = body.trimEnd().split('\n').pop() ?? '';
    expect(footer).toContain(`this commit [\`f00dfee\`](${REPO}/commit/${HEAD_COMMIT})`);
    expect(footer).toContain('target http&#58;//127.0.0.1:8080 (loopback)');
    expect(footer).toContain('open model');
  });

  it('warns when the baseline ran another plan, target class or runner', () => {
    const current = storefrontRun({ seed: 1, commit: HEAD_COMMIT, meta: { targetClass: 'public', runner: { os: 'linux', cpus: 4, nodeVersion: 'v24' } } });
    const baseline = storefrontRun({ seed: 2, commit: BASE_COMMIT });
    const warned = renderComment({ verdict: storefrontVerdict(), current, baseline, now: NOW });
    expect(warned).toContain('> ⚠️ the target class differs: baseline loopback, this run public');
    expect(warned).toContain('> ⚠️ the runner differs: baseline linux, 2 CPUs, this run linux, 4 CPUs');
    expect(storefrontComment()).not.toContain('differs');
  });

  it('keeps earlier one-line verdicts from the previous body, newest first, at most 20', () => {
    const first = storefrontComment({ verdict: storefrontVerdict({ overall: 'pass', headline: 'No regression · SLOs met', current: { runId: 'r1', commit: '1111111aaaa', steadySeconds: 180 } }) });
    const second = storefrontComment({ previousBody: first, verdict: storefrontVerdict({ current: { runId: 'r2', commit: '2222222bbbb', steadySeconds: 180 } }) });
    expect(parseEarlierRuns(second)).toEqual(['2222222 ❌ product p95 is 18 % slower than main (likely +12 … +24 %)', '1111111 ✅ No regression · SLOs met']);
    expect(second).toContain('<summary>Earlier runs on this PR (1)</summary>');
    expect(second).toContain('- 1111111 ✅ No regression · SLOs met');
    let body = first;
    for (let run = 0; run < 25; run += 1) {
      body = storefrontComment({ previousBody: body, verdict: storefrontVerdict({ headline: `run ${run}`, current: { runId: `r${run}`, commit: `${run.toString(16).padStart(7, '0')}`, steadySeconds: 180 } }) });
    }
    const kept = parseEarlierRuns(body);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('0000018 ❌ run 24');
    expect(kept[1]).toBe('0000017 ❌ run 23');
    expect(body).toContain('Earlier runs on this PR (20)');
  });

  it('drops hand-edited lines that carry markup from the earlier-runs list', () => {
    const forged = `<!-- perf-action:earlier-runs -->\n- abc ✅ fine\n- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))\n<!-- perf-action:earlier-runs-end -->`;
    expect(parseEarlierRuns(forged)).toEqual(['abc ✅ fine']);
  });

  it('the job summary has the same content without the marker', () => {
    const { baseline: _baseline, ...withoutBaseline } = storefrontVerdict();
    const summary = renderSummary({ verdict: withoutBaseline, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), now: NOW });
    expect(summary).not.toContain('<!-- perf-action:');
    expect(summary.startsWith('### ❌ storefront:')).toBe(true);
    expect(summary).toContain('no baseline from main yet');
  });
});

describe('escaping', () => {
  const base = storefrontVerdict();
  const hostile = [endpointStats(XSS_NAME, 10, 1, { p50: 1, p90: 2, p95: 3, p99: 4, p999: 5 }), endpointStats(PIPE_NAME, 10, 1, { p50: 1, p90: 2, p95: 3, p99: 4, p999: 5 })];
  const verdict = storefrontVerdict({
    endpoints: [...hostile, base.total],
    headline: `${XSS_NAME} p95 is 18 % slower @team`,
    comparisons: [],
    changePoints: [],
    notes: ['a note with <script>alert(1)</script> and @octocat'],
  });
  const body = renderComment({ verdict, current: storefrontRun({ seed: 3, commit: HEAD_COMMIT }), now: NOW });
  const root = parseGfm(body);

  it('keeps hostile endpoint names inside their cells, as text', () => {
    const endpointTable = tables(root)[0];
    expect(endpointTable?.map((row) => row.length)).toEqual([9, 9, 9, 9]);
    expect(endpointTable?.[1]?.[0]).toBe(XSS_NAME);
    expect(endpointTable?.[2]?.[0]).toBe(PIPE_NAME.replace('@', '@\u200d'));
  });

  it('creates no HTML element, link or mention from outside text', () => {
    const html = nodesOfType(root, 'html').map((node) => textOf(node));
    expect(html.every((value) => /^<\/?(details|summary|sub|code)>|^<!-- perf-action|^<details><summary>/.test(value))).toBe(true);
    // A bare URL may still be autolinked, but only ever showing itself: no link text can disguise a target.
    const links = nodesOfType(root, 'link').map((node) => (node.type === 'link' ? [textOf(node), node.url] : []));
    expect(links.length).toBeGreaterThan(0);
    for (const [text, url] of links) expect(url?.replace(/\/$/, '')).toBe(text?.startsWith('http') ? text : `http://${text}`);
    expect(links.some(([text]) => text === 'link')).toBe(false);
    // Only our own code spans (short SHAs) exist; a backtick in a name opens none.
    expect(nodesOfType(root, 'inlineCode').every((node) => /^[0-9a-f]{7}$/.test(textOf(node)))).toBe(true);
    const text = nodesOfType(root, 'text').map((node) => textOf(node)).join('\n');
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    expect(text).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('size limit', () => {
  it('stays under 65,000 characters with 2,000 endpoints, keeps the worst and says so', () => {
    const verdict = manyEndpointsVerdict(2000);
    const body = renderComment({ verdict, current: storefrontRun({ seed: 4, commit: HEAD_COMMIT }), history: storefrontHistory(12), now: NOW });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("Shortened to fit GitHub's comment size limit: left out per-endpoint details, the trend chart,");
    const root = parseGfm(body);
    const endpointTable = tables(root)[0] ?? [];
    const names = endpointTable.slice(1).map((row) => row[0]);
    expect(names[0]).toBe('GET /api/v1/resources/1234/details');
    expect(names[names.length - 1]).toBe('all');
    expect(body).toMatch(/left out per-endpoint details, the trend chart, (\d+) endpoints from the tables \(the worst (\d+) are shown\)/);
    const match = /(\d+) endpoints from the tables \(the worst (\d+) are shown\)/.exec(body);
    expect(Number(match?.[1]) + Number(match?.[2])).toBe(2000);
    expect(names.length - 1).toBe(Number(match?.[2]));
    expect(body).not.toContain('```mermaid');
  });

  it('a small run keeps everything and says nothing about shortening', () => {
    expect(storefrontComment()).not.toContain('Shortened');
  });
});
