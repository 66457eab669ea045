// Statistical simulations that must stay true as the analysis changes (docs/statistics.md §7): A/A false
// alarms with one baseline and with a history of 10 (also at a smoke-sized load), the share of rows
// decided, power at +20 % / +10 % and for p99-only and slow-mode tail regressions, the same with one wild
// run in History, the bootstrap's calibration on identical pairs (which also sets the samples floor of §3),
// and where MSER-5 trims a synthetic warm-up or leaves a stationary run alone. Many seeds; prints every
// rate, against its target where it has one, and says "NOT MET" where a target is missed. Runs the
// TypeScript sources directly with Node 24's type
// stripping (a resolve hook maps the NodeNext `.js` import specifiers to the `.ts` files), so no build is
// needed: `npm run bench:stats` (uses node_modules/.bin/node, Node 24). Environment: STATS_TRIALS
// (default 200 per experiment), STATS_RESAMPLES (bootstrap resamples inside the simulation, default
// 200 instead of the product's 2000 to bound the runtime: the rule uses the bootstrap standard error,
// which 200 resamples estimate to about ±5 %), STATS_WORKERS (default 2 worker threads).
// Experiments share each trial's baseline, history and seeds (common random numbers); trials are
// independent of each other.

import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const candidate = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
    }
    return nextResolve(specifier, context);
  },
});

const root = new URL('../', import.meta.url);
const { analyse } = await import(new URL('src/analysis/verdict.ts', root).href);
const { DEFAULT_ANALYSIS_SETTINGS } = await import(new URL('src/analysis/defaults.ts', root).href);
const { trimWarmup } = await import(new URL('src/analysis/trim.ts', root).href);
const { countsFromEncoded } = await import(new URL('src/analysis/bucket-counts.ts', root).href);
const { bootstrapRatios, varianceInflation } = await import(new URL('src/analysis/bootstrap.ts', root).href);
const { rowTests } = await import(new URL('src/analysis/row-tests.ts', root).href);
const { createRng } = await import(new URL('src/analysis/rng.ts', root).href);
const { quantileUs, sumCounts } = await import(new URL('src/analysis/bucket-counts.ts', root).href);
const { syntheticRun, syntheticHistoryEntry } = await import(new URL('test/support/synthetic-run.ts', root).href);

const TRIALS = Number(process.env.STATS_TRIALS ?? 200);
const RESAMPLES = Number(process.env.STATS_RESAMPLES ?? 200);
const WORKERS = Math.max(1, Math.min(Number(process.env.STATS_WORKERS ?? 2), availableParallelism()));
const SECONDS = 100;
const RUN_NOISE = 0.03; // sd of ln(latency scale) between runs: "3 % between-run noise"
const DRIFT = { sd: 0.03, correlation: 0.8 }; // per-second AR(1) on ln latency within a run
const ENDPOINTS = [
  { name: 'home', ratePerSec: 120, medianMs: 20, sigma: 0.4 },
  { name: 'product', ratePerSec: 120, medianMs: 40, sigma: 0.6 },
];
const CHANGES = {
  same: {},
  plus20: { scale: 1.2 },
  plus10: { scale: 1.1 },
  // 2 % of requests 3× slower: p99 rises ~30 %, p95 under its 10 % tolerance.
  tail: { tail: { fraction: 0.02, factor: 3 } },
};

function runOptions(seed, change = {}, drift = DRIFT, shape = {}) { // drift null: none
  const seconds = shape.seconds ?? SECONDS;
  const endpoints = (shape.endpoints ?? ENDPOINTS).map((e) => ({ ...e, ...change }));
  return { seed, seconds, endpoints, runNoise: shape.runNoise ?? RUN_NOISE, ...(drift ? { drift } : {}) };
}

