import { describe, expect, it } from 'vitest';
import { commentMarker, currentRunRecord, hasMarker, parseEarlierRuns, renderEarlierRuns } from '../../src/report/marker.js';
import { renderMermaidTrend, renderTextTrend, trendPoints } from '../../src/report/trend.js';
import { storefrontHistory } from '../support/fixtures-verdict.js';

describe('marker', () => {
  it('names config and job, and cannot be closed early by either', () => {
    expect(commentMarker('storefront', 'perf')).toBe('<!-- perf-action:storefront:perf -->');
    expect(commentMarker('shop', undefined)).toBe('<!-- perf-action:shop:default -->');
    expect(commentMarker('a-->b', 'x:y')).toBe('<!-- perf-action:a-_b:x_y -->');
    expect(hasMarker('hello\n<!-- perf-action:shop:default -->', 'shop', undefined)).toBe(true);
    expect(hasMarker('<!-- perf-action:shop:other -->', 'shop', undefined)).toBe(false);
  });

  it('reads back its own record and list, newest first', () => {
    const body = `${currentRunRecord('ccc ✅ now')}\n${renderEarlierRuns(['bbb ❌ before', 'aaa ✅ first'])}`;
    expect(parseEarlierRuns(body)).toEqual(['ccc ✅ now', 'bbb ❌ before', 'aaa ✅ first']);
    expect(parseEarlierRuns(undefined)).toEqual([]);
    expect(renderEarlierRuns([])).toBe('');
  });

  it('a record with "-->" stays inside its comment', () => {
    expect(currentRunRecord('a --> b')).toBe('<!-- perf-action:this-run a -\u200b-> b -->');
  });
});

describe('trend', () => {
  it('takes the last ten main runs of the metric, then this PR', () => {
    const points = trendPoints(storefrontHistory(12), 'product', 'p95', 118);
    expect(points).toHaveLength(11);
    expect(points[0]).toEqual({ label: '02c0ffe', valueMs: 100 });
    expect(points[10]).toEqual({ label: 'PR', valueMs: 118 });
  });

  it('skips runs without the endpoint and draws nothing with fewer than two points', () => {
    expect(trendPoints(storefrontHistory(3), 'home', 'p95', 50)).toEqual([{ label: 'PR', valueMs: 50 }]);
    expect(renderMermaidTrend([{ label: 'PR', valueMs: 50 }], 't')).toBe('');
    expect(renderTextTrend([{ label: 'PR', valueMs: 50 }])).toBe('');
  });

  it('writes an xychart with a y axis 20 % above the top value', () => {
    const chart = renderMermaidTrend([{ label: 'abc1234', valueMs: 98.25 }, { label: 'PR', valueMs: 118 }], 'product p95 "quoted"');
    expect(chart.split('\n')).toEqual(['```mermaid', 'xychart-beta', '  title "product p95 quoted"', '  x-axis [abc1234, PR]', '  y-axis "ms" 0 --> 142', '  line [98.3, 118]', '```']);
    expect(renderTextTrend([{ label: 'abc1234', valueMs: 98.25 }, { label: 'PR', valueMs: 118 }])).toBe('abc1234 98.3 ms → PR 118 ms');
  });
});
