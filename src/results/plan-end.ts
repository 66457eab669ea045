// Where the plan ends on a run's per-second axis. The recorder keeps the seconds after it (the drain:
// responses still arriving, the last tick), but no load was planned there, so every steady window
// (the analysis' trim, the CLI's summary, the report's charts) stops here: a rate is requests in the
// window over the window's seconds, all of them inside the plan.
import type { RunResult } from './types.js';

/**
 * The end (exclusive) of the last whole second inside the plan, at most the recorded seconds: 12 for a
 * 12 s plan whose run recorded 13, 12 for a 12.5 s plan (a second the plan only half filled would make
 * every rate low). A plan shorter than a second keeps its one second; a plan without a duration (0)
 * keeps what was recorded.
 */
export function planEndSec(result: Pick<RunResult, 'plan' | 'seconds'>): number {
  const durationSec = result.plan.durationSec;
  if (!(durationSec > 0)) return result.seconds;
  // durationSec is µs / 1e6 (run-load.ts): 12 s may come out as 11.999999999; a microsecond is not a second.
  const wholeSec = Math.max(1, Math.floor(durationSec + 1e-6));
  return Math.min(result.seconds, wholeSec);
}