/** `outlier`: the fourth run of main ran this many times slower (a bad machine), the rest as usual. */
function historyOf(trial, count, outlier, shape = {}) {
  const entries = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    const change = outlier !== undefined && i === 3 ? { scale: outlier } : {};
    entries.push(syntheticHistoryEntry(runOptions(1_000_000 + trial * 100 + i, change, DRIFT, shape), 0, { runId: `main-${trial}-${i}`, commit: `c${trial}x${i}`, date }));
  }
  return { format: 'perf-action/history', version: 1, configName: 'synthetic', entries };
}

function cutOf(run) {
  return trimWarmup({ plan: run.plan, seconds: run.seconds, latencyPerSecond: run.total.latency.map(countsFromEncoded), rule: { kind: 'auto' } }).startSec;
}

function rowFlags(verdict, metric) {
  const rows = verdict.comparisons.filter((row) => row.metric === metric);
  const decided = (m) => verdict.comparisons.filter((row) => row.metric === m);
  return {
    any: verdict.regression === 'fail',
    row: rows.some((row) => row.outcome === 'fail'),
    boot: rows.some((row) => row.bootstrap?.outcome === 'fail'),
    hist: rows.some((row) => row.history?.outcome === 'fail'),
    // Which of the bootstrap's two tests would have carried a row alone at its Holm level (and the size rule).
    quantileOnly: rows.some((row) => row.bootstrap && row.bootstrap.quantilePValue <= row.bootstrap.holmLevel && row.ratio > 1 + Math.max(row.tolerance, row.floorMs / row.baselineMs)),
    tailOnly: rows.some((row) => row.bootstrap?.tail && row.bootstrap.tail.pValue <= row.bootstrap.holmLevel && row.ratio > 1 + Math.max(row.tolerance, row.floorMs / row.baselineMs)),
    p50Fail: decided('p50').some((row) => row.outcome === 'fail'),
    // Rows not ❔, per percentile: [decided, total].
    decidedP95: [decided('p95').filter((row) => row.outcome !== 'inconclusive').length, decided('p95').length],
    decidedP99: [decided('p99').filter((row) => row.outcome !== 'inconclusive').length, decided('p99').length],
  };
}

const SMOKE = { seconds: 20, endpoints: ENDPOINTS.map((e) => ({ ...e, ratePerSec: 50 })) };
// The issue's loopback case: 20 s at 400 req/s, lognormal (10 ms, σ 0.3); current with 3 % of requests ~+60 ms.
const SLOW_TAIL = { seconds: 20, runNoise: 0.03, endpoints: [{ name: 'api', ratePerSec: 400, medianMs: 10, sigma: 0.3 }] };
// Calibration of the bootstrap itself: identical pairs without between-run noise (the bootstrap cannot see
// it), tolerance 0; a row is rejected when a test's one-sided p-value is below 5 %.
const CALIBRATION_LOADS = [
  { seconds: 20, ratePerSec: 120 },
  { seconds: 100, ratePerSec: 120 },
  { seconds: 20, ratePerSec: 25 },
  { seconds: 20, ratePerSec: 50 },
  { seconds: 20, ratePerSec: 100 },
  { seconds: 40, ratePerSec: 100 },
];

