// Percentile names as perf.yml, the verdict and the reports spell them: "p" and a percentage above 0
// and below 100 with at most one decimal (p50, p75, p99.9). The one canonical spelling per quantile is
// the shortest (p99.9, not p99.90); "p999" is still read as p99.9, the name it had when the list was
// fixed. Also the default tolerance of any percentile, interpolated between the documented ones.

import type { PercentileName } from './types.js';

/** JSON Schema pattern of a percentile name (the legacy p999 included). */
export const PERCENTILE_PATTERN = '^p(?:999|0\\.[1-9]|[1-9][0-9]?(?:\\.[0-9])?)$';
export const PERCENTILE_EXPECTED = 'a percentile like p50, p75, p99 or p99.9 (above 0 and below 100, at most one decimal)';
/** compare.percentiles holds at most this many: each one is a row per endpoint and a bootstrap quantile. */
export const MAX_COMPARED_PERCENTILES = 8;

const PATTERN = new RegExp(PERCENTILE_PATTERN);

/**
 * The canonical name of a percentile as written, or undefined when it is not one. Tenths are counted
 * as integers so that the name → quantile → name round trip is exact.
 */
export function canonicalPercentile(text: string): PercentileName | undefined {
  if (!PATTERN.test(text)) return undefined;
  if (text === 'p999') return 'p99.9';
  const tenths = Math.round(Number(text.slice(1)) * 10);
  return nameOfTenths(tenths);
}

/** The quantile (0 … 1) of a canonical name; NaN for anything else (an impossible state after loading). */
export function percentileQuantile(name: PercentileName): number {
  const canonical = canonicalPercentile(name);
  return canonical === undefined ? Number.NaN : Math.round(Number(canonical.slice(1)) * 10) / 1000;
}

function nameOfTenths(tenths: number): PercentileName {
  return tenths % 10 === 0 ? `p${tenths / 10}` : `p${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Orders names by quantile, p50 before p75 before p99.9. */
export function byQuantile(a: PercentileName, b: PercentileName): number {
  return percentileQuantile(a) - percentileQuantile(b);
}

/**
 * docs/statistics.md §3's tolerances, the anchors of every other percentile's default. They grow with
 * how deep in the tail a percentile sits, so the interpolation runs over tail depth −log10(1 − q)
 * (p90 → 1, p99 → 2, p99.9 → 3), linear between anchors and flat beyond the first and last.
 */
export const TOLERANCE_ANCHORS: readonly { readonly name: PercentileName; readonly tolerance: number }[] = Object.freeze([
  { name: 'p50', tolerance: 0.05 },
  { name: 'p90', tolerance: 0.1 },
  { name: 'p95', tolerance: 0.1 },
  { name: 'p99', tolerance: 0.15 },
  { name: 'p99.9', tolerance: 0.25 },
]);

const tailDepth = (quantile: number): number => -Math.log10(1 - quantile);

/** The default δ of any percentile (a fraction): an anchor's own value, else interpolated. */
export function defaultTolerance(name: PercentileName): number {
  const depth = tailDepth(percentileQuantile(name));
  const points = TOLERANCE_ANCHORS.map((anchor) => ({ depth: tailDepth(percentileQuantile(anchor.name)), tolerance: anchor.tolerance }));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (!(depth > first.depth)) return first.tolerance;
  if (depth >= last.depth) return last.tolerance;
  for (let i = 1; i < points.length; i++) {
    const low = points[i - 1]!;
    const high = points[i]!;
    if (depth <= high.depth) {
      const tolerance = low.tolerance + ((high.tolerance - low.tolerance) * (depth - low.depth)) / (high.depth - low.depth);
      // Whole tenths of a percent, so the plan and the comment print what the rule uses.
      return Math.round(tolerance * 1000) / 1000;
    }
  }
  return last.tolerance;
}
