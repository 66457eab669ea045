// Records every outcome into per-second series, per endpoint and for the total, in the shape of
// RunResult's EndpointSeries; and generator health (lag, missed sends). A request counts in the
// second of its scheduled start. Histograms (latency, service time, lag; µs) live only while their
// second is open: once the clock has passed a second and no request scheduled in it is still in
// flight, the second is encoded and its histograms go back to a small pool, so memory holds a few
// open seconds of histograms plus the encoded strings, however many requests the run makes.
// Histograms are built and encoded only through src/results/histogram.ts. The one sample message kept
// per class is where text from the target enters the results, so it is redacted there (once per
// class and series, never per request).

import { createHistogram, encodeHistogram, recordMicros, type Histogram } from '../results/histogram.js';
import type { EndpointSeries, ErrorClass } from '../results/types.js';
import { ERROR_CLASSES } from '../results/types.js';
import { redactCutText } from '../config/redact.js';
import { MIN_SECRET_LENGTH } from '../config/secrets.js';

const CLASS_COUNT = ERROR_CLASSES.length;

/** Counts in one plain array indexed by second, grown with zeros on demand. */
function bump(counts: number[], second: number, by = 1): void {
  while (counts.length <= second) counts.push(0);
  counts[second]! += by;
}

function padded(counts: readonly number[], seconds: number): number[] {
  const out = counts.slice(0, seconds);
  while (out.length < seconds) out.push(0);
  return out;
}

class SeriesCounts {
  readonly requests: number[] = [];
  readonly errors: number[][] = Array.from({ length: CLASS_COUNT }, () => []);
  readonly status = new Map<number, number[]>();
  readonly errorSamples: (string | undefined)[] = new Array<string | undefined>(CLASS_COUNT);
  readonly latency: (string | null)[] = [];
  readonly serviceTime: (string | null)[] = [];
  /** Running totals, for progress lines. */
  requestTotal = 0;
  errorTotal = 0;
}

/** Histograms of one open second: [series] latency and service time, plus the lag histogram. */
interface OpenSecond {
  readonly latency: (Histogram | undefined)[];
  readonly service: (Histogram | undefined)[];
  lag: Histogram | undefined;
  inFlight: number;
}

export class Recorder {
  /** endpoints.length series, then the total. */
  private readonly series: SeriesCounts[];
  private readonly totalIndex: number;
  private readonly open: (OpenSecond | undefined)[] = [];
  /** Seconds below this are encoded; their OpenSecond slots are gone. */
  private firstOpenSecond = 0;
  private readonly pool: Histogram[] = [];
  readonly lagWholeRun: Histogram = createHistogram();
  readonly lagPerSecond: (string | null)[] = [];
  readonly missedPerSecond: number[] = [];
  readonly startedPerSecond: number[] = [];
  scheduled = 0;
  sent = 0;
  missed = 0;
  /** Responses whose kept body was cut at http.maxBodyBytes. */
  truncatedBodies = 0;
  /** Latency histogram of the most recently finished seconds (total), for progress p95. */
  private readonly recentTotal: (Histogram | undefined)[] = [];
  /** Histograms created since the start: flat memory means this stops growing. */
  histogramsCreated = 1;

  /** `secrets`: the run's secret values (secretsOf(config)), masked in the sample messages kept. */
  constructor(
    readonly endpointNames: readonly string[],
    private readonly secrets: readonly string[] = [],
  ) {
    this.series = Array.from({ length: endpointNames.length + 1 }, () => new SeriesCounts());
    this.totalIndex = endpointNames.length;
    // Histograms for about three open seconds are allocated before the first send, so the first
    // second of load does not pay for them.
    const warm = Math.min(96, 6 * (endpointNames.length + 1) + 3);
    for (let i = 0; i < warm; i++) this.pool.push(createHistogram());
    this.histogramsCreated += warm;
  }

  private take(): Histogram {
    const histogram = this.pool.pop();
    if (histogram !== undefined) return histogram;
    this.histogramsCreated++;
    return createHistogram();
  }

