import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_JS_SOURCE } from '../../src/report/assets/chart-js.generated.js';
import { jsonForScript } from '../../src/report/escape.js';
import { spectrum } from '../../src/report/html-data.js';
import { renderHtml } from '../../src/report/html.js';
import { createHistogram, encodeHistogram, recordMicros } from '../../src/results/histogram.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, XSS_NAME, endpointStats, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';

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
