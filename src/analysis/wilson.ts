// The Wilson score interval for a proportion (docs/statistics.md §5), with the design effect for requests
// that are correlated within a second: DEFF = Var(per-second bad fraction) · m̄ / (p̂(1 − p̂)); when
// DEFF > 1 the interval uses n / DEFF effective samples (Kish). Wilson rather than Wald because SLO
// proportions sit near 1, where Wald's interval overshoots 100 % and undercovers.

export interface ProportionInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export function wilsonInterval(successes: number, trials: number, z: number): ProportionInterval {
  if (!(trials > 0)) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { estimate: p, low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/**
 * Design effect from per-second counts: bad and valid per second. Seconds without requests are skipped.
 * Returns 1 when the overall fraction is 0 or 1 (no variance to inflate) or with fewer than 2 seconds.
 */
export function designEffect(badPerSecond: readonly number[], validPerSecond: readonly number[]): number {
  const fractions: number[] = [];
  let bad = 0;
  let valid = 0;
  for (let t = 0; t < validPerSecond.length; t++) {
    const m = validPerSecond[t] ?? 0;
    if (m <= 0) continue;
    const b = badPerSecond[t] ?? 0;
    fractions.push(b / m);
    bad += b;
    valid += m;
  }
  if (fractions.length < 2 || valid === 0) return 1;
  const p = bad / valid;
  if (p <= 0 || p >= 1) return 1;
  const meanFraction = fractions.reduce((sum, f) => sum + f, 0) / fractions.length;
  const variance = fractions.reduce((sum, f) => sum + (f - meanFraction) ** 2, 0) / (fractions.length - 1);
  const meanPerSecond = valid / fractions.length;
  return (variance * meanPerSecond) / (p * (1 - p));
}

/** Wilson interval on n / DEFF effective trials when DEFF > 1 (same observed proportion). */
export function wilsonWithDesignEffect(successes: number, trials: number, deff: number, z: number): ProportionInterval {
  if (!(deff > 1)) return wilsonInterval(successes, trials, z);
  const effectiveTrials = trials / deff;
  return wilsonInterval((successes / trials) * effectiveTrials, effectiveTrials, z);
}
