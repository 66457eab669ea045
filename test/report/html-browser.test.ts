// Opens report.html from disk in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): no console or page errors, every chart canvas has drawn pixels, a hostile endpoint
// name stays text, and screenshots at 1280 px (light and dark) and 390 px go to test-artifacts/.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { BASE_COMMIT, HEAD_COMMIT, NOW, STOREFRONT_ENDPOINTS, XSS_NAME, endpointStats, storefrontHistory, storefrontRun, storefrontVerdict } from '../support/fixtures-verdict.js';

const CHROMIUM = '/usr/bin/chromium';

/** Per canvas: how many pixels are painted and in how many distinct colours. */
const PAINTED_PIXELS = `Array.from(document.querySelectorAll('canvas')).map((canvas) => {
  const context = canvas.getContext('2d');
  if (context === null || canvas.width === 0 || canvas.height === 0) return { id: canvas.id, opaque: 0, colours: 0 };
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let opaque = 0;
  const colours = new Set();
  for (let index = 0; index < pixels.length; index += 4) {
    if (pixels[index + 3] > 0) {
      opaque += 1;
      colours.add((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2]);
    }
  }
  return { id: canvas.id, opaque, colours: colours.size };
})`;
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === undefined) {
  console.warn(`Skipping the browser test of report.html: ${CHROMIUM} is not installed (in CI it must be).`);
}

describe.skipIf(!available && process.env.CI === undefined)('report.html in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'perf-report-'));
    const base = storefrontVerdict();
    const hostile = endpointStats(XSS_NAME, 120, 2, { p50: 12, p90: 30, p95: 41, p99: 80, p999: 120 });
    const verdict = storefrontVerdict({ endpoints: [...base.endpoints.slice(0, -1), hostile, base.total] });
    const html = renderHtml({
      verdict,
      // The current run has one endpoint more than main, with a hostile name: its charts have no baseline.
      current: storefrontRun({ seed: 11, commit: HEAD_COMMIT, productScale: 1.2, endpoints: [...STOREFRONT_ENDPOINTS, { name: XSS_NAME, ratePerSec: 2, medianMs: 12, sigma: 0.4 }] }),
      baseline: storefrontRun({ seed: 12, commit: BASE_COMMIT }),
      // 12 main runs with the total and product (p95 98 … 109 ms): the trend chart.
      history: storefrontHistory(12),
      now: NOW,
    });
    file = join(dir, 'report.html');
    writeFileSync(file, html);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the report and waits for its charts; collects console problems, dialogs and outside requests. */
  async function openReport(width: number, scheme: 'light' | 'dark') {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1, colorScheme: scheme });
    const problems: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction('Array.isArray(window.perfReportCharts)', undefined, { timeout: 10_000 });
    return { page, problems, requests, dialogs };
  }

  const layouts = [
    { width: 1280, scheme: 'light', screenshot: 'test-artifacts/report.png' },
    { width: 390, scheme: 'light', screenshot: 'test-artifacts/report-390.png' },
    { width: 1280, scheme: 'dark', screenshot: 'test-artifacts/report-dark.png' },
  ] as const;
  for (const { width, scheme, screenshot } of layouts) {
    it(`renders without errors and draws every chart at ${width} px, ${scheme}`, async () => {
      const { page, problems, requests, dialogs } = await openReport(width, scheme);

      // Browser-side code as strings: the repo's TypeScript config has no DOM types.
      const painted = (await page.evaluate(PAINTED_PIXELS)) as { id: string; opaque: number; colours: number }[];
      expect(painted.map((chart) => chart.id)).toEqual(['chart-latency', 'chart-throughput', 'chart-spectrum', 'chart-trend']);
      for (const chart of painted) {
        // Lines, axes, labels and the shaded trim window: thousands of painted pixels in many colours.
        expect(chart.opaque, chart.id).toBeGreaterThan(2000);
        expect(chart.colours, chart.id).toBeGreaterThan(20);
      }
      const datasets = (await page.evaluate(
        "window.perfReportCharts.map((chart) => chart.data.datasets.map((dataset) => dataset.label + ':' + dataset.data.length))",
      )) as string[][];
      expect(datasets).toEqual([
        ['p50:60', 'p95:60', 'p99:60', 'main p95:60'],
        ['requests/s:60', 'errors/s:60', 'main requests/s:60'],
        [expect.stringMatching(/^this run:\d+$/), expect.stringMatching(/^main:\d+$/)],
        ['p50:13', 'p95:13', 'p99:13'],
      ]);
      // The trend: main's p95 of the total, oldest first, then this run's (the Verdict's 101 ms).
      const trendP95 = (await page.evaluate('window.perfReportCharts[3].data.datasets[1].data.map((point) => point.y)')) as number[];
      expect(trendP95).toEqual([...Array.from({ length: 12 }, (_, i) => 98 + i), 101]);

      // The hostile name is text in a table cell, not an element.
      expect(await page.locator('img').count()).toBe(0);
      const cells = await page.locator('#endpoints tbody th').allTextContents();
      expect(cells).toContain(XSS_NAME);
      expect(await page.locator('#errors tbody td.sample').allTextContents()).toEqual(['HTTP 503 <b>Service Unavailable</b> @oncall']);
      expect(await page.locator('b').count()).toBe(3);
      expect(await page.locator('#endpoint-picker option').allTextContents()).toEqual(['all endpoints', ...STOREFRONT_ENDPOINTS.map((e) => e.name), XSS_NAME]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
      // Only tables may scroll sideways; the page itself fits the width.
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(0);

      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      await page.close();
    }, 60_000);
  }
  it('the endpoint picker redraws every chart for the endpoint chosen, with main where main has it', async () => {
    const { page, problems, dialogs } = await openReport(1280, 'light');
    const state = async () =>
      (await page.evaluate(
        "window.perfReportCharts.map((chart) => ({ title: chart.options.plugins.title.text, labels: chart.data.datasets.map((d) => d.label), total: (chart.data.datasets[0]?.data ?? []).reduce((sum, p) => sum + (p.y ?? 0), 0) }))",
      )) as { title: string; labels: string[]; total: number }[];
    const all = await state();
    expect(all[0]!.title).toBe('Latency per second (shaded: trimmed warm-up and tail)');

    await page.selectOption('#endpoint-picker', { label: 'product' });
    const product = await state();
    expect(product.map((chart) => chart.title)).toEqual(all.map((chart) => `${chart.title} — product`));
    expect(product.map((chart) => chart.labels)).toEqual(all.map((chart) => chart.labels));
    // product carries about a third of the total's requests (16 of 54 req/s) and is its slowest endpoint.
    expect(product[1]!.total / all[1]!.total).toBeGreaterThan(0.2);
    expect(product[1]!.total / all[1]!.total).toBeLessThan(0.45);
    expect(product[0]!.total).toBeGreaterThan(all[0]!.total);

    await page.selectOption('#endpoint-picker', { label: XSS_NAME });
    const hostile = await state();
    // No baseline and no History for this endpoint: no main series, an empty trend.
    expect(hostile.map((chart) => chart.labels)).toEqual([['p50', 'p95', 'p99'], ['requests/s', 'errors/s'], ['this run'], []]);
    expect(hostile[0]!.title).toBe(`Latency per second (shaded: trimmed warm-up and tail) — ${XSS_NAME}`);
    const painted = (await page.evaluate(PAINTED_PIXELS)) as { id: string; opaque: number; colours: number }[];
    for (const chart of painted) expect(chart.opaque, chart.id).toBeGreaterThan(2000);

    await page.selectOption('#endpoint-picker', { label: 'all endpoints' });
    expect(await state()).toEqual(all);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