function calibration(index) {
  const settings = { ...DEFAULT_ANALYSIS_SETTINGS, compare: { ...DEFAULT_ANALYSIS_SETTINGS.compare, resamples: RESAMPLES, tolerance: { p50: 0, p95: 0, p99: 0 }, floorMs: 0 } };
  return CALIBRATION_LOADS.map(({ seconds, ratePerSec }, k) => {
    const shape = { seconds, runNoise: 0, endpoints: [{ name: 'api', ratePerSec, medianMs: 20, sigma: 0.5 }] };
    const baseline = syntheticRun(runOptions(200_000 + index * 13 + k, {}, DRIFT, shape));
    const current = syntheticRun(runOptions(300_000 + index * 13 + k, {}, DRIFT, shape));
    const verdict = analyse({ current, baseline, config: settings });
    const windowSec = verdict.trim.current.endSec - verdict.trim.current.startSec;
    const inflation = varianceInflation(windowSec);
    return verdict.comparisons
      .filter((row) => row.endpoint === 'api')
      .map((row) => {
        const boot = row.bootstrap;
        const z = boot ? Math.log(row.ratio) / boot.standardError : Number.NaN;
        return {
          metric: row.metric,
          beyond: Math.min(row.requests, verdict.baselineEndpoints?.[0]?.requests ?? 0) * (1 - { p50: 0.5, p95: 0.95, p99: 0.99 }[row.metric]),
          tested: boot !== undefined,
          quantile: boot ? boot.quantilePValue < 0.05 : false,
          quantileUninflated: boot ? z * Math.sqrt(inflation) > 1.6448536 : false,
          tail: boot?.tail ? boot.tail.pValue < 0.05 : false,
          either: boot ? boot.pValue < 0.05 : false,
        };
      });
  });
}

// The samples floor of §3: identical 20 s pairs at rates that leave 1, 2, 3, 5 and 10 samples beyond p99
// in each run, through the bootstrap and the row's tests directly (the product refuses rows below the
// floor, so analyse() cannot show what happens there). δ 0; rejections at nominal 5 % and 1 %.
const FLOOR_RATES = [5, 10, 15, 25, 50];

function floorSweep(index) {
  return FLOOR_RATES.map((ratePerSec, k) => {
    const shape = { seconds: 20, runNoise: 0, endpoints: [{ name: 'api', ratePerSec, medianMs: 20, sigma: 0.5 }] };
    const [baseline, current] = [400_000, 500_000].map((offset) => syntheticRun({ ...runOptions(offset + index * 11 + k, {}, DRIFT, shape), arrivals: 'constant' }).total.latency.map(countsFromEncoded));
    const boot = bootstrapRatios({ baseline, current, quantiles: [0.99], resamples: RESAMPLES, rng: createRng(index * 11 + k), tailFactors: [1] });
    const baselineCounts = sumCounts(baseline);
    const currentCounts = sumCounts(current);
    const logRatio = Math.log(valueAt(currentCounts) / valueAt(baselineCounts));
    const inflation = varianceInflation(20);
    const tests = rowTests({ boot, index: 0, quantile: 0.99, baselineCounts, currentCounts, logRatio, tolerance: 0, inflationBaseline: inflation, inflationCurrent: inflation });
    return { five: tests.pValue < 0.05, one: tests.pValue < 0.01, tailFive: (tests.tail?.pValue ?? 1) < 0.05 };
  });
}

function valueAt(counts) {
  return quantileUs(counts, 0.99);
}

