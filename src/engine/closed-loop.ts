// The closed model: virtual users, each looping its scenario (think steps included) as fast as the
// server answers. The VU count follows the phases (vus → rampToVus, linear), checked every 50 ms:
// new VUs start at once, surplus VUs retire when their current iteration ends. A request's scheduled
// start is its actual send, so latency equals service time and generator lag is zero by construction.

import type { Phase } from '../config/types.js';
import type { LoopHost } from './open-loop.js';
import { StepRunner } from './step-runner.js';

const CONTROL_INTERVAL_MS = 50;

/** VUs the plan asks for at `us` from the start (0 after the end). */
export function vusAt(phases: readonly Phase[], us: number): number {
  let startUs = 0;
  for (const phase of phases) {
    const durationUs = phase.durationMs * 1000;
    if (us < startUs + durationUs) {
      const v0 = phase.vus ?? 0;
      const v1 = phase.rampToVus ?? v0;
      return Math.round(v0 + ((v1 - v0) * (us - startUs)) / durationUs);
    }
    startUs += durationUs;
  }
  return 0;
}

export class ClosedLoop {
  private readonly idleRunners: StepRunner[] = [];
  private active = 0;
  private target = 0;
  private scheduling = true;
  private controlTimer: NodeJS.Timeout | undefined;
  private resolveIdle: (() => void) | undefined;
  private readonly pendingRestarts: StepRunner[] = [];
  private restartScheduled = false;
  /** True while a runner's start() is on the stack. */
  private starting = false;
  private readonly endUs: number;
  private readonly controlBound: () => void;
  private readonly restartBound: () => void;

  constructor(
    private readonly host: LoopHost,
    private readonly phases: readonly Phase[],
  ) {
    this.endUs = phases.reduce((sum, phase) => sum + phase.durationMs * 1000, 0);
    this.controlBound = this.control.bind(this);
    this.restartBound = this.restartPending.bind(this);
  }

  start(): void {
    this.control();
  }

  stop(): void {
    this.scheduling = false;
    if (this.controlTimer !== undefined) clearTimeout(this.controlTimer);
    this.controlTimer = undefined;
    this.checkIdle();
  }

  get activeIterations(): number {
    return this.active;
  }

  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.resolveIdle = resolve;
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (!this.scheduling && this.active === 0 && this.resolveIdle !== undefined) {
      const resolve = this.resolveIdle;
      this.resolveIdle = undefined;
      resolve();
    }
  }

  private control(): void {
    this.controlTimer = undefined;
    if (!this.scheduling) return;
    const now = this.host.nowUs();
    if (now >= this.endUs) {
      this.scheduling = false;
      this.checkIdle();
      return;
    }
    this.target = vusAt(this.phases, now);
    while (this.active < this.target) {
      const runner = this.idleRunners.pop() ?? new StepRunner(this.host, this.host.plan.newScope());
      this.active++;
      this.startRunner(runner);
    }
    this.controlTimer = setTimeout(this.controlBound, CONTROL_INTERVAL_MS);
  }

  iterationDone(runner: StepRunner): void {
    // The plan's end is checked here too, not only by the 50 ms control tick, so no iteration starts
    // after it (every request then falls inside the plan's seconds).
    if (this.scheduling && this.host.nowUs() >= this.endUs) this.stop();
    if (!this.scheduling || this.host.stopping || this.active > this.target) {
      this.active--;
      this.idleRunners.push(runner);
      this.checkIdle();
      return;
    }
    if (!this.starting) {
      // The usual case, inside the response callback: start the next iteration at once, as a user
      // would, without a trip through the event loop.
      this.startRunner(runner);
      return;
    }
    // An iteration that ended inside its own start (a step that could not be built) restarts on the
    // next turn, so a failing scenario cannot recurse or starve I/O.
    this.pendingRestarts.push(runner);
    if (!this.restartScheduled) {
      this.restartScheduled = true;
      setImmediate(this.restartBound);
    }
  }

  private restartPending(): void {
    this.restartScheduled = false;
    const runners = this.pendingRestarts.splice(0, this.pendingRestarts.length);
    for (const runner of runners) {
      if (!this.scheduling || this.host.stopping || this.active > this.target) {
        this.active--;
        this.idleRunners.push(runner);
        continue;
      }
      this.startRunner(runner);
    }
    this.checkIdle();
  }

  private startRunner(runner: StepRunner): void {
    this.starting = true;
    try {
      runner.start(this.host.plan.pickScenario(this.host.rng), this.host.nowUs());
    } finally {
      this.starting = false;
    }
  }
}
