// Holm's step-down correction (Holm 1979): controls the family-wise false-alarm rate at α under any
// dependence, without Bonferroni's loss of power. Comparison rows use Hommel (hommel.ts), which rejects
// everything this does; Holm stays as the reference it is checked against and for families of unrelated tests. Sort p-values
// ascending; reject while p_(j) ≤ α / (m − j + 1) (j from 1); stop at the first that is not.

export interface HolmDecision {
  readonly rejected: boolean;
  /** The level this row was compared with: α / (m − j + 1) for its position j in the sorted order. */
  readonly level: number;
}

export function holm(pValues: readonly number[], alpha: number): HolmDecision[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p: Number.isNaN(p) ? 1 : p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const decisions = new Array<HolmDecision>(m);
  let stillRejecting = true;
  order.forEach(({ p, index }, position) => {
    const level = alpha / (m - position);
    if (stillRejecting && !(p <= level)) stillRejecting = false;
    decisions[index] = { rejected: stillRejecting, level };
  });
  return decisions;
}
