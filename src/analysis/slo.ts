// SLO rows (docs/statistics.md §5, after the SRE workbook): SLI = good / valid over the steady window, exact
// counts from the HDR buckets. Latency: good = responses in buckets whose highest equivalent value is at
// most the threshold (the bucket holding the threshold counts as bad, so the SLI is never flattered);
// failed requests are bad in every kind. A failed response (4xx, 5xx, expectation) also sits in the
// latency histogram at an unknown bucket, so it is taken out of the fast count (assumed fast: the
// conservative choice). Wilson interval with the design effect; budget used = bad fraction / (1 − target).

import type { SloSpec } from '../config/types.js';
import type { SloRow } from './types.js';
import { countAtOrBelowUs } from './bucket-counts.js';
import { findSeries, type DecodedRun, type DecodedSeries } from './decoded-run.js';
import { RULES } from './defaults.js';
import { designEffect, wilsonWithDesignEffect } from './wilson.js';

function objectiveOf(spec: SloSpec): number {
  return spec.kind === 'error-ratio' ? 1 - spec.maxErrorRatio : spec.objective;
}

function percentText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(3))} %`;
}

export function evaluateSlo(spec: SloSpec, run: DecodedRun, startSec: number, endSec: number, gateReasons: readonly string[] = []): SloRow {
  const objective = objectiveOf(spec);
  const names = spec.endpoints === 'all' ? ['all'] : spec.endpoints;
  const series: DecodedSeries[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const found = findSeries(run, name);
    if (found) series.push(found);
    else missing.push(name);
  }
  const thresholdUs = spec.kind === 'latency' ? spec.thresholdMs * 1000 : 0;
  const seconds = Math.max(0, endSec - startSec);
  const badPerSecond = new Array<number>(seconds).fill(0);
  const validPerSecond = new Array<number>(seconds).fill(0);
  for (const item of series) {
    for (let k = 0; k < seconds; k++) {
      const t = startSec + k;
      const valid = item.requests[t] ?? 0;
      const failed = item.errors[t] ?? 0;
      let good = valid - failed;
      if (spec.kind === 'latency') {
        const fast = countAtOrBelowUs(item.latency[t] ?? { index: new Int32Array(0), count: new Float64Array(0), total: 0 }, thresholdUs);
        good = Math.min(good, fast - (item.errorsWithResponse[t] ?? 0));
      }
      good = Math.max(0, good);
      validPerSecond[k]! += valid;
      badPerSecond[k]! += valid - good;
    }
  }
  const valid = validPerSecond.reduce((sum, v) => sum + v, 0);
  const bad = badPerSecond.reduce((sum, v) => sum + v, 0);
  const good = valid - bad;
  const deff = designEffect(badPerSecond, validPerSecond);
  const interval = wilsonWithDesignEffect(good, valid, deff, RULES.intervalZ);
  const badFraction = valid > 0 ? bad / valid : Number.NaN;
  const budget = 1 - objective;
  const budgetUsed = budget > 0 ? badFraction / budget : bad > 0 ? Infinity : 0;
  let outcome: SloRow['outcome'];
  let reason: string | undefined;
  if (missing.length > 0) {
    outcome = 'inconclusive';
    reason = `no endpoint named ${missing.map((name) => `"${name}"`).join(', ')} in this run`;
  } else if (valid === 0) {
    outcome = 'inconclusive';
    reason = 'no requests in the steady window';
  } else if (gateReasons.length > 0) {
    outcome = 'inconclusive';
    reason = gateReasons.join('; ');
  } else if (interval.low >= objective) {
    outcome = 'pass';
  } else if (interval.high < objective) {
    outcome = 'fail';
  } else {
    outcome = 'inconclusive';
    reason = `${valid} requests are too few to tell: ${percentText(interval.low)} … ${percentText(interval.high)} spans the ${percentText(objective)} objective`;
  }
  return {
    name: spec.name,
    kind: spec.kind,
    endpoints: spec.endpoints,
    objective,
    ...(spec.kind === 'latency' ? { thresholdMs: spec.thresholdMs } : {}),
    good,
    valid,
    sli: interval.estimate,
    sliLow: interval.low,
    sliHigh: interval.high,
    designEffect: deff,
    budgetUsed,
    burnRate: budgetUsed,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  };
}