/** Everything one trial contributes: a flag per experiment. */
function runTrial(index) {
  const settings = { ...DEFAULT_ANALYSIS_SETTINGS, compare: { ...DEFAULT_ANALYSIS_SETTINGS.compare, resamples: RESAMPLES } };
  const baseline = syntheticRun(runOptions(10_000 + index * 7));
  const history = historyOf(index, 10);
  const current = {};
  for (const [name, change] of Object.entries(CHANGES)) current[name] = syntheticRun(runOptions(10_001 + index * 7, change));
  const slowRunInHistory = historyOf(index, 10, 1.5);
  const verdict = (run, withHistory, past = history, base = baseline) => analyse({ current: run, baseline: base, ...(withHistory ? { history: past } : {}), config: settings });
  const smokeBaseline = syntheticRun(runOptions(40_000 + index * 7, {}, DRIFT, SMOKE));
  const smokeHistory = historyOf(index + 5000, 10, undefined, SMOKE);
  const smokeSame = syntheticRun(runOptions(40_001 + index * 7, {}, DRIFT, SMOKE));
  const tailBaseline = syntheticRun(runOptions(50_000 + index * 7, {}, DRIFT, SLOW_TAIL));
  const tailCurrent = syntheticRun(runOptions(50_001 + index * 7, { tail: { fraction: 0.03, factor: 7 } }, DRIFT, SLOW_TAIL));
  const slowTail = verdict(tailCurrent, false, undefined, tailBaseline);
  return {
    aaOne: rowFlags(verdict(current.same, false), 'p95'),
    aaHistory: rowFlags(verdict(current.same, true), 'p95'),
    plus20History: rowFlags(verdict(current.plus20, true), 'p95'),
    plus20One: rowFlags(verdict(current.plus20, false), 'p95'),
    plus10History: rowFlags(verdict(current.plus10, true), 'p95'),
    aaOutlier: rowFlags(verdict(current.same, true, slowRunInHistory), 'p95'),
    plus20Outlier: rowFlags(verdict(current.plus20, true, slowRunInHistory), 'p95'),
    tailHistory: rowFlags(verdict(current.tail, true), 'p99'),
    tailOne: rowFlags(verdict(current.tail, false), 'p99'),
    tailHistoryP95: rowFlags(verdict(current.tail, true), 'p95'),
    aaSmokeOne: rowFlags(verdict(smokeSame, false, undefined, smokeBaseline), 'p95'),
    aaSmokeHistory: rowFlags(verdict(smokeSame, true, smokeHistory, smokeBaseline), 'p95'),
    slowTail: { p99: slowTail.comparisons.some((r) => r.metric === 'p99' && r.outcome === 'fail'), p50: slowTail.comparisons.some((r) => r.metric === 'p50' && r.outcome === 'fail') },
    calibration: calibration(index),
    floor: floorSweep(index),
    warmCut: cutOf(syntheticRun({ ...runOptions(70_000 + index), seconds: 120, warmup: { seconds: 20, factor: 3 } })),
    stillCut: cutOf(syntheticRun({ ...runOptions(80_000 + index), seconds: 120 })),
    stillCut20: cutOf(syntheticRun(runOptions(85_000 + index, {}, DRIFT, SLOW_TAIL))),
    warmCutNoDrift: cutOf(syntheticRun({ ...runOptions(70_000 + index, {}, null), seconds: 120, warmup: { seconds: 20, factor: 3 } })),
    mildCut: cutOf(syntheticRun({ ...runOptions(95_000 + index), seconds: 120, warmup: { seconds: 20, factor: 1.5 } })),
    stillCutNoDrift: cutOf(syntheticRun({ ...runOptions(80_000 + index, {}, null), seconds: 120 })),
  };
}

