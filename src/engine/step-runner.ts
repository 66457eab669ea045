// Runs one scenario iteration at a time, step after step, and is itself the undici dispatch handler
// for the request it has in flight: one runner per in-flight slot (open model) or per virtual user
// (closed model), reused for the whole run, with its callbacks bound once in the constructor. Per
// request it allocates only the trace ids: the dispatch options and header list are the runner's own,
// reused (undici copies what it keeps).
//
// Timing (µs from the run start): the first request step of an iteration is due at the iteration's
// scheduled start (the open model's arrival time; in the closed model, the moment the VU sends).
// Later steps are due when the step before them ended (and any think time elapsed): their latency is
// measured from their own actual start, so a slow first step does not inflate the ones after it;
// only the first step carries the open model's queueing delay.
//
// Under max-rate every request takes a token from the run's RateLimiter first; a runner that has to
// wait for one sends when it is granted, and that moment is the request's scheduled start (the wait
// is the generator's own and is counted as throttled time, not latency). The open model's first step
// takes its token without waiting: its arrivals keep the plan's times.
//
// Deadline: a request must end within http.timeout of its scheduled start (request-deadline.ts sweeps
// every runner on one coarse timer). On a socket it is aborted through undici's `abort`; still queued
// for a connection, its timeout is recorded at once and the runner stays held until undici hands the
// request over (then aborted at once) or the pools close, so one handler never serves two requests.
// Body: only a step that captures or checks the body keeps it, and only its first http.maxBodyBytes.

import type { Dispatcher } from 'undici';
import { util as undiciUtil } from 'undici';
import type { ErrorClass } from '../results/types.js';
import { classifyError, errorSample, statusClass } from './classify-error.js';
import { DEADLINE_ERROR, type Expirable } from './request-deadline.js';
import type { ReachabilityWatch } from './stop-rules.js';
import type { BuiltRequest, CompiledRequestStep, CompiledScenario, PlanResponse, PlanRng, PlanScope } from './compiled-plan.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Recorder } from './recorder.js';
import type { TraceIds } from './trace-ids.js';
import type { Transport } from './transport.js';

export interface RunnerHost {
  readonly recorder: Recorder;
  readonly transport: Transport;
  readonly traceIds: TraceIds;
  readonly rng: PlanRng;
  /** The max-rate cap; absent when the run has none. */
  readonly rateLimiter?: RateLimiter;
  /** The open model: an iteration's first request is an arrival of the plan and never waits for a token. */
  readonly openModel?: boolean;
  /** Endpoints whose step expects a status: a 4xx/5xx there is judged by the expectation alone. */
  readonly expectsStatus: readonly boolean[];
  readonly timeoutMs: number;
  /** The plan's end, µs from the start: no request scheduled after it is sent. */
  readonly planEndUs: number;
  /** Bytes of a body kept for captures and expectations (http.maxBodyBytes). */
  readonly maxBodyBytes: number;
  /** Fed with the first outcomes while it is watching (the unreachable rule). */
  readonly reachability?: ReachabilityWatch;
  /** Called once per runner, at construction, so the deadline sweeper can see it. */
  track?(runner: StepRunner): void;
  nowUs(): number;
  /** True once the run stops scheduling: no new step starts. */
  readonly stopping: boolean;
  /** True after the stop grace or the wall: requests cut off by closing the pools are recorded as `cancelled`. */
  readonly discarding: boolean;
  /** The iteration ended (all steps done, or a step failed, or the run is stopping). */
  iterationDone(runner: StepRunner): void;
}

/** The response as captures and expectations see it; headers are parsed only if they are read. */
class ResponseView implements PlanResponse {
  statusCode = 0;
  rawHeaders: Buffer[] | string[] | null = null;
  body = '';
  private parsed: Record<string, string | string[] | undefined> | undefined;
  get headers(): Record<string, string | string[] | undefined> {
    if (this.parsed === undefined) this.parsed = this.rawHeaders === null ? {} : (undiciUtil.parseHeaders(this.rawHeaders as Buffer[]) as Record<string, string | string[] | undefined>);
    return this.parsed;
  }
  reset(): void {
    this.statusCode = 0;
    this.rawHeaders = null;
    this.body = '';
    this.parsed = undefined;
  }
}

const CANCELLED_SAMPLE = 'in flight when the run stopped (signal, stop rule or plan end + timeout)';
const QUEUED_TIMEOUT_SAMPLE = 'PA_REQUEST_DEADLINE: still waiting for a connection at http.timeout from the scheduled start';

