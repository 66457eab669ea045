// Runs one scenario iteration at a time, step after step, and is itself the undici dispatch handler
// for the request it has in flight: one runner per in-flight slot (open model) or per virtual user
// (closed model), reused for the whole run, with its callbacks bound once in the constructor. Per
// request it allocates only what undici must keep (the options object and the header list).
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

import type { Dispatcher } from 'undici';
import { util as undiciUtil } from 'undici';
import type { ErrorClass } from '../results/types.js';
import { classifyError, errorSample, statusClass } from './classify-error.js';
import type { CompiledRequestStep, CompiledScenario, PlanResponse, PlanRng, PlanScope } from './compiled-plan.js';
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
  nowUs(): number;
  /** True once the run stops scheduling: no new step starts. */
  readonly stopping: boolean;
  /** True after the stop grace: requests cut off by closing the pools are not failures of the target. */
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

export class StepRunner implements Dispatcher.DispatchHandler {
  private scenario: CompiledScenario | undefined;
  private stepIndex = 0;
  private step: CompiledRequestStep | undefined;
  /** Scheduled start of the current step, µs. */
  private dueUs = 0;
  private sentUs = 0;
  private second = 0;
  private statusCode = 0;
  private readonly chunks: Buffer[] = [];
  private readonly response = new ResponseView();
  private readonly scope: PlanScope;
  private active = false;
  private readonly afterThinkBound: () => void;
  /** The next request is the iteration's first (the open model's arrival). */
  private firstRequest = false;
  /** A token was granted after a wait and the next request may use it. */
  private holdsToken = false;
  private readonly onTokenBound: (granted: boolean) => void;

  constructor(
    private readonly host: RunnerHost,
    scope: PlanScope,
  ) {
    this.scope = scope;
    this.afterThinkBound = this.afterThink.bind(this);
    this.onTokenBound = this.onToken.bind(this);
    this.onConnect = this.onConnect.bind(this);
    this.onHeaders = this.onHeaders.bind(this);
    this.onData = this.onData.bind(this);
    this.onComplete = this.onComplete.bind(this);
    this.onError = this.onError.bind(this);
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
      if (this.host.stopping) return this.finish();
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
    const headers: string[] = [];
    const source = built.headers;
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) headers.push(source[i]!);
    } else {
      for (const name in source) headers.push(name, (source as Record<string, string>)[name]!);
    }
    headers.push('traceparent', host.traceIds.traceparent(spanId), 'x-request-id', spanId);
    const options: Dispatcher.DispatchOptions = {
      origin: built.origin,
      path: built.path,
      method: step.method as Dispatcher.HttpMethod,
      headers,
      body: built.body ?? null,
      headersTimeout: host.timeoutMs,
      bodyTimeout: host.timeoutMs,
    };
    this.sentUs = host.nowUs();
    this.second = Math.floor(this.dueUs / 1e6);
    host.recorder.noteSent(this.second, this.sentUs - this.dueUs);
    host.transport.dispatcherFor(built.origin).dispatch(options, this);
  }

  onConnect(_abort: (err?: Error) => void): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, _statusText: string): boolean {
    this.statusCode = statusCode;
    this.response.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.step?.needsBody) this.chunks.push(chunk);
    return true;
  }

  onComplete(_trailers: string[] | null): void {
    const host = this.host;
    const step = this.step!;
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
    if (step === undefined) return;
    if (host.discarding) return this.finish();
    host.recorder.recordFailure(step.endpointIndex, this.second, classifyError(error), errorSample(error));
    this.finish();
  }
}
