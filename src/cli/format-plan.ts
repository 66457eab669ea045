// The plan `perf-action check` prints for a loaded config: target, model, phases with their rates or
// virtual users and durations, the requests the open model will schedule, the endpoints per scenario,
// SLOs, comparison, the abort rules and time/body bounds, the hosts of the after-run pushes and, when
// given, the workflow's limits. Header values are never printed (they may be secrets), only their names. Returns a string; the command decides where it goes.

import type { Phase, PerfConfig, SloSpec } from '../config/types.js';
import type { RunLimits } from '../config/limits.js';
import { pushDestinations } from '../config/push-limits.js';
import { redactSecrets } from '../config/redact.js';
import { secretsOf } from '../config/secrets.js';
import { totalDurationMs } from '../config/normalize-load.js';
import { plannedArrivals } from '../engine/arrival-schedule.js';
import { formatCount, formatPercent, formatSeconds } from '../report/format.js';

function phaseLoad(phase: Phase): string {
  if (phase.vus !== undefined) return phase.rampToVus !== undefined && phase.rampToVus !== phase.vus ? `${phase.vus} → ${phase.rampToVus} VUs` : `${phase.vus} VUs`;
  const rate = phase.rate ?? 0;
  return phase.rampTo !== undefined && phase.rampTo !== rate ? `${rate} → ${phase.rampTo} req/s` : `${rate} req/s`;
}

/** "pushes notify.slack.webhook → hooks.slack.com, …": hosts only (a webhook's path is its credential), redacted too. */
function pushesLine(config: PerfConfig): string[] {
  const destinations = pushDestinations(config);
  if (destinations.length === 0) return [];
  const line = `pushes ${destinations.map(({ field, url }) => `${field} → ${new URL(url).host}`).join(', ')}`;
  return [redactSecrets(line, secretsOf(config))];
}

function sloLine(slo: SloSpec): string {
  const endpoints = slo.endpoints === 'all' ? 'all endpoints' : slo.endpoints.join(', ');
  if (slo.kind === 'latency') return `${slo.name}: ${formatPercent(slo.objective)} of ${endpoints} within ${slo.thresholdMs} ms`;
  if (slo.kind === 'availability') return `${slo.name}: availability ${formatPercent(slo.objective)} on ${endpoints}`;
  return `${slo.name}: error ratio at most ${formatPercent(slo.maxErrorRatio)} on ${endpoints}`;
}

function abortLine(config: PerfConfig): string {
  const { unreachableAfterMs, errorStorm } = config.abort;
  const parts = [
    unreachableAfterMs > 0 ? `unreachable after ${formatSeconds(unreachableAfterMs / 1000)} (exit 3)` : 'unreachable rule off',
    ...(errorStorm === undefined ? [] : [`error storm at ${formatPercent(errorStorm.ratio)} failed over ${formatSeconds(errorStorm.windowMs / 1000)} (exit 5)`]),
  ];
  return `abort ${parts.join(' · ')}`;
}

export function formatPlan(config: PerfConfig, limits: RunLimits = {}): string {
  const load = config.load;
  const out: string[] = [];
  out.push(`config ${config.name}${config.profile === undefined ? '' : `, profile ${config.profile}`}${config.source.file === undefined ? '' : ` (${config.source.file})`}`);
  out.push(`target ${config.target}`);
  out.push(
    `load ${load.model === 'open' ? `open model, ${load.arrivals} arrivals, at most ${formatCount(load.maxInFlight)} in flight` : 'closed model (virtual users)'}` +
      ` · ${config.http.connections} connections · timeout ${config.http.timeoutMs} ms${config.http.http2 ? ' · HTTP/2' : ''}${config.http.insecureTls ? ' · TLS unverified' : ''}`,
  );
  const nameWidth = Math.max(...load.phases.map((phase) => phase.name.length));
  for (const phase of load.phases) {
    out.push(`  ${phase.name.padEnd(nameWidth)}  ${formatSeconds(phase.durationMs / 1000).padStart(12)}  ${phaseLoad(phase)}${phase.isRamp ? '  (ramp: always trimmed)' : ''}`);
  }
  const planned = load.model === 'open' ? ` · about ${formatCount(plannedArrivals(load.phases))} requests scheduled` : '';
  out.push(`  total ${formatSeconds(totalDurationMs(load) / 1000)}${planned}`);
  out.push(`trim ${config.trim.kind === 'auto' ? 'auto (ramp phases + MSER-5)' : config.trim.kind === 'fixed' ? `first ${formatSeconds(config.trim.cutMs / 1000)}` : `through phase ${config.trim.phase}`}`);
  const headerNames = Object.keys(config.http.headers);
  if (headerNames.length > 0) out.push(`headers ${headerNames.join(', ')}${config.http.secretHeaders.length > 0 ? ` (secret: ${config.http.secretHeaders.join(', ')})` : ''}`);
  out.push('scenarios');
  for (const scenario of config.scenarios) {
    const steps = scenario.steps.map((step) => (step.kind === 'request' ? `${step.name} (${step.method} ${step.url})` : `think ${step.durationMs} ms`));
    out.push(`  ${scenario.name} (weight ${scenario.weight}): ${steps.join(' → ')}`);
  }
  if (config.data.length > 0) out.push(`data ${config.data.map((feeder) => `${feeder.name} (${feeder.order})`).join(', ')}`);
  out.push(config.slo.length === 0 ? 'slo none' : 'slo');
  for (const slo of config.slo) out.push(`  ${sloLine(slo)}`);
  const compare = config.compare;
  out.push(`compare ${compare.percentiles.map((name) => `${name} ±${formatPercent(compare.tolerance[name] ?? Number.NaN)}`).join(', ')} · floor ${compare.floorMs} ms`);
  out.push(abortLine(config), `bounds every request ends within ${config.http.timeoutMs} ms of its scheduled start; the run by ${formatSeconds((totalDurationMs(load) + config.http.timeoutMs) / 1000)} (plan + timeout) · bodies kept up to ${formatCount(config.http.maxBodyBytes)} bytes`);
  out.push(...pushesLine(config));
  const limitParts = [
    ...(limits.allowedHosts === undefined ? [] : [`allowed hosts ${limits.allowedHosts.length === 0 ? 'none' : limits.allowedHosts.join(', ')}`]),
    ...(limits.pushHosts === undefined ? [] : [`push hosts ${limits.pushHosts.length === 0 ? 'none' : limits.pushHosts.join(', ')}`]),
    ...(limits.maxRate === undefined ? [] : [`max rate ${limits.maxRate} req/s`]),
    ...(limits.maxDurationMs === undefined ? [] : [`max duration ${formatSeconds(limits.maxDurationMs / 1000)}`]),
  ];
  if (limitParts.length > 0) out.push(`limits ${limitParts.join(' · ')}: within`);
  return out.join('\n') + '\n';
}