  private openSecond(second: number): OpenSecond {
    let slot = this.open[second];
    if (slot === undefined) {
      const size = this.series.length;
      slot = { latency: new Array<Histogram | undefined>(size), service: new Array<Histogram | undefined>(size), lag: undefined, inFlight: 0 };
      this.open[second] = slot;
    }
    return slot;
  }

  /** A send attempt is due (scheduled) in `second`. */
  noteScheduled(): void {
    this.scheduled++;
  }

  /** An arrival (scenario iteration) scheduled in `second` got a slot and started. */
  noteStarted(second: number): void {
    bump(this.startedPerSecond, second);
  }

  noteMissed(second: number): void {
    this.missed++;
    bump(this.missedPerSecond, second);
  }

  /** A request left at `lagUs` after its scheduled start; it stays open until recordResponse/recordFailure. */
  noteSent(second: number, lagUs: number): void {
    this.sent++;
    if (second < this.firstOpenSecond) second = this.firstOpenSecond;
    const slot = this.openSecond(second);
    slot.inFlight++;
    recordMicros(this.lagWholeRun, lagUs);
    recordMicros((slot.lag ??= this.take()), lagUs);
  }

  private closeOne(second: number): OpenSecond | undefined {
    const slot = this.open[second < this.firstOpenSecond ? this.firstOpenSecond : second];
    if (slot !== undefined) slot.inFlight--;
    return slot;
  }

  /** A response arrived. `failure` is the class when the status or expectation failed it. */
  recordResponse(endpoint: number, second: number, latencyUs: number, serviceUs: number, statusCode: number, failure: ErrorClass | undefined, message?: string): void {
    const slot = this.closeOne(second);
    if (slot !== undefined) {
      recordMicros((slot.latency[endpoint] ??= this.take()), latencyUs);
      recordMicros((slot.service[endpoint] ??= this.take()), serviceUs);
      recordMicros((slot.latency[this.totalIndex] ??= this.take()), latencyUs);
      recordMicros((slot.service[this.totalIndex] ??= this.take()), serviceUs);
    }
    this.count(endpoint, second, statusCode, failure, message);
    this.count(this.totalIndex, second, statusCode, failure, message);
  }

  /** A request failed without a response (refused, reset, timeout, …): no latency sample. */
  recordFailure(endpoint: number, second: number, failure: ErrorClass, message: string): void {
    this.closeOne(second);
    this.count(endpoint, second, 0, failure, message);
    this.count(this.totalIndex, second, 0, failure, message);
  }

  private count(index: number, second: number, statusCode: number, failure: ErrorClass | undefined, message: string | undefined): void {
    const series = this.series[index]!;
    series.requestTotal++;
    bump(series.requests, second);
    if (statusCode > 0) {
      let counts = series.status.get(statusCode);
      if (counts === undefined) series.status.set(statusCode, (counts = []));
      bump(counts, second);
    }
    if (failure !== undefined) {
      // Progress and the error-storm rule count failures of the target; the run's own cancellations are not.
      if (failure !== 'cancelled') series.errorTotal++;
      const classIndex = ERROR_CLASSES.indexOf(failure);
      bump(series.errors[classIndex]!, second);
      if (series.errorSamples[classIndex] === undefined && message !== undefined) {
        series.errorSamples[classIndex] = this.secrets.length === 0 ? message : redactCutText(message, this.secrets, MIN_SECRET_LENGTH);
      }
    }
  }

  /**
   * Encodes every second before `currentSecond` that has nothing in flight, oldest first (a second
   * with a request still in flight holds back the ones after it, so they are encoded in order).
   * `force` encodes whatever is open (end of run).
   */
  finishSeconds(currentSecond: number, force = false): void {
    while (this.firstOpenSecond < currentSecond || (force && this.firstOpenSecond < this.open.length)) {
      const second = this.firstOpenSecond;
      const slot = this.open[second];
      if (slot !== undefined && slot.inFlight > 0 && !force) return;
      for (let i = 0; i < this.series.length; i++) {
        const series = this.series[i]!;
        series.latency[second] = this.release(slot?.latency, i, i === this.totalIndex);
        series.serviceTime[second] = this.release(slot?.service, i, false);
      }
      this.lagPerSecond[second] = slot?.lag === undefined ? null : encodeHistogram(slot.lag);
      if (slot?.lag !== undefined) this.give(slot.lag);
      this.open[second] = undefined;
      this.firstOpenSecond++;
    }
  }

