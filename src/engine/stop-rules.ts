// The rules that stop a load early (perf.yml `abort`), as data the run's once-a-second tick reads:
// - unreachable: every outcome of the first `unreachableAfterMs` was a connection failure (refused,
//   DNS, TLS, connect timeout), so nothing more can be learnt by sending for the rest of the plan;
// - error storm: at least `ratio` of the requests recorded over the last `windowMs` failed.
// Each returns the sentence the results and the edge show. Leaves stopping to run-load.ts.

import type { AbortConfig } from '../config/types.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.startsWith('UNABLE_TO_VERIFY') || code.includes('SELF_SIGNED');
}

/**
 * "ECONNREFUSED 127.0.0.1:1" when `error` (or a cause within four levels, as undici wraps them) failed
 * to connect; undefined for any other failure.
 */
export function connectionFailure(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const { code, address, port, hostname } = current as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || isTlsCode(code))) {
      const where = typeof address === 'string' ? (typeof port === 'number' ? `${address}:${port}` : address) : typeof hostname === 'string' ? hostname : undefined;
      return where === undefined ? code : `${code} ${where}`;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Watches the first outcomes of a run for the unreachable rule. */
export class ReachabilityWatch {
  /** True until the rule has been decided; the runners report outcomes only while it is. */
  watching: boolean;
  private connectionFailures = 0;
  private otherOutcomes = 0;
  private firstFailure: string | undefined;

  constructor(private readonly afterUs: number) {
    this.watching = afterUs > 0;
  }

  /** A request failed; `error` is what undici gave. */
  noteFailure(error: unknown): void {
    const failure = connectionFailure(error);
    if (failure === undefined) this.otherOutcomes++;
    else {
      this.connectionFailures++;
      this.firstFailure ??= failure;
    }
  }

  /** A response arrived (whatever its status): the target can be reached. */
  noteResponse(): void {
    this.otherOutcomes++;
  }

  /** At `nowUs` from the start: the stop sentence once the rule fires, else undefined. */
  check(nowUs: number): string | undefined {
    if (!this.watching || nowUs < this.afterUs) return undefined;
    this.watching = false;
    if (this.connectionFailures === 0 || this.otherOutcomes > 0) return undefined;
    return `target unreachable: ${this.firstFailure ?? 'connection failed'} (all ${this.connectionFailures} requests of the first ${this.afterUs / 1e6} s failed to connect)`;
  }
}

/** The error-storm rule over a sliding window of whole seconds, fed with running totals once a second. */
export class ErrorStormWatch {
  private readonly requestsAt: number[] = [];
  private readonly errorsAt: number[] = [];

  constructor(
    private readonly ratio: number,
    private readonly windowSec: number,
  ) {}

  /** `requests`/`errors`: running totals of judged requests and failures at the end of second `second`. */
  check(requests: number, errors: number): string | undefined {
    this.requestsAt.push(requests);
    this.errorsAt.push(errors);
    if (this.requestsAt.length <= this.windowSec) return undefined;
    const from = this.requestsAt.length - 1 - this.windowSec;
    const windowRequests = requests - this.requestsAt[from]!;
    const windowErrors = errors - this.errorsAt[from]!;
    if (windowRequests <= 0 || windowErrors / windowRequests < this.ratio) return undefined;
    const percent = (value: number): string => `${Number((100 * value).toFixed(1))} %`;
    return `error storm: ${percent(windowErrors / windowRequests)} of the ${windowRequests} requests of the last ${this.windowSec} s failed (abort.errorRatio ${percent(this.ratio)})`;
  }
}

export function errorStormWatch(abort: AbortConfig): ErrorStormWatch | undefined {
  return abort.errorStorm === undefined ? undefined : new ErrorStormWatch(abort.errorStorm.ratio, Math.round(abort.errorStorm.windowMs / 1000));
}
