// The Slack message and the webhook body of a Notice, checked by what they say: the header's outcome,
// the endpoint table's cells, the SLO line, main's last p95 values, the buttons; escaping of names a
// target or a PR controls; Slack's size limits; which events a verdict raises.
import { describe, expect, test } from 'vitest';
import { eventsFor, raisedEvents } from '../../src/notify/events.js';
import { buildNotice } from '../../src/notify/notice.js';
import { escapeSlack, slackMessage } from '../../src/notify/slack.js';
import { NOTIFICATION_FORMAT, webhookPayload } from '../../src/notify/webhook.js';
import { manyEndpointsVerdict, storefrontHistory, storefrontVerdict, XSS_NAME } from '../support/fixtures-verdict.js';

type Block = { type: string; text?: { type: string; text: string }; elements?: { type: string; text: unknown; url?: string }[] };

const links = { runUrl: 'https://github.com/o/r/actions/runs/7', reportUrl: 'https://example.com/report.html' };

function blocksOf(message: ReturnType<typeof slackMessage>): Block[] {
  return message.blocks as unknown as Block[];
}

describe('slackMessage', () => {
  const notice = buildNotice(storefrontVerdict(), { events: ['regression'], history: storefrontHistory(8), historyRuns: 3, links });
  const blocks = blocksOf(slackMessage(notice));

  test('header, headline, table, SLO line, history context, run line and two buttons, in that order', () => {
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'context', 'actions']);
    expect(blocks[0]!.text).toEqual({ type: 'plain_text', text: 'storefront: FAIL', emoji: true });
    expect(blocks[1]!.text!.text).toBe(':x: *product p95 is 18 % slower than main (likely +12 … +24 %)*');
  });

  test('the table has one row per endpoint with its p95 and its change against main, total last', () => {
    const table = blocks[2]!.text!.text;
    expect(table.startsWith('```\n') && table.endsWith('\n```')).toBe(true);
    const lines = table.slice(4, -4).split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['endpoint', 'req/s', 'p50', 'p95', 'p99', 'errors', 'vs main']);
    const product = lines.find((line) => line.startsWith('product'))!.split(/\s{2,}/);
    expect(product).toEqual(['product', '16.6', '40 ms', '118 ms', '190 ms', '0 %', 'p95 +18 % fail']);
    expect(lines[lines.length - 1]!.startsWith('all')).toBe(true);
    expect(lines).toHaveLength(1 + 5);
  });

  test('the SLO line gives each SLO with its outcome', () => {
    expect(blocks[3]!.text!.text.startsWith('*SLO inconclusive*: ')).toBe(true);
    expect(blocks[3]!.text!.text).toContain(':white_check_mark: ');
  });

  test("main's last 3 p95 values are shown for the endpoints History holds, with today's", () => {
    const context = blocks[4]!.elements![0]!.text as string;
    expect(context).toBe("Main's last 3 p95: product: 103 ms → 104 ms → 105 ms (now 118 ms) · all: 103 ms → 104 ms → 105 ms (now 101 ms)");
  });

  test('buttons link to the run and the report', () => {
    expect(blocks[6]!.elements!.map((button) => button.url)).toEqual([links.runUrl, links.reportUrl]);
  });

  test('no history, no links: no context line of history and no buttons', () => {
    const bare = blocksOf(slackMessage(buildNotice(storefrontVerdict(), { events: ['finish'], historyRuns: 5, links: { runUrl: 'javascript:alert(1)' } })));
    expect(bare.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
  });

  test('names from outside cannot mention, link or close the code block', () => {
    expect(escapeSlack('<!channel> & <http://evil|click> ```')).toBe("&lt;!channel&gt; &amp; &lt;http://evil|click&gt; '''");
    const verdict = manyEndpointsVerdict(2000);
    const message = slackMessage(buildNotice(verdict, { events: ['regression'], historyRuns: 0, links: {} }));
    const text = JSON.stringify(message);
    expect(text).not.toContain(XSS_NAME);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const block of blocksOf(message)) if (block.text !== undefined) expect(block.text.text.length).toBeLessThanOrEqual(block.type === 'header' ? 150 : 3000);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blocksOf(message)[2]!.text!.text).toContain('… 1986 more endpoints in the report');
  });
});

describe('events and the webhook body', () => {
  test('a failing regression raises regression and finish; a destination listening to slo-fail hears nothing', () => {
    const raised = raisedEvents(storefrontVerdict());
    expect(raised).toEqual(['regression', 'finish']);
    expect(eventsFor(['slo-fail'], raised)).toEqual([]);
    expect(eventsFor(['slo-fail', 'regression'], raised)).toEqual(['regression']);
    expect(raisedEvents(storefrontVerdict({ overall: 'pass', regression: 'pass', slo: 'fail' }))).toEqual(['slo-fail', 'finish']);
  });

  test('the webhook body is versioned and has no NaN: numbers without data are null', () => {
    const body = webhookPayload(buildNotice(storefrontVerdict(), { events: ['finish'], historyRuns: 0, links }));
    expect(body).toMatchObject({ format: NOTIFICATION_FORMAT, version: 1, overall: 'fail', regression: 'fail', events: ['finish'], links });
    const parsed = JSON.parse(JSON.stringify(body)) as { endpoints: { name: string; p95Ms: number | null }[] };
    expect(parsed.endpoints.find((row) => row.name === 'product')!.p95Ms).toBe(118);
    const noData = webhookPayload({ ...buildNotice(storefrontVerdict(), { events: ['finish'], historyRuns: 0, links }), steadySeconds: Number.NaN });
    expect(noData.steadySeconds).toBeNull();
  });
});
