// The closed-model comparison as users would run each tool: perf-action's CLI (dist/cli.js), the
// autocannon CLI and wrk, each a separate process pinned to `cpu` with taskset and measured with
// /usr/bin/time (user + system CPU of the whole process), so the three are measured the same way.
// The CLI's CPU includes its start-up and the writing of results and report: what a user pays.
// Each function resolves to { tool, requests, rps, cpuUsPerRequest, p99Ms, errors }.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `argv` pinned to `cpu` under /usr/bin/time; resolves to { stdout, cpuSec }. Killed after `limitMs`. */
function timed(cpu, argv, limitMs, cwd) {
  const dir = mkdtempSync(join(tmpdir(), 'perf-bench-peer-'));
  const timeFile = join(dir, 'time');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'taskset', '-c', String(cpu), ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      let cpuSec = NaN;
      try {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpuSec = user + system;
      } catch {
        // no time file: reported below as a failed run
      }
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0 || !Number.isFinite(cpuSec)) reject(new Error(`${argv.join(' ')} exited with ${code}: ${stderr.slice(-500)}`));
      else resolve({ stdout, cpuSec, dir });
    });
  });
}

/**
 * perf-action run through dist/cli.js, closed (`vus`) or open (`rate`, 3 s ramp); req/s over its steady
 * window, CPU over all its requests, and the generator's own figures (lag p99, saturation).
 */
export async function runCli({ root, cpu, target, vus, rate, seconds }) {
  const out = mkdtempSync(join(tmpdir(), 'perf-bench-cli-'));
  try {
    const load = rate === undefined ? ['--vus', String(vus), '--ramp-up', '1s'] : ['--rate', String(rate), '--ramp-up', '3s'];
    const argv = [process.execPath, join(root, 'dist/cli.js'), 'run', '--target', target, ...load, '--duration', `${seconds}s`, '--out', out, '--summary-json', join(out, 'summary.json'), '--fail-on', 'none'];
    const { cpuSec } = await timed(cpu, argv, (seconds + 60) * 1000, out);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const requests = results.total.requests.reduce((a, b) => a + b, 0);
    const { lagP99Ms, missedSends, saturated, saturationReasons } = summary.generator;
    return { tool: 'perf-action', requests, rps: summary.achievedRate, cpuUsPerRequest: (cpuSec * 1e6) / requests, p50Ms: summary.latencyMs.p50, p99Ms: summary.latencyMs.p99, errors: summary.errors, lagP99Ms, missedSends, saturated, saturationReasons };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function runAutocannonCli({ root, cpu, target, connections, seconds }) {
  const argv = [process.execPath, join(root, 'node_modules/autocannon/autocannon.js'), '-c', String(connections), '-d', String(seconds), '-j', target];
  const { stdout, cpuSec } = await timed(cpu, argv, (seconds + 30) * 1000, root);
  const result = JSON.parse(stdout);
  const requests = result.requests.total;
  return { tool: 'autocannon', requests, rps: requests / result.duration, cpuUsPerRequest: (cpuSec * 1e6) / requests, p99Ms: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function runWrk({ cpu, target, connections, seconds }) {
  const { stdout, cpuSec } = await timed(cpu, ['/usr/bin/wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', target], (seconds + 30) * 1000);
  const total = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout);
  if (total === null) throw new Error(`wrk printed no total: ${stdout.slice(0, 300)}`);
  const requests = Number(total[1]);
  const durationSec = Number(total[2]) / (total[3] === 'ms' ? 1000 : 1);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99Ms = p99 === null ? null : Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { tool: 'wrk', requests, rps: requests / durationSec, cpuUsPerRequest: (cpuSec * 1e6) / requests, p99Ms, errors };
}
