// One undici Pool per origin (keep-alive, `connections` and `pipelining` from the config), created on
// first use; redirects only when followRedirects > 0 (undici's redirect interceptor); certificate checks
// off only when perf.yml says `http.insecure: true`. undici's own
// headersTimeout/bodyTimeout (its coarse timer wheel) stay as a backstop; the timeout that counts runs
// from each request's scheduled start, queueing included, and is the engine's (request-deadline.ts). Leaves what to send and what to record to the step runner.
//
// Every request, and every redirect hop, passes the OriginGuard before a pool is picked: a refused
// origin gets no pool and no socket, and the handler's error callback receives a BlockedHostError
// (classed `blocked-host`). Redirect hops are routed by their own origin, so a redirect to another
// host goes to that host's pool (or is refused), never down the first host's connections.

import { Dispatcher, Pool, interceptors } from 'undici';
import type { HttpConfig } from '../config/types.js';
import { BlockedHostError, OriginGuard } from './origin-guard.js';

export class Transport {
  private readonly pools = new Map<string, Pool>();
  private readonly refusing: RefusingDispatcher;
  /** With redirects on: the router with undici's redirect interceptor over it, for every origin. */
  private readonly redirecting: Dispatcher | undefined;

  constructor(
    private readonly http: HttpConfig,
    private readonly guard: OriginGuard = new OriginGuard(undefined),
  ) {
    this.refusing = new RefusingDispatcher(guard.allowedList);
    this.redirecting = http.followRedirects > 0 ? new OriginRouter(this).compose(interceptors.redirect({ maxRedirections: http.followRedirects })) : undefined;
  }

  /** Where a request to `origin` is dispatched: its pool, or the refusal when the guard says no. */
  dispatcherFor(origin: string): Dispatcher {
    return this.redirecting ?? this.hop(origin);
  }

  /** One hop: checked by the guard (its decision cached per origin), then the origin's pool. */
  hop(origin: string): Dispatcher {
    if (!this.guard.allows(origin)) return this.refusing;
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.http.connections,
        pipelining: this.http.pipelining,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connectTimeout: Math.min(this.http.timeoutMs, 10_000),
        headersTimeout: this.http.timeoutMs,
        bodyTimeout: this.http.timeoutMs,
        allowH2: this.http.http2,
        ...(this.http.insecureTls ? { connect: { rejectUnauthorized: false } } : {}),
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes gracefully (in-flight requests finish) or, with `force`, destroys every socket. */
  async close(force: boolean): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => (force ? pool.destroy() : pool.close()).catch(() => undefined)));
  }
}

/** Sends each dispatch (a first request or a redirect hop) through Transport.hop for its own origin. */
class OriginRouter extends Dispatcher {
  constructor(private readonly transport: Transport) {
    super();
  }
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.transport.hop(String(options.origin)).dispatch(options, handler);
  }
  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

/** What a refused origin is dispatched to: nothing is sent; the handler fails with BlockedHostError. */
class RefusingDispatcher extends Dispatcher {
  constructor(private readonly allowedList: string) {
    super();
  }
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const error = new BlockedHostError(`${String(options.origin)}${options.path}`, this.allowedList);
    // Called at once, as a step that cannot be built fails at once: both loops take an iteration that
    // ends inside its own start. A redirect hop comes with undici's newer handler interface (the
    // redirect handler), a first request with the one StepRunner implements.
    if (handler.onResponseError !== undefined) handler.onResponseError(refusedController(error), error);
    else handler.onError?.(error);
    return true;
  }
  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

function refusedController(reason: Error): Dispatcher.DispatchController {
  return { aborted: true, paused: false, reason, abort() {}, pause() {}, resume() {} };
}
