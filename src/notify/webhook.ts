// A Notice as the generic webhook's JSON body: a versioned document so a receiver can check what it
// reads. Numbers without data are null, never 0 (JSON has no NaN).

import type { Notice } from './notice.js';

export const NOTIFICATION_FORMAT = 'perf-action/notification';
export const NOTIFICATION_VERSION = 1;

export function webhookPayload(notice: Notice): Record<string, unknown> {
  return { format: NOTIFICATION_FORMAT, version: NOTIFICATION_VERSION, ...(withNulls(notice) as Record<string, unknown>) };
}

function withNulls(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(withNulls);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withNulls(item)]));
  return value;
}
