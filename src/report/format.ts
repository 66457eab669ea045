// Number and unit formatting shared by the Markdown and HTML reports: durations (µs/ms/s picked so a
// number stays short, 2–3 significant digits), counts with thousands separators, percents and signed
// changes with a true minus sign (U+2212), and intervals like "(+12 … +24)". Escaping is escape.ts's job.

export const MINUS = '\u2212';

/** Rounds to `digits` significant digits without exponent notation. */
function significant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(value.toFixed(decimals));
  // toFixed may carry into a new digit (9.96 → 10.0); trailing zeros add nothing.
  return groupThousands(String(Number(rounded.toFixed(decimals))));
}

function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? MINUS : '';
  const digits = whole.replace('-', '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (fraction === undefined ? '' : `.${fraction}`);
}

/** A latency given in ms: "850 µs", "21 ms", "1.25 s"; "–" when there is no value. */
export function formatMs(valueMs: number): string {
  if (!Number.isFinite(valueMs)) return '–';
  const abs = Math.abs(valueMs);
  // Thresholds sit where rounding would otherwise print "1,000 µs" or "1,000 ms".
  if (abs < 0.9995) return `${significant(valueMs * 1000, abs * 1000 >= 100 ? 3 : 2)} µs`;
  if (abs < 999.5) return `${significant(valueMs, abs >= 100 ? 3 : abs >= 10 ? 3 : 2)} ms`;
  return `${significant(valueMs / 1000, 3)} s`;
}

/** An integer count: "9,752". */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '–';
  return groupThousands(String(Math.round(count)));
}

/** A rate: 3 significant digits below 1,000 ("16.7"), whole numbers above ("12,040"). */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  return perSec >= 1000 ? formatCount(perSec) : significant(perSec, 3);
}

/** A fraction as a percent, short: 0 → "0 %", 0.0001 → "0.01 %", 0.996 → "99.6 %", 0.99995 → "99.995 %". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const percent = fraction * 100;
  if (percent === 0) return '0 %';
  if (percent === 100) return '100 %';
  // Near 100 % the interesting digits are in the shortfall: show enough to keep 2 of them.
  if (percent > 99 && percent < 100) {
    const shortfall = 100 - percent;
    const decimals = Math.min(4, Math.max(1, 1 - Math.floor(Math.log10(shortfall))));
    return `${Number(percent.toFixed(decimals))} %`;
  }
  return `${significant(percent, percent >= 10 ? 3 : 2)} %`;
}

/** A signed whole change in percent: +18, −2, 0 (two digits after the point below 1 %). */
function signedPercentNumber(percent: number): string {
  const abs = Math.abs(percent);
  const body = abs >= 10 ? String(Math.round(abs)) : abs >= 1 ? String(Number(abs.toFixed(1))) : String(Number(abs.toFixed(2)));
  if (body === '0') return '0';
  return (percent < 0 ? MINUS : '+') + body;
}

/** A ratio current/baseline as a signed change: 1.18 → "+18 %". */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${signedPercentNumber((ratio - 1) * 100)} %`;
}

/** The interval of a ratio as signed changes: "(+12 … +24)". */
export function formatChangeInterval(low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return '';
  return `(${signedPercentNumber((low - 1) * 100)} … ${signedPercentNumber((high - 1) * 100)})`;
}

/** An interval of fractions as percents without the unit: "(99.4 … 99.8)". */
export function formatPercentInterval(low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return '';
  return `(${formatPercent(low).replace(' %', '')} … ${formatPercent(high).replace(' %', '')})`;
}

/** A duration in seconds: "45 s", "3 min", "3 min 30 s", "1 h 5 min". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.round((s % 3600) / 60);
  return minutes === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${minutes} min`;
}

/** A point on a run's timeline, always in seconds so window ends compare at a glance: "30 s", "210 s". */
export function formatSecondMark(seconds: number): string {
  return Number.isFinite(seconds) ? `${formatCount(seconds)} s` : '–';
}

/** How old a timestamp is relative to `now`: "2 h old", "3 days old", "just now". */
export function formatAge(isoDate: string, now: Date): string {
  const then = Date.parse(isoDate);
  if (Number.isNaN(then)) return 'unknown age';
  const seconds = Math.max(0, (now.getTime() - then) / 1000);
  if (seconds < 90) return 'just now';
  if (seconds < 5400) return `${Math.round(seconds / 60)} min old`;
  if (seconds < 129_600) return `${Math.round(seconds / 3600)} h old`;
  const days = Math.round(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'} old`;
}

/** A commit shortened to 7 characters (only hex is kept, so it is safe anywhere). */
export function shortSha(commit: string | undefined): string | undefined {
  if (commit === undefined) return undefined;
  const hex = commit.toLowerCase().replace(/[^0-9a-f]/g, '');
  return hex.length === 0 ? undefined : hex.slice(0, 7);
}

/** "1 run", "12 runs": a count with its noun, singular or plural. */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
