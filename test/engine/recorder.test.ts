import { describe, expect, test } from 'vitest';
import { Recorder } from '../../src/engine/recorder.js';
import { decodeHistogram } from '../../src/results/histogram.js';

describe('Recorder', () => {
  test('a second is encoded once the clock has passed it and nothing scheduled in it is in flight', () => {
    const recorder = new Recorder(['a', 'b']);
    recorder.noteSent(0, 100);
    recorder.recordResponse(0, 0, 20_000, 19_000, 200, undefined);
    recorder.noteSent(0, 200);
    recorder.noteSent(1, 300);
    recorder.recordResponse(1, 1, 30_000, 29_000, 503, 'http5xx', 'status 503');
    // Second 0 still has a request in flight: nothing is encoded, and it holds back second 1.
    recorder.finishSeconds(2);
    const early = recorder.toSeries(2);
    expect(early.total.latency).toEqual([null, null]);
    recorder.recordResponse(1, 0, 40_000, 39_000, 200, undefined);
    recorder.finishSeconds(2);
    const { endpoints, total } = recorder.toSeries(2, ['GET', undefined]);
    expect(decodeHistogram(total.latency[0]!).totalCount).toBe(2);
    expect(decodeHistogram(total.latency[1]!).totalCount).toBe(1);
    expect(endpoints[0]!.latency[1]).toBeNull();
    expect(decodeHistogram(endpoints[1]!.latency[1]!).maxValue).toBeGreaterThanOrEqual(30_000);
    expect(endpoints[1]!.latency[1]).not.toBeNull();
    expect(total.requests).toEqual([2, 1]);
    expect(total.status).toEqual({ '200': [2, 0], '503': [0, 1] });
    expect(endpoints[1]!.errors).toEqual({ http5xx: [0, 1] });
    expect(endpoints[1]!.errorSamples).toEqual({ http5xx: 'status 503' });
    expect(endpoints[0]!.method).toBe('GET');
    expect(recorder.lagSeries(2).lagPerSecond.map((h) => (h === null ? 0 : decodeHistogram(h).totalCount))).toEqual([2, 1]);
  });

  test('failures without a response count as requests and errors but add no latency sample', () => {
    const recorder = new Recorder(['a']);
    recorder.noteSent(0, 10);
    recorder.recordFailure(0, 0, 'refused', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1');
    recorder.noteMissed(0);
    recorder.finishSeconds(1);
    const { total } = recorder.toSeries(1);
    expect(total.requests).toEqual([1]);
    expect(total.errors).toEqual({ refused: [1] });
    expect(total.latency).toEqual([null]);
    expect(recorder.lagSeries(1).missedPerSecond).toEqual([1]);
    expect(recorder.missed).toBe(1);
  });

  test('memory stays flat: 2 M requests over 20 endpoints and 200 seconds reuse a fixed set of histograms', () => {
    const names = Array.from({ length: 20 }, (_, i) => `endpoint ${i}`);
    const recorder = new Recorder(names);
    const afterFirstSeconds: number[] = [];
    let requests = 0;
    for (let second = 0; second < 200; second++) {
      for (let i = 0; i < 10_000; i++) {
        const endpoint = i % 20;
        recorder.noteSent(second, 50 + (i % 7));
        recorder.recordResponse(endpoint, second, 1_000 + ((i * 37) % 5_000), 900 + (i % 100), 200, undefined);
        requests++;
      }
      recorder.finishSeconds(second + 1);
      if (second === 4 || second === 199) afterFirstSeconds.push(recorder.histogramsCreated);
    }
    expect(requests).toBe(2_000_000);
    // The pool that served the first five seconds serves the remaining 195.
    expect(afterFirstSeconds[1]).toBe(afterFirstSeconds[0]);
    const { total } = recorder.toSeries(200);
    expect(total.requests.reduce((a, b) => a + b, 0)).toBe(2_000_000);
    expect(decodeHistogram(total.latency[150]!).totalCount).toBe(10_000);
  });

  test('the progress p95 covers the last five finished seconds of the total', () => {
    const recorder = new Recorder(['a']);
    for (let second = 0; second < 8; second++) {
      for (let i = 0; i < 100; i++) {
        recorder.noteSent(second, 1);
        recorder.recordResponse(0, second, second < 3 ? 100_000 : 1_000 + i, 500, 200, undefined);
      }
      recorder.finishSeconds(second + 1);
    }
    const p95 = recorder.recentP95Us();
    expect(p95).toBeGreaterThanOrEqual(1_094);
    expect(p95).toBeLessThanOrEqual(1_096);
  });
});
