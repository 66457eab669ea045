// Durations and percentages as users write them in perf.yml and on the command line, and the one
// parser for each. Durations become milliseconds and percentages become fractions; the loader and
// the CLI flags share these so "1m30s" or "99.9%" mean the same thing everywhere.

import { ConfigError } from '../errors.js';

/**
 * "250ms", "30s", "3m", "1h", "1m30s", "1.5s": units in descending order, each at most once.
 * Kept in the JSON Schema too, so editors flag a bad duration before the loader does.
 */
export const DURATION_PATTERN = '^(?=\\d)(?:(\\d+(?:\\.\\d+)?)h)?(?:(\\d+(?:\\.\\d+)?)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+(?:\\.\\d+)?)ms)?$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** "99%", "99.9%", "5 %": a percentage of 0..100. A bare number is a fraction (0.99). */
export const PERCENT_PATTERN = '^\\d+(?:\\.\\d+)?\\s?%$';

export const DURATION_EXPECTED = 'a duration like "30s", "250ms", "1m30s" or a number of seconds';
export const PERCENT_EXPECTED = 'a percentage like "99%" or a fraction like 0.99';

const MS_PER_UNIT = [3_600_000, 60_000, 1_000, 1] as const;

/** Milliseconds for a duration, or undefined when the value is not one (the caller names the field). */
export function readDurationMs(value: unknown): number | undefined {
  const ms = durationMs(value);
  // 1e306 seconds is a number, but not a duration: it becomes Infinity once in milliseconds.
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  const match = DURATION_RE.exec(text);
  if (!match) return undefined;
  let totalMs = 0;
  for (let unit = 0; unit < MS_PER_UNIT.length; unit++) {
    const part = match[unit + 1];
    if (part !== undefined) totalMs += Number(part) * MS_PER_UNIT[unit]!;
  }
  // Rounded to a microsecond so "0.1s" + "0.2s" style sums stay exact enough to compare.
  return Math.round(totalMs * 1000) / 1000;
}

/** A fraction in [0, 1] for a percentage or a fraction, or undefined when the value is neither. */
export function readFraction(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (new RegExp(PERCENT_PATTERN).test(text)) {
    const percent = Number(text.replace('%', '').trim());
    // Divided through a string round-trip so "99.9%" is 0.999 exactly, not 0.9990000000000001.
    return percent <= 100 ? Number((percent / 100).toPrecision(12)) : undefined;
  }
  if (/^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/.test(text)) return Number(text);
  return undefined;
}

/** Milliseconds for a CLI flag or option value; throws a ConfigError naming `field`. */
export function parseDuration(value: string | number, field = 'duration'): number {
  const ms = readDurationMs(value);
  if (ms === undefined) throw new ConfigError([`${field}: expected ${DURATION_EXPECTED}, got ${JSON.stringify(value)}`]);
  return ms;
}

/** A fraction for a CLI flag or option value ("99%", "0.99"); throws a ConfigError naming `field`. */
export function parsePercent(value: string | number, field = 'percent'): number {
  const fraction = readFraction(value);
  if (fraction === undefined) throw new ConfigError([`${field}: expected ${PERCENT_EXPECTED}, got ${JSON.stringify(value)}`]);
  return fraction;
}
