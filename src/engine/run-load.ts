// runLoad: drives one load test from a validated PerfConfig and returns its RunResult. Wires the
// plan, the scheduler (open or closed model), the undici transport and the recorder; watches the
// event loop. Time is bounded by a hard wall: no request scheduled after the plan's end is sent, each
// request ends within http.timeout of its scheduled start (request-deadline.ts), and at plan end +
// timeout whatever is still in flight is cut off and recorded as `cancelled`, whatever the target
// does. It stops early on the AbortSignal (reason "interrupted") or a perf.yml `abort` rule
// (stop-rules.ts): in-flight requests then get up to 1 s (never past the wall) before they are
// cancelled, and it still returns what it gathered, marked partial with `stoppedBy`. Never throws for
// a bad target: refused connections, resets and timeouts are data. Writing files and printing, and
// the exit code a stop earns, are the edges' job.

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { PerfConfig } from '../config/types.js';
import { encodeHistogram, percentileMicros } from '../results/histogram.js';
import { RUN_RESULT_FORMAT, RUN_RESULT_VERSION, type PlanPhase, type RunResult, type StopCause } from '../results/types.js';
import { TOOL_VERSION } from '../version.js';
import { ArrivalSchedule, plannedArrivalsUntil } from './arrival-schedule.js';
import { ClosedLoop } from './closed-loop.js';
import type { EnginePlan, PlanRng } from './compiled-plan.js';
import { buildEnginePlan, endpointsExpectingStatus } from './engine-plan.js';
import { OpenLoop, type LoopHost } from './open-loop.js';
import { plannedRateAt, type ProgressSnapshot } from './progress.js';
import { Recorder } from './recorder.js';
import { saturationReasons } from './saturation.js';
import { Rng } from './scenario/rng.js';
import type { StepRunner } from './step-runner.js';
import { targetClassOf, targetOrigin } from './target-class.js';
import { TraceIds } from './trace-ids.js';
import { secretsOf } from '../config/secrets.js';
import { Transport } from './transport.js';
import { DeadlineSweeper, sweepIntervalMs } from './request-deadline.js';
import { errorStormWatch, ReachabilityWatch } from './stop-rules.js';

/** Monotonic microseconds; any origin (the run subtracts its start). */
export interface EngineClock {
  nowUs(): number;
}

export const systemClock: EngineClock = { nowUs: () => performance.now() * 1000 };

export interface RunLoadOptions {
  readonly signal?: AbortSignal;
  /** Called about once a second while the load runs. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  readonly clock?: EngineClock;
  /** Seeds Poisson gaps, scenario picks and template randomness (default: random). */
  readonly seed?: number;
  readonly commit?: string;
  readonly ref?: string;
  readonly workflow?: string;
  /** A plan compiled elsewhere (tests, benchmarks); default: compiled from the config. */
  readonly plan?: EnginePlan;
}

/** In-flight requests get this long after an early stop (never past the wall) before they are cancelled. */
export const STOP_GRACE_MS = 1_000;
const FINISH_INTERVAL_MS = 250;
const EVENT_LOOP_RESOLUTION_MS = 10;

class EngineHost implements LoopHost {
  stopping = false;
  discarding = false;
  loop: OpenLoop | ClosedLoop | undefined;
  readonly sweeper: DeadlineSweeper;
  constructor(
    readonly plan: EnginePlan,
    readonly recorder: Recorder,
    readonly transport: Transport,
    readonly traceIds: TraceIds,
    readonly rng: PlanRng,
    readonly expectsStatus: readonly boolean[],
    readonly timeoutMs: number,
    readonly maxBodyBytes: number,
    readonly planEndUs: number,
    readonly reachability: ReachabilityWatch,
    private readonly clock: EngineClock,
    private readonly startUs: number,
  ) {
    this.sweeper = new DeadlineSweeper(() => this.nowUs(), sweepIntervalMs(timeoutMs));
  }
  nowUs(): number {
    return this.clock.nowUs() - this.startUs;
  }
  track(runner: StepRunner): void {
    this.sweeper.add(runner);
  }
  iterationDone(runner: StepRunner): void {
    this.loop!.iterationDone(runner);
  }
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

export async function runLoad(config: PerfConfig, options: RunLoadOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0);
  const clock = options.clock ?? systemClock;
  const plan = options.plan ?? buildEnginePlan(config, seed);
  const rng = new Rng(seed);
  const recorder = new Recorder(plan.endpoints, secretsOf(config));
  const transport = new Transport(config.http);
  const phases = config.load.phases;
  const open = config.load.model === 'open';
  const schedule = open ? new ArrivalSchedule(phases, config.load.arrivals === 'poisson' ? () => rng.next() : undefined) : undefined;
  const planDurationUs = phases.reduce((sum, phase) => sum + phase.durationMs * 1000, 0);

