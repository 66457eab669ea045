import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_JS_SOURCE } from '../../src/report/assets/chart-js.generated.js';
import { jsonForScript } from '../../src/report/escape.js';
import { MAX_CHARTED_ENDPOINTS, reportData, spectrum } from '../../src/report/html-data.js';
import { renderHtml } from '../../src/report/html.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, XSS_NAME, endpointStats, storefrontHistory, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';
import { syntheticRun } from '../support/synthetic-run.js';

describe('report.html', () => {
  it('embeds exactly the installed chart.js (run scripts/embed-assets.mjs after an upgrade)', () => {
    expect(CHART_JS_SOURCE).toBe(readFileSync('node_modules/chart.js/dist/chart.umd.min.js', 'utf8'));
  });

  it('keeps "</script>" in data from ending the JSON block', () => {
    const json = jsonForScript({ name: '</script><script>alert(1)</script><!--' });
    expect(json).not.toMatch(/[<>]/);
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script><!--' });
  });

  it('is self-contained: no external script, style or image, and a CSP that forbids fetching', () => {
    const verdict = storefrontVerdict();
    const html = renderHtml({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), baseline: storefrontRun({ seed: 2, commit: BASE_COMMIT }), now: NOW });
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('escapes endpoint names in text', () => {
    const base = storefrontVerdict();
    const verdict = storefrontVerdict({ endpoints: [endpointStats(XSS_NAME, 10, 1, { p50: 1, p90: 2, p95: 3, p99: 4, p999: 5 }), base.total], headline: `${XSS_NAME} is slow`, comparisons: [] });
    const html = renderHtml({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), now: NOW });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('charts each endpoint up to 50, and says how many more are in the tables only', () => {
    const run = (count: number) =>
      syntheticRun({ seed: 3, seconds: 12, endpoints: Array.from({ length: count }, (_, i) => ({ name: `e${i}`, ratePerSec: 2, medianMs: 10, sigma: 0.3 })) });
    const verdict = storefrontVerdict({ comparisons: [] });
    const many = run(MAX_CHARTED_ENDPOINTS + 5);
    const data = reportData(verdict, many, undefined);
    expect(data.series.map((entry) => entry.name)).toEqual(['all', ...many.endpoints.slice(0, MAX_CHARTED_ENDPOINTS).map((e) => e.name)]);
    expect(data.omittedEndpoints).toBe(5);
    expect(data.hasTrend).toBe(false);
    // Each endpoint's requests per second are its own, and they add up to the total's.
    const sumOfEndpoints = data.series.slice(1).reduce((sum, entry) => sum + entry.current.requestsPerSec.reduce((a, p) => a + (p.y ?? 0), 0), 0);
    const omitted = many.endpoints.slice(MAX_CHARTED_ENDPOINTS).reduce((sum, e) => sum + e.requests.reduce((a, b) => a + b, 0), 0);
    expect(sumOfEndpoints + omitted).toBe(data.series[0]!.current.requestsPerSec.reduce((a, p) => a + (p.y ?? 0), 0));
    const html = renderHtml({ verdict, current: many, now: NOW });
    expect(html.match(/<option /g)).toHaveLength(MAX_CHARTED_ENDPOINTS + 1);
    expect(html).toContain('charts for the first 50 endpoints; 5 more endpoints in the tables only');
    // One endpoint: the total is all there is, so no picker.
    expect(renderHtml({ verdict, current: run(1), now: NOW })).not.toContain('<select id="endpoint-picker"');
  });

  it('trends each endpoint that History holds: main runs oldest first, then this run from the Verdict', () => {
    const verdict = storefrontVerdict();
    const data = reportData(verdict, storefrontRun({ seed: 1, commit: HEAD_COMMIT }), undefined, storefrontHistory(3));
    expect(data.hasTrend).toBe(true);
    const byName = new Map(data.series.map((entry) => [entry.name, entry]));
    // storefrontHistory keeps the total and product only.
    expect(byName.get('home')!.trend).toBeUndefined();
    const product = byName.get('product')!.trend!;
    expect(product.labels).toEqual(['00c0ffe', '01c0ffe', '02c0ffe', 'this run']);
    expect(product.p95).toEqual([98, 99, 100, verdict.endpoints.find((e) => e.name === 'product')!.percentiles.p95.valueMs]);
    expect(byName.get('all')!.trend!.p50).toEqual([30, 30, 30, verdict.total.percentiles.p50.valueMs]);
    expect(renderHtml({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), history: storefrontHistory(3), now: NOW })).toContain('<canvas id="chart-trend"');
    expect(renderHtml({ verdict, current: storefrontRun({ seed: 1, commit: HEAD_COMMIT }), now: NOW })).not.toContain('<canvas id="chart-trend"');
  });

  it('spaces the percentile spectrum ten points a decade on x = 1/(1−q), up to what the sample resolves', () => {
    const histogram = createHistogram();
    for (let value = 1; value <= 1000; value += 1) recordMicros(histogram, value * 1000);
    const encoded = encodeHistogram(histogram);
    const series = { name: 'all', latency: [encoded, encoded], serviceTime: [], requests: [1000, 1000], errors: {}, status: {}, errorSamples: {} };
    const points = spectrum(series, 0, 2);
    // 2,000 samples: x = 10^(k/10) for k = 0 … 33 (10^3.3 ≈ 1,995 ≤ 2,000), plus the maximum at x = count.
    expect(points).toHaveLength(35);
    expect(points[33]?.x).toBe(1995);
    expect(points[0]).toEqual({ x: 1, y: 1 });
    expect(points[10]?.x).toBe(10);
    expect(points[10]?.y).toBeCloseTo(900, -1);
    expect(points[20]?.y).toBeCloseTo(990, -1);
    expect(points[34]).toEqual({ x: 2000, y: 1000 });
  });
});
