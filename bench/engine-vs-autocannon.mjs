// `npm run bench`: the engine against autocannon on one local target (nginx if installed, else a
// node:http server), target pinned to core 0 and each generator run pinned to core 1.
//   1. closed model, 50 connections: req/s and CPU µs per request of perf-action's CLI (dist/cli.js,
//      run --vus 50), the engine bundle without the CLI, the autocannon CLI and wrk (if installed),
//      BENCH_REPEATS rounds (default 3) in the same run; ratios per round, so a busy machine shows as spread
//   2. open model at 10 000 req/s, the engine bundle and then the CLI: achieved rate, generator lag p99
//      (must stay < 5 ms), missed sends
//   3. memory: many requests over 20 endpoints (closed model, pipelined): RSS at start, during, end
// Each phase runs at most 15 s (BENCH_SECONDS, default 10; memory phase BENCH_MEMORY_SECONDS, default 15).
// Timing figures of the open model are over the steady window (summariseSteady), as the CLI reports.
// The engine is bundled from src/engine/bench-entry.ts with ncc (--transpile-only) into build/bench
// first, so the benchmark runs the current source without `npm run build`; the CLI row runs dist/cli.js,
// so run `npm run build` first. BENCH_PHASES (default closed,open,memory) picks the phases.
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { startTarget } from './engine/target.mjs';
import { runAutocannonCli, runCli, runWrk } from './engine/peer-runs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Math.min(15, Number(process.env.BENCH_SECONDS ?? 10));
// The memory phase may run longer on request (BENCH_MEMORY_SECONDS=100 reaches about 2 M requests).
const memorySeconds = Math.min(300, Number(process.env.BENCH_MEMORY_SECONDS ?? 15));
const repeats = Math.max(1, Math.min(10, Number(process.env.BENCH_REPEATS ?? 3)));
const phases = new Set((process.env.BENCH_PHASES ?? 'closed,open,memory').split(','));
const pinned = availableParallelism() >= 2;
const [targetCpu, generatorCpu] = pinned ? [0, 1] : [0, 0];

function bundle() {
  execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', 'src/engine/bench-entry.ts', '-o', 'build/bench', '--target', 'es2023', '--quiet', '--transpile-only'], { cwd: root, stdio: 'inherit' });
}

function runGenerator(options, nodeFlags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', String(generatorCpu), process.execPath, ...nodeFlags, join(root, 'bench/engine/generator.mjs'), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), (options.durationMs + 30_000));
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) reject(new Error(`generator exited with ${code}`));
      else resolve(JSON.parse(line));
    });
  });
}

const fmt = (value, digits = 1) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));

const row = (r) => `${r.tool.padEnd(12)} ${fmt(r.rps, 0).padStart(7)}   ${fmt(r.cpuUsPerRequest, 1).padStart(10)}   ${fmt(r.p99Ms, 2).padStart(6)}   ${r.errors}`;
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${fmt(sorted[Math.floor(sorted.length / 2)], 2)}× (min ${fmt(sorted[0], 2)}, max ${fmt(sorted[sorted.length - 1], 2)})`;
};

/** Phase 1: each round runs every tool back to back, so a round's ratios share the machine's load. */
async function closedPhase(url, durationMs) {
  const cli = join(root, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const srcMs = statSync(join(root, 'src/engine/step-runner.ts')).mtimeMs;
  if (statSync(cli).mtimeMs < srcMs) console.log('warning: dist/cli.js is older than src/engine: run `npm run build` to measure the current source');
  const wrk = existsSync('/usr/bin/wrk');
  const common = { root, cpu: generatorCpu, target: url, connections: 50, vus: 50, seconds };
  const ratios = { rps: [], cpu: [], wrk: [], bundle: [] };
  console.log(`\n1. closed model, 50 connections / 50 VUs, one core, ${repeats} rounds`);
  console.log('tool           req/s   CPU µs/req   p99 ms   errors');
  for (let round = 1; round <= repeats; round++) {
    const cannon = await runAutocannonCli(common);
    const perf = await runCli(common);
    const bundled = await runGenerator({ tool: 'engine', model: 'closed', target: url, connections: 50, vus: 50, durationMs });
    bundled.tool = 'engine bundle';
    const peer = wrk ? await runWrk(common) : undefined;
    console.log(`round ${round}`);
    for (const r of [cannon, perf, bundled, peer]) if (r !== undefined) console.log(row(r));
    ratios.rps.push(perf.rps / cannon.rps);
    ratios.cpu.push(perf.cpuUsPerRequest / cannon.cpuUsPerRequest);
    ratios.bundle.push(bundled.rps / cannon.rps);
    if (peer !== undefined) ratios.wrk.push(perf.rps / peer.rps);
    console.log(`  CLI/autocannon ${fmt(ratios.rps.at(-1), 2)}× req/s, ${fmt(ratios.cpu.at(-1), 2)}× CPU per request; bundle/autocannon ${fmt(ratios.bundle.at(-1), 2)}×${peer ? `; CLI/wrk ${fmt(ratios.wrk.at(-1), 2)}×` : ''}`);
  }
  console.log(`CLI/autocannon req/s: ${spread(ratios.rps)} (target ≥ 1.0×)`);
  console.log(`CLI/autocannon CPU per request: ${spread(ratios.cpu)} (target ≤ 1.0×; the CLI's includes start-up and report writing)`);
  console.log(`bundle/autocannon req/s: ${spread(ratios.bundle)} (the engine without the CLI; its CPU is the run only)`);
  if (wrk) console.log(`CLI/wrk req/s: ${spread(ratios.wrk)} (aim ≥ 0.7×)`);
}

