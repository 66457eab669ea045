// The error an early stop earns at the edges (CLI and action), after results and reports are written:
// interrupted → the signal's own InterruptedError (130/143), unreachable → TargetError (3), error storm
// → LoadAbortedError (5). The engine only records why it stopped (meta.stoppedBy); the codes are here
// and in errors.ts's table.

import { InterruptedError, LoadAbortedError, TargetError, type PerfActionError } from '../errors.js';
import type { RunResult } from '../results/types.js';

/** `signalReason`: the AbortSignal's reason, an InterruptedError when a signal stopped the run. */
export function stopErrorFor(result: RunResult, signalReason?: unknown): PerfActionError | undefined {
  const reason = result.meta.partialReason;
  switch (result.meta.stoppedBy) {
    case 'interrupted':
      return signalReason instanceof InterruptedError ? signalReason : new InterruptedError('SIGINT');
    case 'unreachable':
      return new TargetError(reason ?? 'target unreachable');
    case 'error-storm':
      return new LoadAbortedError(`load stopped by perf.yml abort: ${reason ?? 'error storm'}`);
    default:
      return undefined;
  }
}
