// Hommel's procedure (Hommel 1988, Biometrika 75) for the history test's rows (docs/statistics.md §4): the
// closed test whose local tests are Simes tests. Let j be the largest i in 1..m with
// p_(m−i+k) > k·α / i for every k = 1..i; reject the rows with p ≤ α / j (all rows when no such i exists).
// It rejects everything Hochberg's step-up and Holm's step-down reject, and more. Its family-wise error is
// ≤ α whenever the Simes inequality holds, which includes independent and positively dependent
// (PRDS / MTP2) one-sided statistics, e.g. multivariate normal and t with non-negative correlations
// (Sarkar & Chang 1997, JASA 92; Sarkar 1998, Ann. Statist. 26; Sarkar 2008, Ann. Statist. 36). The
// history rows of one run share that run's between-run noise (the whole run is slower or faster), so their
// one-sided t statistics are positively correlated, where Holm, which assumes nothing, is conservative.
// Rows of unrelated tests keep Holm (holm.ts).

import type { HolmDecision } from './holm.js';

/** One decision per p-value (NaN counts as 1). Every row shares one `level`, α / j, and is rejected when p ≤ level. */
export function hommel(pValues: readonly number[], alpha: number): HolmDecision[] {
  const m = pValues.length;
  const sorted = pValues.map((p) => (Number.isNaN(p) ? 1 : p)).sort((a, b) => a - b);
  let j = 0;
  for (let i = m; i >= 1 && j === 0; i--) {
    let simesAccepts = true;
    for (let k = 1; k <= i && simesAccepts; k++) simesAccepts = sorted[m - i + k - 1]! > (k * alpha) / i;
    if (simesAccepts) j = i;
  }
  const level = j === 0 ? alpha : alpha / j;
  return pValues.map((p) => ({ rejected: !Number.isNaN(p) && p <= level, level }));
}
