// Limits that the workflow, not perf.yml, sets: which hosts may be loaded, the highest arrival
// rate, the longest run, and which hosts the after-run pushes may reach (push-limits.ts). A pull
// request can edit perf.yml but not the workflow inputs, so the GitHub edge calls checkLimits with
// those inputs before any request is sent.

import type { PerfConfig } from './types.js';
import { LimitError } from '../errors.js';
import { totalDurationMs } from './normalize-load.js';
import { effectivePushHosts, pushDestinations } from './push-limits.js';

export interface RunLimits {
  /** Exact hosts ("api.example.com", "localhost:8080" for one port) or wildcards ("*.example.com": any subdomain, not the apex). */
  readonly allowedHosts?: readonly string[];
  /** Highest open-model arrival rate, requests per second, at any point of any phase. */
  readonly maxRate?: number;
  /** Longest run, all phases together. */
  readonly maxDurationMs?: number;
  /** Hosts the after-run pushes may reach (same forms as allowedHosts); see push-limits.ts for the default. */
  readonly pushHosts?: readonly string[];
}

export function checkLimits(config: PerfConfig, limits: RunLimits): void {
  const problems: string[] = [];
  if (limits.allowedHosts !== undefined) checkHosts(config, limits.allowedHosts, problems);
  const pushHosts = effectivePushHosts(limits);
  if (pushHosts !== undefined) checkPushHosts(config, pushHosts, problems);
  if (limits.maxRate !== undefined && config.load.model === 'open') {
    config.load.phases.forEach((phase, index) => {
      for (const field of ['rate', 'rampTo'] as const) {
        const rate = phase[field];
        if (rate !== undefined && rate > limits.maxRate!) {
          problems.push(`load.phases[${index}].${field} (${phase.name}): ${rate} req/s is above the allowed maximum of ${limits.maxRate} req/s`);
        }
      }
    });
  }
  if (limits.maxDurationMs !== undefined) {
    const totalMs = totalDurationMs(config.load);
    if (totalMs > limits.maxDurationMs) {
      problems.push(`load.phases: the run lasts ${formatSeconds(totalMs)}, above the allowed maximum of ${formatSeconds(limits.maxDurationMs)}`);
    }
  }
  if (problems.length > 0) throw new LimitError(problems);
}

function checkPushHosts(config: PerfConfig, pushHosts: readonly string[], problems: string[]): void {
  const allowed = pushHosts.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
  const list = allowed.length === 0 ? 'none' : allowed.join(', ');
  for (const { field, url } of pushDestinations(config)) {
    const parsed = new URL(url);
    if (!hostAllowed(parsed, allowed)) problems.push(`${field}: host ${JSON.stringify(parsed.host)} is not an allowed push host (push-hosts: ${list})`);
  }
}

function checkHosts(config: PerfConfig, allowedHosts: readonly string[], problems: string[]): void {
  const allowed = allowedHosts.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
  const list = allowed.length === 0 ? 'none' : allowed.join(', ');
  const target = safeUrl(config.target);
  if (!target || !hostAllowed(target, allowed)) {
    problems.push(`target: host ${JSON.stringify(target?.host ?? config.target)} is not an allowed host (allowed: ${list})`);
  }
  config.scenarios.forEach((scenario, scenarioIndex) => {
    scenario.steps.forEach((step, stepIndex) => {
      if (step.kind !== 'request') return;
      const where = `scenarios[${scenarioIndex}].steps[${stepIndex}] (${step.name})`;
      const url = step.url.trim();
      // A URL whose start is a template could point anywhere once rendered, so it cannot be allowed blind.
      if (url.startsWith('{{')) {
        problems.push(`${where}: the URL starts with a template, so its host cannot be checked against the allowed hosts; start it with "/" or a fixed https://host`);
        return;
      }
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//')) return; // relative: resolved against the target
      const absolute = safeUrl(url.startsWith('//') ? `${target?.protocol ?? 'https:'}${url}` : url);
      if (!absolute || absolute.host.includes('{{') || absolute.hostname.includes('%7B')) {
        problems.push(`${where}: the host of ${JSON.stringify(step.url)} cannot be checked against the allowed hosts`);
      } else if (!hostAllowed(absolute, allowed)) {
        problems.push(`${where}: host ${JSON.stringify(absolute.host)} is not an allowed host (allowed: ${list})`);
      }
    });
  });
}

/** Matches "host", "host:port" and "*.domain" entries; URL hostnames are already lower-case. */
export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const hostname = url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return allowed.some((entry) => {
    if (entry.startsWith('*.')) return hostname.endsWith(entry.slice(1)) && hostname.length > entry.length - 1;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) return hostname === withPort[1] && port === withPort[2];
    return hostname === entry || hostname === `[${entry}]`;
  });
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(3)}s`;
}