export class StepRunner implements Dispatcher.DispatchHandler, Expirable {
  private scenario: CompiledScenario | undefined;
  private stepIndex = 0;
  private step: CompiledRequestStep | undefined;
  /** Scheduled start of the current step, µs. */
  private dueUs = 0;
  private sentUs = 0;
  private second = 0;
  private statusCode = 0;
  private readonly chunks: Buffer[] = [];
  private keptBytes = 0;
  private truncated = false;
  /** A request is dispatched and undici has not yet called onComplete or onError. */
  private inFlight = false;
  /** The deadline passed while the request was queued: its timeout is recorded; undici still holds it. */
  private expired = false;
  private deadlineUs = 0;
  private abortRequest: ((error?: Error) => void) | null = null;
  private readonly response = new ResponseView();
  private readonly scope: PlanScope;
  private active = false;
  private readonly afterThinkBound: () => void;
  /** The next request is the iteration's first (the open model's arrival). */
  private firstRequest = false;
  /** A token was granted after a wait and the next request may use it. */
  private holdsToken = false;
  private readonly onTokenBound: (granted: boolean) => void;
  /**
   * The dispatch options and header list, one of each per runner: a runner has one request in flight,
   * and undici reads both (building its own Request) before the request can end, so the next send may
   * overwrite them. A request still queued in a pool is held there until undici hands it over, and the
   * runner sends nothing until then.
   */
  private readonly options: Dispatcher.DispatchOptions & { origin: string; path: string; method: Dispatcher.HttpMethod; body: string | Buffer | null };
  private readonly headers: string[] = [];
  private headersSource: BuiltRequest['headers'] | undefined;

  constructor(
    private readonly host: RunnerHost,
    scope: PlanScope,
  ) {
    this.scope = scope;
    this.options = { origin: '', path: '/', method: 'GET', headers: this.headers, body: null, headersTimeout: host.timeoutMs, bodyTimeout: host.timeoutMs };
    this.afterThinkBound = this.afterThink.bind(this);
    this.onTokenBound = this.onToken.bind(this);
    this.onConnect = this.onConnect.bind(this);
    this.onHeaders = this.onHeaders.bind(this);
    this.onData = this.onData.bind(this);
    this.onComplete = this.onComplete.bind(this);
    this.onError = this.onError.bind(this);
    host.track?.(this);
  }

  get busy(): boolean {
    return this.active;
  }

  /** Starts an iteration of `scenario` whose first request is due at `scheduledStartUs`. */
  start(scenario: CompiledScenario, scheduledStartUs: number): void {
    this.scenario = scenario;
    this.stepIndex = 0;
    this.dueUs = scheduledStartUs;
    this.active = true;
    this.firstRequest = true;
    this.holdsToken = false;
    this.scope.beginIteration(this.host.rng);
    this.runStep();
  }

  private runStep(): void {
    const steps = this.scenario!.steps;
    while (this.stepIndex < steps.length) {
      if (this.host.stopping || this.dueUs > this.host.planEndUs) return this.finish();
      const step = steps[this.stepIndex]!;
      if (step.kind === 'think') {
        this.stepIndex++;
        if (step.durationMs > 0) {
          setTimeout(this.afterThinkBound, step.durationMs);
          return;
        }
        continue;
      }
      if (this.waitsForToken()) return;
      this.send(step);
      return;
    }
    this.finish();
  }

  /** True when the request must wait for a max-rate token; onToken then carries on. */
  private waitsForToken(): boolean {
    const limiter = this.host.rateLimiter;
    if (limiter === undefined) return false;
    const first = this.firstRequest;
    this.firstRequest = false;
    if (this.holdsToken) {
      this.holdsToken = false;
      return false;
    }
    if (first && this.host.openModel === true) {
      limiter.take();
      return false;
    }
    return !limiter.acquire(this.onTokenBound);
  }

  private onToken(granted: boolean): void {
    // Not granted: the plan ended or the run stopped while this request waited; it is not sent.
    if (!granted) return this.finish();
    this.holdsToken = true;
    this.dueUs = this.host.nowUs();
    this.runStep();
  }

  private afterThink(): void {
    this.dueUs = this.host.nowUs();
    this.runStep();
  }

  private finish(): void {
    this.active = false;
    this.step = undefined;
    this.host.iterationDone(this);
  }

