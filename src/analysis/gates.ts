// Validity gates (docs/statistics.md §6: the generator must not lie about the server): checked over the steady
// window before any verdict. A run whose generator lagged (p99 > 5 ms), missed more than 0.1 % of its
// sends, or fell more than 2 % below the planned rate measured the generator, not the server. A baseline
// with another plan, model or target class is not comparable. Each failed gate is a sentence naming
// the run, the number and the limit; the rows it affects become `inconclusive` with that sentence.

import type { RunPlan, RunResult } from '../results/types.js';
import { countsFromEncoded, quantileUs, sumCounts } from './bucket-counts.js';
import type { DecodedRun } from './decoded-run.js';
import { windowSum } from './decoded-run.js';
import { RULES } from './defaults.js';

export interface GeneratorGate {
  readonly lagP99Ms: number;
  readonly missedSends: number;
  readonly achievedRate: number;
  readonly plannedRate?: number;
  readonly reasons: readonly string[];
}

/** Mean planned arrival rate over [startSec, endSec) for the open model (linear within ramps). */
export function plannedRate(plan: RunPlan, startSec: number, endSec: number): number | undefined {
  if (plan.model !== 'open' || endSec <= startSec) return undefined;
  let sum = 0;
  for (let t = startSec; t < endSec; t++) {
    const middle = t + 0.5;
    const phase = plan.phases.find((p) => middle >= p.startSec && middle < p.startSec + p.durationSec);
    if (!phase || phase.rate === undefined) return undefined;
    const end = phase.rampTo ?? phase.rate;
    sum += phase.rate + ((end - phase.rate) * (middle - phase.startSec)) / phase.durationSec;
  }
  return sum / (endSec - startSec);
}

function fixed(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

export function generatorGate(run: DecodedRun, startSec: number, endSec: number, label: string): GeneratorGate {
  const { result } = run;
  const seconds = Math.max(0, endSec - startSec);
  const lag = sumCounts(result.generator.lagPerSecond.slice(startSec, endSec).map((encoded) => countsFromEncoded(encoded)));
  const lagP99Ms = lag.total > 0 ? quantileUs(lag, 0.99) / 1000 : Number.NaN;
  const missedSends = windowSum(result.generator.missedPerSecond, startSec, endSec);
  const requests = windowSum(run.total.requests, startSec, endSec);
  // The plan is in arrivals (scenario iterations); a multi-step scenario sends several requests per
  // arrival, so arrivals started are what the plan is held against, when the run recorded them.
  const started = result.generator.startedPerSecond;
  const arrivals = started === undefined ? requests : windowSum(started, startSec, endSec);
  const achievedRate = seconds > 0 ? arrivals / seconds : 0;
  const planned = plannedRate(result.plan, startSec, endSec);
  // A run stopped early (signal, stop rule) measured only part of its plan, and its last second only in
  // part: that is the first reason its rows are inconclusive, and no shortfall against the plan is
  // held against the generator.
  const reasons: string[] = result.meta.partial ? [`${label} run stopped early: ${result.meta.partialReason ?? 'no reason given'}`] : [];
  if (lagP99Ms > RULES.maxLagP99Ms) {
    reasons.push(`${label} run: generator lag p99 ${fixed(lagP99Ms, 1)} ms is above ${RULES.maxLagP99Ms} ms (generator saturated)`);
  }
  const missedFraction = missedSends / Math.max(1, arrivals + missedSends);
  if (missedFraction > RULES.maxMissedFraction) {
    reasons.push(`${label} run: ${missedSends} sends (${fixed(missedFraction * 100, 2)} %) missed their time, above ${RULES.maxMissedFraction * 100} % (generator saturated)`);
  }
  // With Poisson arrivals the schedule's own count varies (sd = sqrt(count)); a shortfall within three of
  // those is the plan's randomness, not the generator's, so it is allowed on top of the 2 %.
  const plannedCount = planned === undefined ? 0 : planned * seconds;
  const poissonAllowance = result.plan.arrivals === 'poisson' ? 3 * Math.sqrt(plannedCount) : 0;
  if (!result.meta.partial && planned !== undefined && planned > 0 && arrivals < plannedCount * RULES.minAchievedRateFraction - poissonAllowance) {
    const unit = started === undefined ? 'req/s' : 'arrivals/s';
    reasons.push(`${label} run: achieved ${fixed(achievedRate, 1)} ${unit}, more than ${Math.round((1 - RULES.minAchievedRateFraction) * 100)} % below the planned ${fixed(planned, 1)} ${unit} (generator saturated)`);
  }
  if (seconds === 0) reasons.push(`${label} run: the steady window is empty`);
  return { lagP99Ms, missedSends, achievedRate, ...(planned === undefined ? {} : { plannedRate: planned }), reasons };
}

function phaseShape(plan: RunPlan): string {
  return plan.phases.map((p) => `${p.rate ?? '-'}→${p.rampTo ?? p.rate ?? '-'}/${p.vus ?? '-'}→${p.rampToVus ?? p.vus ?? '-'}`).join(', ');
}

/** Reasons the baseline cannot be compared with the current run; empty when it can. */
export function comparabilityReasons(current: RunResult, baseline: RunResult): string[] {
  const reasons: string[] = [];
  if (current.meta.configName !== baseline.meta.configName) {
    reasons.push(`baseline is of config "${baseline.meta.configName}", this run of "${current.meta.configName}"`);
  }
  if ((current.meta.profile ?? '') !== (baseline.meta.profile ?? '')) {
    reasons.push(`baseline used profile "${baseline.meta.profile ?? '(none)'}", this run "${current.meta.profile ?? '(none)'}"`);
  }
  if (current.plan.model !== baseline.plan.model) {
    reasons.push(`baseline used the ${baseline.plan.model} model, this run the ${current.plan.model} model`);
  } else if (phaseShape(current.plan) !== phaseShape(baseline.plan)) {
    reasons.push(`baseline load plan differs (rates ${phaseShape(baseline.plan)} vs ${phaseShape(current.plan)})`);
  }
  if (current.meta.targetClass !== baseline.meta.targetClass) {
    reasons.push(`baseline ran against a ${baseline.meta.targetClass} target, this run against a ${current.meta.targetClass} one`);
  }
  return reasons;
}
