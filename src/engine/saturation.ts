// The generator's self-check ("the generator must not lie about the server"): lag p99
// over 5 ms, more than 0.1 % of the schedule missed, or an achieved rate more than 2 % under the plan
// marks the run saturated, with each reason in words, so verdicts built on it become inconclusive.

export const LAG_P99_LIMIT_MS = 5;
export const MISSED_LIMIT_FRACTION = 0.001;
export const ACHIEVED_MIN_FRACTION = 0.98;

export interface SaturationInput {
  readonly lagP99Ms: number;
  readonly scheduled: number;
  readonly missed: number;
  /** Open model only: requests the plan asked for up to the stop, and those sent within the plan. */
  readonly plannedRequests?: number;
  readonly sentWithinPlan?: number;
}

export function saturationReasons(input: SaturationInput): string[] {
  const reasons: string[] = [];
  if (input.lagP99Ms > LAG_P99_LIMIT_MS) {
    reasons.push(`generator lag p99 was ${input.lagP99Ms.toFixed(1)} ms (limit ${LAG_P99_LIMIT_MS} ms): requests left later than planned`);
  }
  if (input.scheduled > 0 && input.missed / input.scheduled > MISSED_LIMIT_FRACTION) {
    const percent = ((100 * input.missed) / input.scheduled).toFixed(2);
    reasons.push(`${input.missed} of ${input.scheduled} scheduled requests (${percent} %) could not be sent on time: no free in-flight slot (limit 0.1 %)`);
  }
  if (input.plannedRequests !== undefined && input.sentWithinPlan !== undefined && input.plannedRequests >= 1) {
    const fraction = input.sentWithinPlan / input.plannedRequests;
    if (fraction < ACHIEVED_MIN_FRACTION) {
      reasons.push(`achieved ${(100 * fraction).toFixed(1)} % of the planned rate (${input.sentWithinPlan} of ${Math.round(input.plannedRequests)} requests; limit 98 %)`);
    }
  }
  return reasons;
}