  private send(step: CompiledRequestStep): void {
    const host = this.host;
    this.step = step;
    this.statusCode = 0;
    this.chunks.length = 0;
    this.keptBytes = 0;
    this.truncated = false;
    let built;
    try {
      built = step.build(this.scope, host.rng);
    } catch (error) {
      // A template that cannot render (e.g. a capture missing) fails this request, not the run.
      this.second = Math.floor(this.dueUs / 1e6);
      host.recorder.noteSent(this.second, 0);
      host.recorder.recordFailure(step.endpointIndex, this.second, 'other', errorSample(error));
      return this.finish();
    }
    const spanId = host.traceIds.nextSpanId();
    const headers = this.headersFor(built.headers);
    const last = headers.length - 1;
    headers[last - 2] = host.traceIds.traceparent(spanId);
    headers[last] = spanId;
    const options = this.options;
    options.origin = built.origin;
    options.path = built.path;
    options.method = step.method as Dispatcher.HttpMethod;
    options.body = built.body ?? null;
    this.sentUs = host.nowUs();
    this.second = Math.floor(this.dueUs / 1e6);
    this.deadlineUs = this.dueUs + host.timeoutMs * 1000;
    this.abortRequest = null;
    this.expired = false;
    this.inFlight = true;
    host.recorder.noteSent(this.second, this.sentUs - this.dueUs);
    host.transport.dispatcherFor(built.origin).dispatch(options, this);
  }

  /**
   * The header list for `source` with the two trace headers last (their values are set per request).
   * A static step returns the same headers object every time, so its list is built once and reused
   * until the source changes; undici copies the list into its own request inside dispatch.
   */
  private headersFor(source: BuiltRequest['headers']): string[] {
    if (source === this.headersSource) return this.headers;
    const headers = this.headers;
    headers.length = 0;
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) headers.push(source[i]!);
    } else {
      for (const name in source) headers.push(name, (source as Record<string, string>)[name]!);
    }
    headers.push('traceparent', '', 'x-request-id', '');
    this.headersSource = source;
    return headers;
  }

  expire(nowUs: number): void {
    if (!this.inFlight || this.expired || nowUs < this.deadlineUs) return;
    const abort = this.abortRequest;
    if (abort !== null) {
      // On a socket: undici ends it through onError with DEADLINE_ERROR, classified `timeout`.
      this.abortRequest = null;
      abort(DEADLINE_ERROR);
      return;
    }
    this.expired = true;
    this.response.reset();
    this.host.recorder.recordFailure(this.step!.endpointIndex, this.second, 'timeout', QUEUED_TIMEOUT_SAMPLE);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.expired) abort(DEADLINE_ERROR);
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, _statusText: string): boolean {
    this.statusCode = statusCode;
    this.response.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.step?.needsBody) {
      // Kept up to the cap (a view into undici's chunk, no copy); the rest is only noted as cut.
      const room = this.host.maxBodyBytes - this.keptBytes;
      if (chunk.length <= room) {
        this.chunks.push(chunk);
        this.keptBytes += chunk.length;
      } else {
        if (room > 0) this.chunks.push(chunk.subarray(0, room));
        this.keptBytes += Math.max(0, room);
        this.truncated = true;
      }
    }
    return true;
  }

  onComplete(_trailers: string[] | null): void {
    const host = this.host;
    const step = this.step!;
    this.inFlight = false;
    this.abortRequest = null;
    if (this.expired) {
      this.expired = false;
      this.chunks.length = 0;
      return this.finish();
    }
    if (host.reachability?.watching) host.reachability.noteResponse();
    if (this.truncated) host.recorder.truncatedBodies++;
    const endUs = host.nowUs();
    const response = this.response;
    response.statusCode = this.statusCode;
    response.body = step.needsBody ? (this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8')) : '';
    let failure: ErrorClass | undefined;
    let message: string | undefined;
    let check: string | null = null;
    try {
      check = step.afterResponse(this.scope, response);
    } catch (error) {
      check = errorSample(error);
    }
    if (check !== null) {
      failure = 'expectation';
      message = check.slice(0, 200);
    } else if (!(step.expectsStatus ?? host.expectsStatus[step.endpointIndex])) {
      failure = statusClass(this.statusCode);
      if (failure !== undefined) message = `status ${this.statusCode}`;
    }
    host.recorder.recordResponse(step.endpointIndex, this.second, endUs - this.dueUs, endUs - this.sentUs, this.statusCode, failure, message);
    response.reset();
    this.chunks.length = 0;
    this.stepIndex++;
    this.dueUs = endUs;
    // An iteration whose step failed stops there: later steps usually depend on it.
    if (failure !== undefined) return this.finish();
    this.runStep();
  }

  onError(error: Error): void {
    const host = this.host;
    const step = this.step;
    this.response.reset();
    this.chunks.length = 0;
    this.inFlight = false;
    this.abortRequest = null;
    if (step === undefined) return;
    // Expired while queued: its timeout is already recorded; this is undici letting it go.
    if (this.expired) {
      this.expired = false;
      return this.finish();
    }
    if (host.discarding) {
      host.recorder.recordFailure(step.endpointIndex, this.second, 'cancelled', CANCELLED_SAMPLE);
      return this.finish();
    }
    if (host.reachability?.watching) host.reachability.noteFailure(error);
    host.recorder.recordFailure(step.endpointIndex, this.second, classifyError(error), errorSample(error));
    this.finish();
  }
}