async function main() {
  bundle();
  const target = await startTarget(targetCpu);
  console.log(`target: ${target.kind} at ${target.url} (core ${targetCpu}); generators on core ${generatorCpu}; ${seconds} s per run`);
  try {
    const durationMs = seconds * 1000;
    // Warm the target once so no tool pays for nginx's first connections.
    await runGenerator({ tool: 'autocannon', target: target.url, connections: 50, durationMs: 2000 });
    if (phases.has('closed')) await closedPhase(target.url, durationMs);
    if (phases.has('open')) {
      const open = await runGenerator({ tool: 'engine', model: 'open', target: target.url, connections: 50, rate: 10_000, durationMs, rampUpMs: 3_000, maxInFlight: 2_000 });
      console.log('\n2. open model at 10 000 req/s, one core (3 s ramp from 1 000, then the steady window)');
      console.log(`achieved ${fmt(open.achievedRate, 0)}/${fmt(open.plannedRate, 0)} req/s · lag p99 ${fmt(open.lagP99Ms, 2)} ms (target < 5) · missed ${open.missedSends} · latency p50 ${fmt(open.p50Ms, 2)} ms p99 ${fmt(open.p99Ms, 2)} ms · CPU ${fmt(open.cpuUsPerRequest, 1)} µs/req · engine's whole-run gate: ${open.saturated ? 'saturated (' + open.saturationReasons.join('; ') + ')' : 'not saturated'}`);
      console.log(`lag p99 per second (ms): ${open.lagP99PerSecondMs.join(' ')}`);
      const cliOpen = await runCli({ root, cpu: generatorCpu, target: target.url, rate: 10_000, seconds });
      console.log(`through the CLI: achieved ${fmt(cliOpen.rps, 0)} req/s · lag p99 ${fmt(cliOpen.lagP99Ms, 2)} ms · missed ${cliOpen.missedSends} · latency p50 ${fmt(cliOpen.p50Ms, 2)} ms p99 ${fmt(cliOpen.p99Ms, 2)} ms · CPU ${fmt(cliOpen.cpuUsPerRequest, 1)} µs/req (whole process) · ${cliOpen.saturated ? 'saturated (' + cliOpen.saturationReasons.join('; ') + ')' : 'not saturated'}`);
    }
    if (phases.has('memory')) {
      const memory = await runGenerator({ tool: 'engine', model: 'closed', target: target.url, connections: 32, pipelining: 8, vus: 256, endpoints: 20, durationMs: memorySeconds * 1000 }, ['--expose-gc']);
      console.log('\n3. memory: 20 endpoints, closed model, 256 VUs, 32 connections × pipelining 8');
      console.log(`${memory.requests} requests in ${fmt(memory.durationSec, 0)} s (${fmt(memory.rps, 0)} req/s) · RSS start ${memory.rssStartMb} MB, end ${memory.rssEndMb} MB `);
      console.log(`RSS per second (MB): ${memory.rssSamples.join(' ')}`);
      console.log(`live memory after a full GC, heap + array buffers (MB): ${memory.heapSamples.join(' ')}`);
    }
  } finally {
    await target.stop();
  }
}

await main();
