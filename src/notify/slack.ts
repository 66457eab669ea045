// A Notice as a Slack incoming-webhook message in Block Kit: a header with the outcome, the headline,
// the endpoint table (a monospace block, since mrkdwn has no tables), the SLO line, main's last p95
// values for context, and buttons to the run and the report. Text from outside (endpoint and SLO
// names, the headline) is escaped as Slack asks (&, <, >), so it cannot mention @channel or forge a
// link, and it cannot close the code block. Sizes stay inside Slack's limits (header 150 characters,
// a section 3,000, 50 blocks). `text` is the fallback shown in notifications.

import type { Outcome } from '../analysis/types.js';
import { formatChange, formatMs, formatPercent, formatRate } from '../report/format.js';
import { safeUrl } from '../report/escape.js';
import { CONTEXT_METRIC, type Notice } from './notice.js';

const HEADER_CHARS = 150;
const SECTION_CHARS = 3000;
/** Endpoints listed in the table and in the history context; the total is always among them. */
const MAX_ENDPOINT_ROWS = 15;
const NAME_CHARS = 40;

const OUTCOME_EMOJI: Readonly<Record<Outcome, string>> = { pass: ':white_check_mark:', fail: ':x:', inconclusive: ':warning:' };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

export function slackMessage(notice: Notice): SlackMessage {
  const title = `${notice.configName}${notice.profile === undefined ? '' : ` (${notice.profile})`}: ${notice.overall.toUpperCase()}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, HEADER_CHARS), emoji: true } },
    section(`${OUTCOME_EMOJI[notice.overall]} *${escapeSlack(notice.headline)}*`),
    section('```\n' + endpointTable(notice) + '\n```'),
  ];
  if (notice.slos.length > 0) blocks.push(section(sloLine(notice)));
  const history = historyLine(notice);
  if (history !== undefined) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(history, SECTION_CHARS) }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(runLine(notice), SECTION_CHARS) }] });
  const buttons = [
    ['Run', notice.links.runUrl],
    ['Report', notice.links.reportUrl],
  ].flatMap(([label, url]) => {
    const safe = safeUrl(url);
    return safe === undefined || safe.length > 3000 ? [] : [{ type: 'button', text: { type: 'plain_text', text: label }, url: safe }];
  });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  // The fallback text is mrkdwn too (notifications, older clients): escaped like the blocks.
  return { text: cut(escapeSlack(`${title}: ${notice.headline}`), SECTION_CHARS), blocks };
}

/** Slack's three control characters; a backtick run could close the table's code block. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_CHARS) } };
}

/** At most MAX_ENDPOINT_ROWS rows: endpoints with a failing change first, then the others in order, the total last. */
function shownEndpoints(notice: Notice): Notice['endpoints'] {
  const total = notice.endpoints[notice.endpoints.length - 1];
  const others = notice.endpoints.slice(0, -1);
  const failing = others.filter((row) => row.change?.outcome === 'fail');
  const rest = others.filter((row) => row.change?.outcome !== 'fail');
  return [...[...failing, ...rest].slice(0, MAX_ENDPOINT_ROWS - 1), ...(total === undefined ? [] : [total])];
}

function endpointTable(notice: Notice): string {
  const rows = shownEndpoints(notice);
  const header = ['endpoint', 'req/s', 'p50', 'p95', 'p99', 'errors', 'vs main'];
  const body = rows.map((row) => [
    escapeSlack(cut(row.name, NAME_CHARS)),
    formatRate(row.ratePerSec),
    formatMs(row.p50Ms),
    formatMs(row.p95Ms),
    formatMs(row.p99Ms),
    formatPercent(row.errorRatio),
    row.change === undefined ? '–' : `${row.change.metric} ${formatChange(row.change.ratio)} ${row.change.outcome}`,
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const lines = [line(header), ...body.map(line)];
  if (notice.endpoints.length > rows.length) lines.splice(lines.length - 1, 0, `… ${notice.endpoints.length - rows.length} more endpoints in the report`);
  // Whole lines only, within the section (the fences take 8 characters).
  let text = '';
  for (const next of lines) {
    if (text.length + next.length + 1 > SECTION_CHARS - 8) break;
    text += (text === '' ? '' : '\n') + next;
  }
  return text;
}

function sloLine(notice: Notice): string {
  const parts = notice.slos.map((row) => `${OUTCOME_EMOJI[row.outcome]} ${escapeSlack(cut(row.name, NAME_CHARS))} ${formatPercent(row.sli)} (objective ${formatPercent(row.objective)})`);
  return `*SLO ${notice.slo}*: ${parts.join(' · ')}`;
}

function historyLine(notice: Notice): string | undefined {
  const lines = shownEndpoints(notice)
    .filter((row) => row.mainHistory.length > 0)
    .map((row) => `${escapeSlack(cut(row.name, NAME_CHARS))}: ${row.mainHistory.map((point) => formatMs(point.valueMs)).join(' → ')} (now ${formatMs(row.p95Ms)})`);
  if (lines.length === 0) return undefined;
  const runs = Math.max(...notice.endpoints.map((row) => row.mainHistory.length));
  return `Main's last ${runs} ${CONTEXT_METRIC}: ${lines.join(' · ')}`;
}

function runLine(notice: Notice): string {
  const parts = [`run ${escapeSlack(notice.runId)}`];
  if (notice.commit !== undefined) parts.push(`commit ${escapeSlack(notice.commit.slice(0, 7))}`);
  if (notice.baselineCommit !== undefined) parts.push(`vs main ${escapeSlack(notice.baselineCommit.slice(0, 7))}`);
  parts.push(`steady ${notice.steadySeconds} s`, `regression ${notice.regression}`, `slo ${notice.slo}`);
  return parts.join(' · ');
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
