// One undici Pool per origin (keep-alive, `connections` and `pipelining` from the config), created on
// first use; redirects only when followRedirects > 0 (undici's redirect interceptor); certificate checks
// off only when perf.yml says `http.insecure: true`. undici's own
// headersTimeout/bodyTimeout (its coarse timer wheel) stay as a backstop; the timeout that counts runs
// from each request's scheduled start, queueing included, and is the engine's (request-deadline.ts). Leaves what to send and what to record to the step runner.

import { Pool, interceptors, type Dispatcher } from 'undici';
import type { HttpConfig } from '../config/types.js';

export class Transport {
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly pools: Pool[] = [];

  constructor(private readonly http: HttpConfig) {}

  dispatcherFor(origin: string): Dispatcher {
    let dispatcher = this.dispatchers.get(origin);
    if (dispatcher === undefined) {
      const pool = new Pool(origin, {
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
      this.pools.push(pool);
      dispatcher = this.http.followRedirects > 0 ? pool.compose(interceptors.redirect({ maxRedirections: this.http.followRedirects })) : pool;
      this.dispatchers.set(origin, dispatcher);
    }
    return dispatcher;
  }

  /** Closes gracefully (in-flight requests finish) or, with `force`, destroys every socket. */
  async close(force: boolean): Promise<void> {
    await Promise.all(this.pools.map((pool) => (force ? pool.destroy() : pool.close()).catch(() => undefined)));
  }
}
