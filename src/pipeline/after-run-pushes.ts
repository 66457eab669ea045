// The after-run pushes, shared by the CLI and the action: once verdict.json and the reports are on
// disk, the Slack and webhook notifications (when an event they listen to was raised) and the Loki
// export are sent side by side, each inside its own time budget, so together they delay the exit
// by at most the longest budget. Every body is built from redacted values and redacted again as
// text. Nothing here throws: each push ends as a PushReport the edge prints (a failure as a warning).

import type { Verdict } from '../analysis/types.js';
import type { NotifyEvent } from '../config/push-types.js';
import type { PerfConfig } from '../config/types.js';
import { redactDeep, redactSecrets } from '../config/redact.js';
import { secretsOf } from '../config/secrets.js';
import { lokiPush } from '../exports/loki.js';
import { DEFAULT_RETRY, pushWithRetry, type PushOutcome, type RetryPolicy } from '../exports/push-with-retry.js';
import { eventsFor, raisedEvents } from '../notify/events.js';
import { buildNotice, type NoticeLinks } from '../notify/notice.js';
import { slackMessage } from '../notify/slack.js';
import { webhookPayload } from '../notify/webhook.js';
import type { History, RunResult } from '../results/types.js';

export type PushDestination = 'slack' | 'webhook' | 'loki';

export interface AfterRunInput {
  readonly config: PerfConfig;
  readonly verdict: Verdict;
  readonly current: RunResult;
  readonly history?: History;
  readonly links?: NoticeLinks;
  /** Attempts and pauses; the time budget is the config's. Tests shorten the pauses. */
  readonly retry?: Omit<RetryPolicy, 'timeoutMs'>;
}

export type PushReport =
  | { readonly destination: PushDestination; readonly events?: readonly NotifyEvent[]; readonly outcome: PushOutcome }
  | { readonly destination: PushDestination; readonly skipped: string };

export async function sendAfterRunPushes(input: AfterRunInput): Promise<PushReport[]> {
  const { config } = input;
  const secrets = secretsOf(config);
  const retry = input.retry ?? DEFAULT_RETRY;
  const send = async (destination: PushDestination, target: { url: string; headers: Readonly<Record<string, string>> }, payload: unknown, timeoutMs: number, events?: NotifyEvent[]): Promise<PushReport> => {
    const body = redactSecrets(JSON.stringify(redactDeep(payload, secrets)), secrets);
    const outcome = await pushWithRetry({ url: target.url, headers: target.headers, body }, { ...retry, timeoutMs });
    const safe = outcome.ok ? outcome : { ...outcome, reason: redactSecrets(outcome.reason, secrets) };
    return { destination, ...(events === undefined ? {} : { events }), outcome: safe };
  };

  const pushes: Promise<PushReport>[] = [];
  const notify = config.notify;
  if (notify !== undefined) {
    const raised = raisedEvents(input.verdict);
    const redactedHistory = input.history === undefined ? undefined : redactDeep(input.history, secrets);
    const notice = (events: readonly NotifyEvent[]) =>
      buildNotice(input.verdict, { events, historyRuns: notify.history, links: input.links ?? {}, ...(redactedHistory === undefined ? {} : { history: redactedHistory }) });
    for (const [destination, settings, render] of [
      ['slack', notify.slack, (events: NotifyEvent[]) => slackMessage(notice(events))],
      ['webhook', notify.webhook, (events: NotifyEvent[]) => webhookPayload(notice(events))],
    ] as const) {
      if (settings === undefined) continue;
      const events = eventsFor(settings.on, raised);
      if (events.length === 0) pushes.push(Promise.resolve({ destination, skipped: `on: ${settings.on.join(', ')}; this run raised only ${raised.join(', ')}` }));
      else pushes.push(send(destination, settings, render(events), notify.timeoutMs, events));
    }
  }
  const loki = config.exports?.loki;
  if (loki !== undefined) {
    pushes.push(send('loki', loki, lokiPush(input.verdict, input.current, { errorLines: loki.errorLines, structuredMetadata: loki.structuredMetadata }), loki.timeoutMs));
  }
  return Promise.all(pushes);
}

/** One log line per push: info when sent or skipped, warning when it failed after its retries. */
export function describePush(report: PushReport): { readonly level: 'info' | 'warning'; readonly line: string } {
  const what = report.destination === 'loki' ? 'loki export' : `${report.destination} notification`;
  if ('skipped' in report) return { level: 'info', line: `${what} not sent (${report.skipped})` };
  const { outcome } = report;
  const tries = `${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}, ${Math.round(outcome.elapsedMs)} ms`;
  const events = report.events === undefined ? '' : ` for ${report.events.join(', ')}`;
  if (outcome.ok) return { level: 'info', line: `${what} sent${events} (HTTP ${outcome.status}, ${tries})` };
  return { level: 'warning', line: `${what} failed${events}: ${outcome.reason} (${tries}); the run's results are unaffected` };
}
