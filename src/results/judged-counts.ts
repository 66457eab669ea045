// The counts that judge a target: requests and failures per second with the run's own cancellations
// (UNJUDGED_ERROR_CLASSES: requests cut off by a signal, the hard wall or a stop rule) left out of both,
// so an interrupted run's error ratio and rate speak of the target only. results.json keeps them in.

import { UNJUDGED_ERROR_CLASSES, type EndpointSeries, type ErrorClass } from './types.js';

/**
 * Per second, the requests that count for ratios and rates: all recorded requests less those the run
 * cancelled itself (UNJUDGED_ERROR_CLASSES), which say nothing about the target. The one place this
 * subtraction is written: analysis, the steady summary and history all read counts through it.
 */
export function judgedRequests(series: Pick<EndpointSeries, 'requests' | 'errors'>, seconds: number): number[] {
  const requests = new Array<number>(seconds).fill(0);
  for (let t = 0; t < seconds; t++) requests[t] = series.requests[t] ?? 0;
  for (const errorClass of UNJUDGED_ERROR_CLASSES) {
    const perSecond = series.errors[errorClass];
    if (perSecond) for (let t = 0; t < seconds; t++) requests[t] = Math.max(0, requests[t]! - (perSecond[t] ?? 0));
  }
  return requests;
}

/** Failed requests per second over the classes that are failures of the target. */
export function judgedErrors(series: Pick<EndpointSeries, 'errors'>, seconds: number): number[] {
  const errors = new Array<number>(seconds).fill(0);
  for (const [errorClass, perSecond] of Object.entries(series.errors) as [ErrorClass, readonly number[] | undefined][]) {
    if (!perSecond || UNJUDGED_ERROR_CLASSES.includes(errorClass)) continue;
    for (let t = 0; t < seconds; t++) errors[t]! += perSecond[t] ?? 0;
  }
  return errors;
}