  const loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const startedAtMs = Date.now();
  // A plan shorter than unreachableAfter is judged at its end.
  const reachability = new ReachabilityWatch(Math.min(config.abort.unreachableAfterMs * 1000, planDurationUs));
  const storm = errorStormWatch(config.abort);
  const host = new EngineHost(
    plan,
    recorder,
    transport,
    new TraceIds(),
    rng,
    endpointsExpectingStatus(config, plan.endpoints),
    config.http.timeoutMs,
    config.http.maxBodyBytes,
    planDurationUs,
    reachability,
    clock,
    clock.nowUs(),
  );
  // Every request has ended by its deadline here; the sweep interval is the deadline's own lateness.
  const wallUs = planDurationUs + (config.http.timeoutMs + host.sweeper.intervalMs) * 1000;
  const loop = open ? new OpenLoop(host, schedule!, recorder, config.load.maxInFlight) : new ClosedLoop(host, phases);
  host.loop = loop;

  let partialReason: string | undefined;
  let stoppedBy: StopCause | undefined;
  let stopUs = -1;
  let markStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const stop = (cause: StopCause, reason: string): void => {
    if (host.stopping) return;
    partialReason = reason;
    stoppedBy = cause;
    stopUs = host.nowUs();
    host.stopping = true;
    loop.stop();
    markStopped();
  };
  // The edge aborts with a reason that names the signal (InterruptedError in errors.ts).
  const onAbort = (): void => {
    const signal = (options.signal?.reason as { signal?: unknown } | undefined)?.signal;
    stop('interrupted', typeof signal === 'string' ? `interrupted (${signal})` : 'interrupted');
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let lastRequests = 0;
  let lastTickUs = 0;
  let stormSecond = 0;
  const finisher = setInterval(() => {
    const nowUs = host.nowUs();
    recorder.finishSeconds(Math.floor(nowUs / 1e6));
    if (!host.stopping) {
      const unreachable = reachability.check(nowUs);
      if (unreachable !== undefined) stop('unreachable', unreachable);
      for (; storm !== undefined && !host.stopping && stormSecond < Math.floor(nowUs / 1e6); stormSecond++) {
        const storming = storm.check(recorder.totalRequests, recorder.totalErrors);
        if (storming !== undefined) stop('error-storm', storming);
      }
    }
    if (options.onProgress !== undefined && nowUs - lastTickUs >= 1e6) {
      const requests = recorder.totalRequests;
      const snapshot: ProgressSnapshot = {
        elapsedSec: nowUs / 1e6,
        durationSec: planDurationUs / 1e6,
        achievedRate: ((requests - lastRequests) * 1e6) / Math.max(1, nowUs - lastTickUs),
        p95Ms: recorder.recentP95Us() / 1000,
        requests,
        errors: recorder.totalErrors,
        inFlight: loop.activeIterations,
        ...(open ? { plannedRate: plannedRateAt(phases, nowUs) ?? 0 } : { activeVus: loop.activeIterations }),
      };
      lastRequests = requests;
      lastTickUs = nowUs;
      options.onProgress(snapshot);
    }
  }, FINISH_INTERVAL_MS);

  const untilWallMs = (): number => Math.max(0, (wallUs - host.nowUs()) / 1000);
  try {
    host.sweeper.start();
    if (!host.stopping) loop.start();
    // Wait for the plan and its requests to finish, an early stop, or the wall; after an early stop,
    // in-flight requests get the grace, never past the wall. Then what is left is cancelled.
    const idle = loop.idle();
    const first = await Promise.race([idle.then(() => 'idle' as const), stopped.then(() => 'stopped' as const), delay(untilWallMs())]);
    if (first === 'stopped') await Promise.race([idle, delay(Math.min(STOP_GRACE_MS, untilWallMs()))]);
    host.stopping = true;
    // A plan shorter than unreachableAfter is judged once it is over.
    const unreachable = stoppedBy === undefined ? reachability.check(Number.POSITIVE_INFINITY) : undefined;
    if (unreachable !== undefined) {
      partialReason = unreachable;
      stoppedBy = 'unreachable';
      stopUs = host.nowUs();
    }
    host.sweeper.stop();
    host.discarding = true;
    await transport.close(true);
  } finally {
    host.sweeper.stop();
    clearInterval(finisher);
    options.signal?.removeEventListener('abort', onAbort);
    loopDelay.disable();
  }

  const endedAtMs = Date.now();
  const partial = partialReason !== undefined;
  const seenSeconds = recorder.secondsSeen;
  const seconds = partial ? Math.max(1, Math.ceil(stopUs / 1e6), seenSeconds) : Math.max(Math.ceil(planDurationUs / 1e6), seenSeconds);
  recorder.finishSeconds(seconds, true);
  const { endpoints, total } = recorder.toSeries(seconds, plan.methods);
  const lag = recorder.lagSeries(seconds);
  const lagP99Us = percentileMicros(recorder.lagWholeRun, 99);
  const lagP99Ms = Number.isNaN(lagP99Us) ? 0 : lagP99Us / 1000;
  const plannedUntilStop = open
    ? config.load.arrivals === 'poisson'
      ? recorder.scheduled
      : plannedArrivalsUntil(phases, partial ? stopUs : planDurationUs)
    : undefined;
  const reasons = saturationReasons({
    lagP99Ms,
    scheduled: recorder.scheduled,
    missed: recorder.missed,
    ...(open && plannedUntilStop !== undefined ? { plannedRequests: plannedUntilStop, sentWithinPlan: (loop as OpenLoop).sentWithinPlan } : {}),
  });

  let startSec = 0;
  const planPhases: PlanPhase[] = phases.map((phase) => {
    const entry: PlanPhase = {
      name: phase.name,
      startSec,
      durationSec: phase.durationMs / 1000,
      isRamp: phase.isRamp,
      ...(phase.rate === undefined ? {} : { rate: phase.rate }),
      ...(phase.rampTo === undefined ? {} : { rampTo: phase.rampTo }),
      ...(phase.vus === undefined ? {} : { vus: phase.vus }),
      ...(phase.rampToVus === undefined ? {} : { rampToVus: phase.rampToVus }),
    };
    startSec += phase.durationMs / 1000;
    return entry;
  });
  // The monitor records the whole interval between its 10 ms ticks, so the delay is what exceeds 10 ms.
  const eventLoopP99Ns = loopDelay.count > 0 ? Math.max(0, loopDelay.percentile(99) - EVENT_LOOP_RESOLUTION_MS * 1e6) : 0;

  return {
    format: RUN_RESULT_FORMAT,
    version: RUN_RESULT_VERSION,
    meta: {
      runId: randomBytes(8).toString('hex'),
      startedAt: new Date(startedAtMs).toISOString(),
      endedAt: new Date(endedAtMs).toISOString(),
      toolVersion: TOOL_VERSION,
      configName: config.name,
      ...(config.profile === undefined ? {} : { profile: config.profile }),
      configHash: config.source.hash,
      target: targetOrigin(config.target),
      targetClass: targetClassOf(config.target),
      ...(options.commit === undefined ? {} : { commit: options.commit }),
      ...(options.ref === undefined ? {} : { ref: options.ref }),
      ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
      runner: { os: `${os.platform()} ${os.release()}`, cpus: os.availableParallelism(), nodeVersion: process.version },
      labels: { ...config.labels },
      partial,
      ...(partialReason === undefined ? {} : { partialReason }),
      ...(stoppedBy === undefined ? {} : { stoppedBy }),
      shards: 1,
    },
    plan: {
      model: config.load.model,
      arrivals: config.load.arrivals,
      phases: planPhases,
      durationSec: planDurationUs / 1e6,
      ...(open ? { plannedRequests: schedule!.plannedRequests } : {}),
      connections: config.http.connections,
    },
    seconds,
    endpoints,
    total,
    generator: {
      lag: encodeHistogram(recorder.lagWholeRun),
      lagPerSecond: lag.lagPerSecond,
      scheduled: recorder.scheduled,
      sent: recorder.sent,
      missedSends: recorder.missed,
      missedPerSecond: lag.missedPerSecond,
      ...(open ? { startedPerSecond: lag.startedPerSecond } : {}),
      eventLoopDelayP99Ms: eventLoopP99Ns / 1e6,
      truncatedBodies: recorder.truncatedBodies,
      saturated: reasons.length > 0,
      saturationReasons: reasons,
    },
  };
}
