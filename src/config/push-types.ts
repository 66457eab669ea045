// The after-run push settings of a PerfConfig (perf.yml `notify:` and `exports:`), normalised by
// normalize-pushes.ts. Every URL here has been checked as an absolute http(s) URL; the Slack and
// webhook URLs, secret header values and any ${ENV} value in these settings are secrets
// (secrets.ts), never written to a file or printed.

export type NotifyEvent = 'regression' | 'slo-fail' | 'finish';

export const NOTIFY_EVENTS: readonly NotifyEvent[] = Object.freeze(['regression', 'slo-fail', 'finish']);
export const DEFAULT_NOTIFY_ON: readonly NotifyEvent[] = Object.freeze(['regression', 'slo-fail']);
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;
export const DEFAULT_NOTIFY_HISTORY = 5;
export const DEFAULT_LOKI_ERROR_LINES = 20;

export interface PushTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Names in `headers` whose values are secret. */
  readonly secretHeaders: readonly string[];
}

export interface NotifyDestination extends PushTarget {
  readonly on: readonly NotifyEvent[];
}

export interface NotifyConfig {
  /** Main's last N p95 values shown for context (0: none). */
  readonly history: number;
  /** Budget of every notification, retries included. */
  readonly timeoutMs: number;
  readonly slack?: NotifyDestination;
  readonly webhook?: NotifyDestination;
}

export interface LokiExportConfig extends PushTarget {
  /** The push endpoint itself (…/loki/api/v1/push). */
  readonly url: string;
  readonly errorLines: number;
  readonly structuredMetadata: boolean;
  readonly timeoutMs: number;
}

export interface ExportsConfig {
  readonly loki?: LokiExportConfig;
}
