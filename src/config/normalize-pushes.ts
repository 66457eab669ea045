// perf.yml's `notify:` and `exports:` sections → NotifyConfig and ExportsConfig (push-types.ts):
// defaults, durations in ms, URLs checked as absolute http(s) URLs, the Loki push path added to a
// bare base URL, and secret header names found. A bad URL is reported by its field only: the value
// is a secret (a Slack webhook URL is its own credential) and must not reach a message.

import { readDurationMs } from './duration.js';
import { checkHeaders } from './check-headers.js';
import type { FieldPath, ProblemList } from './problems.js';
import {
  DEFAULT_LOKI_ERROR_LINES,
  DEFAULT_NOTIFY_HISTORY,
  DEFAULT_NOTIFY_ON,
  DEFAULT_PUSH_TIMEOUT_MS,
  type ExportsConfig,
  type LokiExportConfig,
  type NotifyConfig,
  type NotifyDestination,
  type NotifyEvent,
} from './push-types.js';
import { isPlainObject, toNumber } from './validate.js';

type RawRecord = Record<string, unknown>;

/** Where Loki takes pushes (docs: HTTP API, "Ingest logs"). */
export const LOKI_PUSH_PATH = '/loki/api/v1/push';

export interface PushSecretHooks {
  /** True when the header's value is secret (by name or ${ENV}); keeps its ${ENV} values as secrets. */
  readonly isSecretHeader: (name: string, valuePath: FieldPath) => boolean;
  /** Keeps the ${ENV} values interpolated at `path` as secrets. */
  readonly keepEnvironmentValues: (path: FieldPath) => void;
}

export function normalizePushes(raw: RawRecord, hooks: PushSecretHooks, problems: ProblemList): { notify?: NotifyConfig; exports?: ExportsConfig } {
  const notify = isPlainObject(raw.notify) ? normalizeNotify(raw.notify, hooks, problems) : undefined;
  const exports = isPlainObject(raw.exports) ? normalizeExports(raw.exports, hooks, problems) : undefined;
  return { ...(notify === undefined ? {} : { notify }), ...(exports === undefined ? {} : { exports }) };
}

function normalizeNotify(raw: RawRecord, hooks: PushSecretHooks, problems: ProblemList): NotifyConfig {
  const on = events(raw.on) ?? DEFAULT_NOTIFY_ON;
  const destination = (key: 'slack' | 'webhook', urlKey: 'webhook' | 'url'): NotifyDestination | undefined => {
    const section = raw[key];
    if (!isPlainObject(section)) return undefined;
    const path = ['notify', key];
    return { ...pushTarget(section, urlKey, path, hooks, problems), on: events(section.on) ?? on };
  };
  const slack = destination('slack', 'webhook');
  const webhook = destination('webhook', 'url');
  return {
    history: raw.history === undefined ? DEFAULT_NOTIFY_HISTORY : toNumber(raw.history),
    timeoutMs: timeoutMs(raw.timeout),
    ...(slack === undefined ? {} : { slack }),
    ...(webhook === undefined ? {} : { webhook }),
  };
}

function normalizeExports(raw: RawRecord, hooks: PushSecretHooks, problems: ProblemList): ExportsConfig {
  if (!isPlainObject(raw.loki)) return {};
  const section = raw.loki;
  const target = pushTarget(section, 'url', ['exports', 'loki'], hooks, problems);
  const loki: LokiExportConfig = {
    ...target,
    url: withPushPath(target.url),
    errorLines: section.errorLines === undefined ? DEFAULT_LOKI_ERROR_LINES : toNumber(section.errorLines),
    structuredMetadata: section.structuredMetadata !== false,
    timeoutMs: timeoutMs(section.timeout),
  };
  return { loki };
}

function pushTarget(section: RawRecord, urlKey: string, path: FieldPath, hooks: PushSecretHooks, problems: ProblemList): { url: string; headers: Record<string, string>; secretHeaders: string[] } {
  const url = String(section[urlKey]);
  hooks.keepEnvironmentValues([...path, urlKey]);
  if (!isHttpUrl(url)) problems.add([...path, urlKey], 'expected an absolute http:// or https:// URL (the value is not shown: it may hold a secret)');
  const headers = isPlainObject(section.headers) ? (section.headers as Record<string, string>) : {};
  checkHeaders(headers, [...path, 'headers'], problems);
  return { url, headers: { ...headers }, secretHeaders: Object.keys(headers).filter((name) => hooks.isSecretHeader(name, [...path, 'headers', name])) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A base URL ("http://loki:3100", maybe with a trailing slash) gets the push path; any other path is kept. */
function withPushPath(text: string): string {
  if (!isHttpUrl(text)) return text;
  const url = new URL(text);
  if (url.pathname === '/' || url.pathname === '') url.pathname = LOKI_PUSH_PATH;
  return url.toString();
}

function events(raw: unknown): readonly NotifyEvent[] | undefined {
  return Array.isArray(raw) ? [...new Set(raw.map(String) as NotifyEvent[])] : undefined;
}

function timeoutMs(raw: unknown): number {
  return raw === undefined ? DEFAULT_PUSH_TIMEOUT_MS : (readDurationMs(raw) ?? DEFAULT_PUSH_TIMEOUT_MS);
}
