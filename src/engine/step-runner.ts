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
import type { CompiledRequestStep, CompiledScenario, PlanResponse, PlanRng, PlanScope } from './compiled-plan.js';
import type { Recorder } from './recorder.js';
import type { TraceIds } from './trace-ids.js';
import type { Transport } from './transport.js';

export interface RunnerHost {
  readonly recorder: Recorder;
  readonly transport: Transport;
  readonly traceIds: TraceIds;
  readonly rng: PlanRng;
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

  constructor(
    private readonly host: RunnerHost,
    scope: PlanScope,
  ) {
    this.scope = scope;
    this.afterThinkBound = this.afterThink.bind(this);
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
      this.send(step);
      return;
    }
    this.finish();
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
    this.deadlineUs = this.dueUs + host.timeoutMs * 1000;
    this.abortRequest = null;
    this.expired = false;
    this.inFlight = true;
    host.recorder.noteSent(this.second, this.sentUs - this.dueUs);
    host.transport.dispatcherFor(built.origin).dispatch(options, this);
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
