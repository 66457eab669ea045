// perf.yml `abort`: the rules that stop a load early, with their defaults (unreachable after 5 s; no
// error-storm rule unless errorRatio is given) and the checks that span its fields.

import type { AbortConfig } from './types.js';
import { readDurationMs, readFraction } from './duration.js';
import type { ProblemList } from './problems.js';
import { isPlainObject } from './validate.js';

/** Connection errors alone for this long from the start mean the target cannot be reached. */
export const DEFAULT_UNREACHABLE_AFTER_MS = 5_000;
/** The error-storm window when `abort.errorRatio` is given without `for`. */
export const DEFAULT_ERROR_STORM_WINDOW_MS = 10_000;

export const DEFAULT_ABORT: AbortConfig = Object.freeze({ unreachableAfterMs: DEFAULT_UNREACHABLE_AFTER_MS });

export function normalizeAbort(raw: unknown, problems: ProblemList): AbortConfig {
  if (!isPlainObject(raw)) return DEFAULT_ABORT;
  const unreachableAfterMs = raw.unreachableAfter === undefined ? DEFAULT_UNREACHABLE_AFTER_MS : (readDurationMs(raw.unreachableAfter) ?? DEFAULT_UNREACHABLE_AFTER_MS);
  if (raw.errorRatio === undefined) {
    if (raw.for !== undefined) problems.add(['abort', 'for'], 'is the window of abort.errorRatio; add errorRatio (e.g. "50%") or remove for', true);
    return { unreachableAfterMs };
  }
  const ratio = readFraction(raw.errorRatio) ?? 0;
  if (!(ratio > 0)) problems.add(['abort', 'errorRatio'], `expected a share above 0%, got ${JSON.stringify(raw.errorRatio)}`);
  const windowMs = raw.for === undefined ? DEFAULT_ERROR_STORM_WINDOW_MS : (readDurationMs(raw.for) ?? DEFAULT_ERROR_STORM_WINDOW_MS);
  if (windowMs < 1000 || windowMs % 1000 !== 0) problems.add(['abort', 'for'], `expected whole seconds of at least 1s, got ${JSON.stringify(raw.for)}`);
  return { unreachableAfterMs, errorStorm: { ratio, windowMs } };
}
