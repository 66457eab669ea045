// Which notification events a verdict raises: `regression` when a comparison row failed, `slo-fail`
// when an SLO failed, `finish` always. A destination is sent to when one of the events it listens to
// (its `on:` list) was raised. Only `fail` raises an event: inconclusive is not news.

import type { Verdict } from '../analysis/types.js';
import type { NotifyEvent } from '../config/push-types.js';

export function raisedEvents(verdict: Verdict): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  if (verdict.regression === 'fail') events.push('regression');
  if (verdict.slo === 'fail') events.push('slo-fail');
  events.push('finish');
  return events;
}

/** The raised events the destination listens to, most specific first; empty: do not send. */
export function eventsFor(on: readonly NotifyEvent[], raised: readonly NotifyEvent[]): NotifyEvent[] {
  return raised.filter((event) => on.includes(event));
}
