// The abort rules as data: which failures count as "cannot connect", when the unreachable rule decides,
// and the error-storm window over running totals.
import { expect, test } from 'vitest';
import { connectionFailure, ErrorStormWatch, errorStormWatch, ReachabilityWatch } from '../../src/engine/stop-rules.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 });

test('connection failures are named by code and address, through undici wrappers; other failures are not', () => {
  expect(connectionFailure(refused)).toBe('ECONNREFUSED 127.0.0.1:1');
  expect(connectionFailure(Object.assign(new Error('socket'), { code: 'UND_ERR_SOCKET', cause: refused }))).toBe('ECONNREFUSED 127.0.0.1:1');
  expect(connectionFailure(Object.assign(new Error('dns'), { code: 'ENOTFOUND', hostname: 'nowhere.invalid' }))).toBe('ENOTFOUND nowhere.invalid');
  expect(connectionFailure(Object.assign(new Error('tls'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  expect(connectionFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBeUndefined();
  expect(connectionFailure(Object.assign(new Error('slow'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBeUndefined();
  expect(connectionFailure('not an error')).toBeUndefined();
});

test('unreachable fires once, at its time, only when connection failures were all there was', () => {
  const watch = new ReachabilityWatch(5e6);
  watch.noteFailure(refused);
  watch.noteFailure(refused);
  expect(watch.check(4.9e6)).toBeUndefined();
  expect(watch.watching).toBe(true);
  expect(watch.check(5e6)).toBe('target unreachable: ECONNREFUSED 127.0.0.1:1 (all 2 requests of the first 5 s failed to connect)');
  expect(watch.watching).toBe(false);
  expect(watch.check(6e6)).toBeUndefined();
});

test('one response, or any other failure, or no outcome at all, means the target is not unreachable', () => {
  const answered = new ReachabilityWatch(1e6);
  answered.noteFailure(refused);
  answered.noteResponse();
  expect(answered.check(1e6)).toBeUndefined();
  const reset = new ReachabilityWatch(1e6);
  reset.noteFailure(refused);
  reset.noteFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
  expect(reset.check(1e6)).toBeUndefined();
  expect(new ReachabilityWatch(1e6).check(1e6)).toBeUndefined();
  const off = new ReachabilityWatch(0);
  off.noteFailure(refused);
  expect(off.watching).toBe(false);
  expect(off.check(10e6)).toBeUndefined();
});

test('the error storm is judged over the last `for` seconds of running totals', () => {
  const storm = new ErrorStormWatch(0.5, 3);
  // Per second: 10 requests; errors 0, 1, 2, then 8, 9, 9 per second.
  const perSecondErrors = [0, 1, 2, 8, 9, 9];
  let requests = 0;
  let errors = 0;
  const verdicts = [storm.check(0, 0)];
  for (const failed of perSecondErrors) {
    requests += 10;
    errors += failed;
    verdicts.push(storm.check(requests, errors));
  }
  // Windows of 3 s: [0,1,2]=10 %, [1,2,8]=37 %, [2,8,9]=63 % ← fires.
  expect(verdicts.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
  expect(verdicts[4]).toBeUndefined();
  expect(verdicts[5]).toBe('error storm: 63.3 % of the 30 requests of the last 3 s failed (abort.errorRatio 50 %)');
  expect(errorStormWatch({ unreachableAfterMs: 5000 })).toBeUndefined();
  expect(errorStormWatch({ unreachableAfterMs: 5000, errorStorm: { ratio: 0.5, windowMs: 10_000 } })).toBeInstanceOf(ErrorStormWatch);
});

test('a window with no requests never storms', () => {
  const storm = new ErrorStormWatch(0.1, 1);
  expect(storm.check(0, 0)).toBeUndefined();
  expect(storm.check(0, 0)).toBeUndefined();
});
