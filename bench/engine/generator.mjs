// One benchmark phase in its own process (the parent pins it to one core with taskset): runs the
// bundled engine (build/bench/index.js) or autocannon against a target and prints one JSON line with
// requests, throughput, CPU µs per request (process.cpuUsage of this process), latency and RSS.
// Usage: node generator.mjs '<json options>'
import { performance } from 'node:perf_hooks';

const options = JSON.parse(process.argv[2]);

function rssMb() {
  return Math.round((process.memoryUsage().rss / 1048576) * 10) / 10;
}

async function runEngine() {
  const { runLoad, benchConfig, summariseSteady, perSecondP99Ms } = await import(new URL('../../build/bench/index.js', import.meta.url).href);
  const config = benchConfig(options);
  const rssSamples = [];
  const rssStartMb = rssMb();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // With --expose-gc (the memory phase), each sample follows a full collection, so it shows live
  // memory rather than how lazily V8 returns pages.
  const heapSamples = [];
  const sample = () => {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      const usage = process.memoryUsage();
      heapSamples.push(`${Math.round(usage.heapUsed / 104857.6) / 10}+${Math.round(usage.arrayBuffers / 104857.6) / 10}`);
    }
    rssSamples.push(rssMb());
  };
  const result = await runLoad(config, { seed: 1, onProgress: sample });
  const elapsedSec = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const summary = summariseSteady(result);
  const requests = result.total.requests.reduce((a, b) => a + b, 0);
  return {
    tool: 'engine',
    requests,
    durationSec: result.plan.durationSec,
    elapsedSec,
    rps: requests / result.plan.durationSec,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
    p50Ms: summary.latencyMs.p50,
    p99Ms: summary.latencyMs.p99,
    lagP99Ms: summary.generator.lagP99Ms,
    missedSends: result.generator.missedSends,
    saturated: result.generator.saturated,
    saturationReasons: result.generator.saturationReasons,
    errors: summary.errors,
    plannedRate: summary.plannedRate,
    achievedRate: summary.achievedRate,
    eventLoopDelayP99Ms: result.generator.eventLoopDelayP99Ms,
    lagP99PerSecondMs: perSecondP99Ms(result.generator.lagPerSecond).map((v) => (v === null ? null : Math.round(v * 100) / 100)),
    latencyP99PerSecondMs: perSecondP99Ms(result.total.latency).map((v) => (v === null ? null : Math.round(v * 100) / 100)),
    heapSamples,
    rssStartMb,
    rssEndMb: rssMb(),
    rssSamples,
  };
}

async function runAutocannon() {
  const autocannon = (await import('autocannon')).default;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ url: options.target, connections: options.connections, pipelining: options.pipelining ?? 1, duration: options.durationMs / 1000 });
  const cpu = process.cpuUsage(cpuBefore);
  const requests = result.requests.total;
  return {
    tool: 'autocannon',
    requests,
    durationSec: result.duration,
    rps: requests / result.duration,
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    rssEndMb: rssMb(),
  };
}

const output = options.tool === 'autocannon' ? await runAutocannon() : await runEngine();
process.stdout.write(JSON.stringify(output) + '\n');
