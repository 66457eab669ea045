// When the n-th arrival of the open model is due, computed from the plan by formula so send times
// never drift (no accumulated timers). Leaves sending and recording to the scheduler and client.
//
// Within a phase of duration T whose rate ramps linearly from r0 to r1 (arrivals/s), the expected
// number of arrivals by time t is the area under the ramp: A(t) = r0·t + (r1 − r0)·t²/(2T). Constant
// arrivals put the n-th arrival (n = 0, 1, …) where A(t) = n, as k6's ramping-arrival-rate does.
// Poisson arrivals use the time change of a non-homogeneous Poisson process: the n-th arrival is at
// A⁻¹(S_n), where S_n is a sum of n unit exponentials (Çinlar's method), so the mean rate follows the
// ramp exactly and a seed reproduces the schedule.

import type { Phase } from '../config/types.js';

interface PhaseSpan {
  readonly startUs: number;
  readonly durationUs: number;
  readonly r0PerUs: number;
  readonly r1PerUs: number;
  /** Cumulative expected arrivals before this phase. */
  readonly areaBefore: number;
  readonly area: number;
}

/** Expected arrivals over the whole plan: the area under every phase's ramp. */
export function plannedArrivals(phases: readonly Phase[]): number {
  let area = 0;
  for (const phase of phases) area += (((phase.rate ?? 0) + (phase.rampTo ?? phase.rate ?? 0)) / 2) * (phase.durationMs / 1000);
  return area;
}

export class ArrivalSchedule {
  private readonly spans: PhaseSpan[] = [];
  private readonly totalArea: number;
  readonly endUs: number;
  private spanIndex = 0;
  private readonly random: (() => number) | undefined;
  private poissonArea = 0;

  /** `random` (uniform [0,1)) selects Poisson arrivals; without it arrivals are evenly spaced. */
  constructor(phases: readonly Phase[], random?: () => number) {
    let startUs = 0;
    let areaBefore = 0;
    for (const phase of phases) {
      const r0 = phase.rate ?? 0;
      const r1 = phase.rampTo ?? r0;
      const durationUs = phase.durationMs * 1000;
      const area = ((r0 + r1) / 2) * (phase.durationMs / 1000);
      this.spans.push({ startUs, durationUs, r0PerUs: r0 / 1e6, r1PerUs: r1 / 1e6, areaBefore, area });
      startUs += durationUs;
      areaBefore += area;
    }
    this.totalArea = areaBefore;
    this.endUs = startUs;
    this.random = random;
  }

  /** Planned arrival count for constant arrivals: every n with A(t_n) = n inside the plan. */
  get plannedRequests(): number {
    return Math.max(0, Math.ceil(this.totalArea - 1e-9));
  }

  /**
   * Offset (µs from the run start) of the next arrival, or -1 when the plan is over. Constant arrivals
   * take n as the target area; Poisson ignores n and advances its own exponential sum. Calls must come
   * with non-decreasing n (the cursor only moves forward, so each call is O(1) amortised).
   */
  nextArrivalUs(n: number): number {
    let target = n;
    if (this.random !== undefined) {
      // −ln(1 − U) is a unit exponential; 1 − U is in (0, 1] so the log is finite.
      this.poissonArea += -Math.log(1 - this.random());
      target = this.poissonArea;
      if (n === 0) target = this.poissonArea = 0;
    }
    return this.timeOfArea(target);
  }

  /** A⁻¹(area) in µs, or -1 past the end of the plan. */
  timeOfArea(area: number): number {
    if (area >= this.totalArea) return -1;
    while (this.spanIndex < this.spans.length - 1 && area >= this.spans[this.spanIndex]!.areaBefore + this.spans[this.spanIndex]!.area) this.spanIndex++;
    const span = this.spans[this.spanIndex]!;
    const local = area - span.areaBefore;
    if (local <= 0) return span.startUs;
    const b = span.r0PerUs;
    const a = (span.r1PerUs - span.r0PerUs) / (2 * span.durationUs);
    // Root of a·t² + b·t − local = 0 written as 2c / (b + √(b² + 4ac)): stable when a → 0 and exact
    // for a flat phase (a = 0 gives local / b).
    const t = a === 0 ? local / b : (2 * local) / (b + Math.sqrt(b * b + 4 * a * local));
    return span.startUs + Math.min(t, span.durationUs);
  }
}

/** Expected arrivals between the plan start and `us` (the area under the ramps). */
export function plannedArrivalsUntil(phases: readonly Phase[], us: number): number {
  let area = 0;
  let startUs = 0;
  for (const phase of phases) {
    const durationUs = phase.durationMs * 1000;
    const r0 = phase.rate ?? 0;
    const r1 = phase.rampTo ?? r0;
    const t = Math.max(0, Math.min(durationUs, us - startUs)) / 1e6;
    const T = durationUs / 1e6;
    area += r0 * t + (T === 0 ? 0 : ((r1 - r0) * t * t) / (2 * T));
    startUs += durationUs;
  }
  return area;
}
