// Progress snapshots of a running load (elapsed, achieved vs planned rate, p95 of the last five
// finished seconds, errors) and the one-line text the CLI prints. Computing is here; when and where to
// print (every 5 s in logs, a live line in a terminal) is the CLI's business.

export interface ProgressSnapshot {
  readonly elapsedSec: number;
  readonly durationSec: number;
  /** Requests per second over the last interval between snapshots. */
  readonly achievedRate: number;
  /** Open model: the plan's rate now; closed model: undefined. */
  readonly plannedRate?: number;
  /** Closed model: virtual users active now. */
  readonly activeVus?: number;
  /** p95 latency (ms) over the last five finished seconds; NaN when there are none. */
  readonly p95Ms: number;
  readonly requests: number;
  readonly errors: number;
  readonly inFlight: number;
}

export function formatProgress(snapshot: ProgressSnapshot): string {
  const rate = snapshot.plannedRate === undefined ? `${snapshot.achievedRate.toFixed(0)} req/s` : `${snapshot.achievedRate.toFixed(0)}/${snapshot.plannedRate.toFixed(0)} req/s`;
  const vus = snapshot.activeVus === undefined ? '' : ` · ${snapshot.activeVus} VUs`;
  const p95 = Number.isNaN(snapshot.p95Ms) ? 'p95 –' : `p95 ${snapshot.p95Ms.toFixed(1)} ms`;
  const errorRatio = snapshot.requests === 0 ? 0 : (100 * snapshot.errors) / snapshot.requests;
  return `${snapshot.elapsedSec.toFixed(0)}s/${snapshot.durationSec.toFixed(0)}s · ${rate}${vus} · ${p95} · errors ${snapshot.errors} (${errorRatio.toFixed(2)} %)`;
}

/** Planned open-model rate (req/s) at `us` from the start; undefined past the end or for VU phases. */
export function plannedRateAt(phases: readonly { durationMs: number; rate?: number; rampTo?: number }[], us: number): number | undefined {
  let startUs = 0;
  for (const phase of phases) {
    const durationUs = phase.durationMs * 1000;
    if (us < startUs + durationUs) {
      if (phase.rate === undefined) return undefined;
      const r1 = phase.rampTo ?? phase.rate;
      return phase.rate + ((r1 - phase.rate) * (us - startUs)) / durationUs;
    }
    startUs += durationUs;
  }
  return undefined;
}