if (!isMainThread) {
  const results = [];
  for (let index = workerData.from; index < workerData.to; index++) results.push(runTrial(index));
  parentPort.postMessage(results);
} else {
  const started = performance.now();
  console.log(`perf-action statistics simulations: ${TRIALS} trials, ${RESAMPLES} bootstrap resamples (product default 2000), ${WORKERS} workers`);
  console.log(`runs of ${SECONDS} s, ${ENDPOINTS.length} endpoints at ${ENDPOINTS.map((e) => `${e.ratePerSec} req/s (median ${e.medianMs} ms, σ ${e.sigma})`).join(' and ')}, lognormal;`);
  console.log(`between-run noise ${RUN_NOISE * 100} % (sd of ln scale per run); per-second drift AR(1) sd ${DRIFT.sd * 100} %, ρ ${DRIFT.correlation};`);
  console.log('default rule: δ 5/10/15 % (p50/p95/p99), floor 1 ms, α 0.01 one-sided; bootstrap rows: quantile ratio and (above the median) the tail test moved with the median, Bonferroni over the two, variance × b·L/(T − L), Hommel across rows, at least 5 samples beyond the percentile per run; history test (runs beyond 5 robust sd set aside; mean, sd, t_{0.99, n−1}) Hommel-corrected across rows; with history a row fails when it fails and the bootstrap agrees (one-sided lower bound of the ratio > 1); MSER-5 earliest near-minimum, c = 1, cut kept only when significant (t, one-sided 0.99)\n');
  const share = Math.ceil(TRIALS / WORKERS);
  const parts = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const from = w * share;
      const to = Math.min(TRIALS, from + share);
      return new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { from, to } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const trials = parts.flat();
  const rate = (pick) => trials.filter(pick).length / trials.length;
  const line = (name, value, target) => {
    const verdict = target === undefined ? '' : `target ${target.op} ${target.value * 100} %   ${(target.op === '≤' ? value <= target.value : value >= target.value) ? 'met' : 'NOT MET'}`;
    console.log(`${name.padEnd(66)} ${(value * 100).toFixed(1).padStart(5)} %   ${verdict}`.trimEnd());
  };
  const decidedShare = (pick) => {
    const [decided, total] = trials.map(pick).reduce((acc, [d, t]) => [acc[0] + d, acc[1] + t], [0, 0]);
    return total === 0 ? Number.NaN : decided / total;
  };
  console.log('— false alarms (identical code) —');
  line('A/A, one baseline: runs with any failing row', rate((t) => t.aaOne.any), { op: '≤', value: 0.05 });
  line('  … runs with a failing p50 row', rate((t) => t.aaOne.p50Fail));
  line('A/A, history of 10: runs with any failing row', rate((t) => t.aaHistory.any), { op: '≤', value: 0.01 });
  line('  … runs where the history test alone fails a p95 row', rate((t) => t.aaHistory.hist));
  line('  … runs where the bootstrap alone fails a p95 row', rate((t) => t.aaHistory.boot));
  line('A/A smoke (20 s at 50 req/s, ~1000 req/endpoint), one baseline: any fail', rate((t) => t.aaSmokeOne.any), { op: '≤', value: 0.05 });
  line('A/A smoke, history of 10 smoke runs: any fail', rate((t) => t.aaSmokeHistory.any), { op: '≤', value: 0.01 });
  line('one run of the 10 in History 1.5× slow, A/A: any failing row', rate((t) => t.aaOutlier.any));
  console.log('— rows decided (not ❔) in A/A —');
  line('one baseline: p95 rows decided', decidedShare((t) => t.aaOne.decidedP95), { op: '≥', value: 0.9 });
  line('one baseline: p99 rows decided', decidedShare((t) => t.aaOne.decidedP99), { op: '≥', value: 0.7 });
  line('history of 10: p95 rows decided', decidedShare((t) => t.aaHistory.decidedP95), { op: '≥', value: 0.9 });
  line('history of 10: p99 rows decided', decidedShare((t) => t.aaHistory.decidedP99), { op: '≥', value: 0.7 });
  line('smoke, one baseline: p95 rows decided', decidedShare((t) => t.aaSmokeOne.decidedP95));
  line('smoke, one baseline: p99 rows decided', decidedShare((t) => t.aaSmokeOne.decidedP99));
  console.log('— power —');
  line('+20 % everywhere, one baseline only: a p95 row fails', rate((t) => t.plus20One.row), { op: '≥', value: 0.95 });
  line('+20 % everywhere, history of 10: a p95 row fails', rate((t) => t.plus20History.row), { op: '≥', value: 0.95 });
  line('  … of which the bootstrap alone would fail a p95 row', rate((t) => t.plus20History.boot));
  line('  … of which the history test alone would fail a p95 row', rate((t) => t.plus20History.hist));
  line('  … any row fails (the run fails)', rate((t) => t.plus20History.any));
  line('+10 % everywhere, history of 10: a p95 row fails (aim ≥ 60 %)', rate((t) => t.plus10History.row));
  line('  … any row fails (the run fails)', rate((t) => t.plus10History.any));
  line('one run of the 10 in History 1.5× slow, +20 %: a p95 row fails', rate((t) => t.plus20Outlier.row));
  line('p99-only (2 % of requests 3× slower), history of 10: a p99 row fails', rate((t) => t.tailHistory.row), { op: '≥', value: 0.9 });
  line('  … a p95 row fails', rate((t) => t.tailHistoryP95.row));
  line('  … any row fails (the run fails)', rate((t) => t.tailHistory.any));
  line('p99-only, one baseline: a p99 row fails', rate((t) => t.tailOne.row), { op: '≥', value: 0.8 });
  line('  … the quantile-ratio test alone (no Bonferroni) would fail one', rate((t) => t.tailOne.quantileOnly));
  line('  … the tail test alone (no Bonferroni) would fail one', rate((t) => t.tailOne.tailOnly));
  line('+20 % one baseline: the quantile-ratio test alone would fail a p95 row', rate((t) => t.plus20One.quantileOnly));
  line('  … the tail test alone would', rate((t) => t.plus20One.tailOnly));
  line('slow tail (20 s at 400 req/s, 3 % of requests 7×), one baseline: p99 fails', rate((t) => t.slowTail.p99));
  line('  … p50 fails', rate((t) => t.slowTail.p50));
  console.log('— bootstrap calibration: identical pairs, no between-run noise, δ 0, one-sided 5 % per row —');
  CALIBRATION_LOADS.forEach(({ seconds, ratePerSec }, k) => {
    for (const metric of ['p50', 'p95', 'p99']) {
      const rows = trials.map((t) => t.calibration[k].find((row) => row.metric === metric)).filter((row) => row?.tested);
      const r = (key) => (rows.length === 0 ? Number.NaN : rows.filter((row) => row[key]).length / rows.length);
      const beyond = rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row.beyond, 0) / rows.length;
      console.log(
        `  ${seconds} s at ${ratePerSec} req/s, ${metric} (~${beyond.toFixed(0)} beyond, ${rows.length} rows tested): quantile ${(r('quantile') * 100).toFixed(1)} % (uninflated ${(r('quantileUninflated') * 100).toFixed(1)} %), tail ${(r('tail') * 100).toFixed(1)} %, row ${(r('either') * 100).toFixed(1)} %`,
      );
    }
  });
  console.log('— samples floor: identical 20 s pairs, p99, δ 0, rows rejected (the row = Bonferroni over both tests) —');
  FLOOR_RATES.forEach((ratePerSec, k) => {
    const r = (key) => trials.filter((t) => t.floor[k][key]).length / trials.length;
    console.log(`  ${ratePerSec * 20 * 0.01} beyond p99 per run (${ratePerSec} req/s): row ${(r('five') * 100).toFixed(1)} % at nominal 5 %, ${(r('one') * 100).toFixed(1)} % at nominal 1 %; tail test ${(r('tailFive') * 100).toFixed(1)} % at 5 %`);
  });
  console.log('— trim —');
  line('trim: 20 s warm-up (3× at start, linear) cut within [20, 30] s', rate((t) => t.warmCut >= 20 && t.warmCut <= 30), { op: '≥', value: 0.9 });
  line('trim: stationary 120 s run not cut', rate((t) => t.stillCut === 0), { op: '≥', value: 0.9 });
  line('  stationary 120 s run cut ≤ 5 s', rate((t) => t.stillCut <= 5));
  line('  stationary 20 s run at 400 req/s not cut', rate((t) => t.stillCut20 === 0));
  line('  mild warm-up (1.5× at start, linear over 20 s) cut within [15, 30] s', rate((t) => t.mildCut >= 15 && t.mildCut <= 30));
  line('  (same two without per-second drift) warm-up cut in [20, 30] s', rate((t) => t.warmCutNoDrift >= 20 && t.warmCutNoDrift <= 30));
  line('  (same two without per-second drift) stationary not cut', rate((t) => t.stillCutNoDrift === 0));
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
}