  private release(histograms: (Histogram | undefined)[] | undefined, index: number, keepRecent: boolean): string | null {
    const histogram = histograms?.[index];
    if (histogram === undefined) return null;
    const encoded = encodeHistogram(histogram);
    if (keepRecent) {
      // Keep the last five finished seconds of the total for the progress p95.
      this.recentTotal.push(histogram);
      if (this.recentTotal.length > 5) this.give(this.recentTotal.shift()!);
    } else {
      this.give(histogram);
    }
    return encoded;
  }

  private give(histogram: Histogram): void {
    histogram.reset();
    this.pool.push(histogram);
  }

  /** p95 (µs) of the total latency over the last five finished seconds; NaN without samples. */
  recentP95Us(): number {
    let count = 0;
    for (const histogram of this.recentTotal) count += histogram?.totalCount ?? 0;
    if (count === 0) return Number.NaN;
    const merged = this.take();
    for (const histogram of this.recentTotal) if (histogram !== undefined) merged.add(histogram);
    const p95 = merged.getValueAtPercentile(95);
    this.give(merged);
    return p95;
  }

  get totalRequests(): number {
    return this.series[this.totalIndex]!.requestTotal;
  }

  get totalErrors(): number {
    return this.series[this.totalIndex]!.errorTotal;
  }

  /** Seconds recorded so far (the length every series will have). */
  get secondsSeen(): number {
    let seconds = Math.max(this.open.length, this.firstOpenSecond, this.missedPerSecond.length);
    for (const series of this.series) seconds = Math.max(seconds, series.requests.length);
    return seconds;
  }

  /** The finished series, every array `seconds` long. Call after finishSeconds(…, true). */
  toSeries(seconds: number, methods: readonly (string | undefined)[] = []): { endpoints: EndpointSeries[]; total: EndpointSeries } {
    const build = (index: number, name: string, method: string | undefined): EndpointSeries => {
      const series = this.series[index]!;
      const errors: Partial<Record<ErrorClass, number[]>> = {};
      const errorSamples: Partial<Record<ErrorClass, string>> = {};
      ERROR_CLASSES.forEach((errorClass, classIndex) => {
        if (series.errors[classIndex]!.length > 0) errors[errorClass] = padded(series.errors[classIndex]!, seconds);
        const sample = series.errorSamples[classIndex];
        if (sample !== undefined) errorSamples[errorClass] = sample;
      });
      const status: Record<string, number[]> = {};
      for (const code of [...series.status.keys()].sort((a, b) => a - b)) status[String(code)] = padded(series.status.get(code)!, seconds);
      const histograms = (list: (string | null)[]): (string | null)[] => Array.from({ length: seconds }, (_, i) => list[i] ?? null);
      return {
        name,
        ...(method === undefined ? {} : { method }),
        latency: histograms(series.latency),
        serviceTime: histograms(series.serviceTime),
        requests: padded(series.requests, seconds),
        errors,
        status,
        errorSamples,
      };
    };
    return {
      endpoints: this.endpointNames.map((name, index) => build(index, name, methods[index])),
      total: build(this.totalIndex, 'all', undefined),
    };
  }

  lagSeries(seconds: number): { lagPerSecond: (string | null)[]; missedPerSecond: number[]; startedPerSecond: number[] } {
    return {
      lagPerSecond: Array.from({ length: seconds }, (_, i) => this.lagPerSecond[i] ?? null),
      missedPerSecond: padded(this.missedPerSecond, seconds),
      startedPerSecond: padded(this.startedPerSecond, seconds),
    };
  }
}
