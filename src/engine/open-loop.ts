// The open model's scheduler: one loop that sends every arrival when the plan says, whatever the
// server does. It sleeps with setTimeout until shortly before the next arrival, then turns over with
// setImmediate (letting I/O run between turns) and sends everything that is due. An arrival that finds
// every in-flight slot busy is counted as missed (k6's dropped iterations), never queued. Send times
// come from ArrivalSchedule by formula, so a late turn never shifts later arrivals.

import type { EnginePlan, PlanRng } from './compiled-plan.js';
import type { ArrivalSchedule } from './arrival-schedule.js';
import type { Recorder } from './recorder.js';
import { StepRunner, type RunnerHost } from './step-runner.js';

/**
 * Turn over with setImmediate when the next arrival is this close; further away, sleep on a timer.
 * Node's timers have 1 ms resolution and fire up to ~1 ms late, and a late send is generator lag that
 * lands in every latency measured from the scheduled start, so the last stretch before an arrival is
 * spent turning over (I/O still runs between turns) rather than on a timer. At 1000 arrivals/s that
 * keeps the generator's core busy, as a load generator's core should be; at low rates it sleeps.
 */
const SPIN_WITHIN_US = 1_500;
/** Wake this long before the arrival, to absorb a timer firing up to ~1 ms late. */
const WAKE_EARLY_US = 1_200;
/**
 * At most this many arrivals per turn, sent or missed, so responses (and signals) are read even when
 * the loop runs far behind a plan of a million arrivals a second with every slot busy.
 */
const MAX_ARRIVALS_PER_TURN = 512;

export interface LoopHost extends RunnerHost {
  readonly plan: EnginePlan;
  readonly rng: PlanRng;
}

export class OpenLoop {
  private readonly free: StepRunner[] = [];
  private created = 0;
  private inFlight = 0;
  private arrivalIndex = 0;
  private nextDueUs: number;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private scheduling = true;
  private resolveIdle: (() => void) | undefined;
  /** Arrivals sent at or before the plan's end, for the achieved-rate gate. */
  sentWithinPlan = 0;
  private readonly tickBound: () => void;

  constructor(
    private readonly host: LoopHost,
    private readonly schedule: ArrivalSchedule,
    private readonly recorder: Recorder,
    private readonly maxInFlight: number,
  ) {
    this.tickBound = this.tick.bind(this);
    this.nextDueUs = schedule.nextArrivalUs(0);
  }

  start(): void {
    this.tick();
  }

  /** Stops scheduling at once; in-flight iterations carry on until they end or the pools close. */
  stop(): void {
    this.scheduling = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    this.checkIdle();
  }

  get activeIterations(): number {
    return this.inFlight;
  }

  /** Resolves when scheduling is over and nothing is in flight. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.resolveIdle = resolve;
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (!this.scheduling && this.inFlight === 0 && this.resolveIdle !== undefined) {
      const resolve = this.resolveIdle;
      this.resolveIdle = undefined;
      resolve();
    }
  }

  iterationDone(runner: StepRunner): void {
    this.inFlight--;
    this.free.push(runner);
    if (!this.scheduling) this.checkIdle();
  }

  private acquire(): StepRunner | undefined {
    const runner = this.free.pop();
    if (runner !== undefined) return runner;
    if (this.created >= this.maxInFlight) return undefined;
    this.created++;
    return new StepRunner(this.host, this.host.plan.newScope());
  }

  private tick(): void {
    this.timer = this.immediate = undefined;
    if (!this.scheduling) return;
    const host = this.host;
    const recorder = this.recorder;
    let now = host.nowUs();
    let sends = 0;
    let arrivals = 0;
    while (this.nextDueUs >= 0 && this.nextDueUs <= now && arrivals < MAX_ARRIVALS_PER_TURN) {
      arrivals++;
      const dueUs = this.nextDueUs;
      recorder.noteScheduled();
      const runner = this.acquire();
      if (runner === undefined) {
        recorder.noteMissed(Math.floor(dueUs / 1e6));
      } else {
        this.inFlight++;
        recorder.noteStarted(Math.floor(dueUs / 1e6));
        if (now <= this.schedule.endUs) this.sentWithinPlan++;
        runner.start(host.plan.pickScenario(host.rng), dueUs);
        sends++;
      }
      this.arrivalIndex++;
      this.nextDueUs = this.schedule.nextArrivalUs(this.arrivalIndex);
      if ((sends & 31) === 31) now = host.nowUs();
    }
    if (this.nextDueUs < 0) {
      this.scheduling = false;
      this.checkIdle();
      return;
    }
    const gapUs = this.nextDueUs - host.nowUs();
    if (gapUs > SPIN_WITHIN_US) this.timer = setTimeout(this.tickBound, Math.max(1, Math.floor((gapUs - WAKE_EARLY_US) / 1000)));
    else this.immediate = setImmediate(this.tickBound);
  }
}
