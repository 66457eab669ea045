// The maxima of perf.yml and the run flags, in one place (published as "maximum" in the JSON Schema)
// for the schema, the loader and quick flags. Each is far above a sensible load test and low enough
// that the engine, undici and the analysis stay bounded: undici takes whole-millisecond timeouts that
// its timers can hold, one generator core sends well under a million requests a second, and the
// bootstrap's work grows with its resamples.

/** One run, all phases together: 24 h. */
export const MAX_RUN_MS = 24 * 3600 * 1000;
/** http.timeout, SLO thresholds, compare.floor and think steps: 1 h, the histograms' top value. */
export const MAX_REQUEST_MS = 3600 * 1000;
/** Open model: arrivals per second (rate, rampTo). */
export const MAX_RATE = 1_000_000;
/** Closed model: virtual users (vus, rampToVus). */
export const MAX_VUS = 100_000;
/** Open model: requests in flight (load.maxInFlight). */
export const MAX_IN_FLIGHT = 1_000_000;
/** Connections per origin (http.connections). */
export const MAX_CONNECTIONS = 10_000;
/** HTTP/1.1 requests in flight per connection (http.pipelining). */
export const MAX_PIPELINING = 100;
/** Redirects followed per request (http.redirects). */
export const MAX_REDIRECTS = 20;
/** Block-bootstrap resamples (compare.resamples). */
export const MAX_RESAMPLES = 20_000;
/** Relative weight of a scenario. */
export const MAX_WEIGHT = 1_000_000;
/** Seeds are 32-bit (compare.seed, --seed). */
export const MAX_SEED = 0xffff_ffff;
/** Bytes kept per response body for captures and expectations (http.maxBodyBytes): 256 MiB. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** An after-run push (notification, export), retries included: 5 min. */
export const MAX_PUSH_MS = 5 * 60 * 1000;
