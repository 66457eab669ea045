// Limits that the workflow (or the CLI's flags), not perf.yml, sets: which hosts may be loaded, the
// highest request rate, the longest run, and which hosts the after-run pushes may reach
// (push-limits.ts). A pull request can edit perf.yml but not the workflow inputs, so the edges call
// checkLimits with those inputs before any request is sent, as an early, friendly error. It cannot
// see what a template or a captured value renders to, so the engine enforces the host and rate
// limits again where each request leaves (engine/origin-guard.ts, which uses hostAllowed below, and
// engine/rate-limiter.ts).

import type { PerfConfig } from './types.js';
import { LimitError } from '../errors.js';
import { totalDurationMs } from './normalize-load.js';
import { effectivePushHosts, pushDestinations } from './push-limits.js';

export interface RunLimits {
  /** Exact hosts ("api.example.com", "localhost:8080" for one port) or wildcards ("*.example.com": any subdomain, not the apex). */
  readonly allowedHosts?: readonly string[];
  /**
   * Highest request rate, requests per second. An open-model plan above it is refused here; the
   * closed model is throttled to it by the engine, and so are the later steps of open-model iterations.
   */
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

/** An allowed-hosts list as the input and the flag take it: comma- or newline-separated, blanks dropped. */
export function parseHostList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((host) => host.trim())
    .filter((host) => host !== '');
}

/** The entries as hostAllowed compares them: trimmed, lower-case, empty ones dropped. */
export function normalizeAllowedHosts(allowedHosts: readonly string[]): string[] {
  return allowedHosts.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
}

/** A backslash (read as "/" by URL parsers) or a control character (tab and newlines are dropped). */
const MISREAD_IN_URL = /[\\\u0000-\u001f\u007f]/;

function checkPushHosts(config: PerfConfig, pushHosts: readonly string[], problems: string[]): void {
  const allowed = normalizeAllowedHosts(pushHosts);
  const list = allowed.length === 0 ? 'none' : allowed.join(', ');
  for (const { field, url } of pushDestinations(config)) {
    const parsed = new URL(url);
    if (!hostAllowed(parsed, allowed)) problems.push(`${field}: host ${JSON.stringify(parsed.host)} is not an allowed push host (push-hosts: ${list})`);
  }
}

function checkHosts(config: PerfConfig, allowedHosts: readonly string[], problems: string[]): void {
  const allowed = normalizeAllowedHosts(allowedHosts);
  const list = allowed.length === 0 ? 'none' : allowed.join(', ');
  const target = safeUrl(config.target);
  if (!target || !hostAllowed(target, allowed)) {
    problems.push(`target: host ${JSON.stringify(target?.host ?? config.target)} is not an allowed host (allowed: ${list})`);
  }
  checkHostHeader(config.http.headers, 'http.headers', problems);
  config.scenarios.forEach((scenario, scenarioIndex) => {
    scenario.steps.forEach((step, stepIndex) => {
      if (step.kind !== 'request') return;
      const where = `scenarios[${scenarioIndex}].steps[${stepIndex}] (${step.name})`;
      checkHostHeader(step.headers, `${where}: headers`, problems);
      const url = step.url.trim();
      // A URL whose start is a template could point anywhere once rendered, so it cannot be allowed blind.
      if (url.startsWith('{{')) {
        problems.push(`${where}: the URL starts with a template, so its host cannot be checked against the allowed hosts; start it with "/" or a fixed https://host`);
        return;
      }
      // "/\\host/x" and "/<tab>/host/x" look relative but resolve to another host.
      if (MISREAD_IN_URL.test(step.url)) {
        problems.push(`${where}: the URL ${JSON.stringify(step.url)} holds a backslash or a control character (tab, newline), which URL parsers read as "/" or drop; write the path with "/" only`);
        return;
      }
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//')) {
        // Relative: resolved against the target as the engine resolves it. With a template in it, what
        // it renders to is checked where the request leaves.
        if (url.includes('{{') || target === undefined) return;
        const resolved = safeUrl(url, target.href);
        // One that stays on the target's host is the target's problem, reported above if it is one.
        if (resolved === undefined || (resolved.host !== target.host && !hostAllowed(resolved, allowed))) {
          problems.push(`${where}: ${JSON.stringify(step.url)} resolves to host ${JSON.stringify(resolved?.host ?? url)}, which is not an allowed host (allowed: ${list})`);
        }
        return;
      }
      const absolute = safeUrl(url.startsWith('//') ? `${target?.protocol ?? 'https:'}${url}` : url);
      if (!absolute || absolute.host.includes('{{') || absolute.hostname.includes('%7B')) {
        problems.push(`${where}: the host of ${JSON.stringify(step.url)} cannot be checked against the allowed hosts`);
      } else if (!hostAllowed(absolute, allowed)) {
        problems.push(`${where}: host ${JSON.stringify(absolute.host)} is not an allowed host (allowed: ${list})`);
      }
    });
  });
}

/**
 * A Host header picks the site behind an address: the connection would go to an allowed host and the
 * request to whichever other site shares its servers (a CDN, a shared ingress). Header names in perf.yml
 * are fixed text, never templates, so refusing the name here covers every request.
 */
function checkHostHeader(headers: Readonly<Record<string, unknown>>, where: string, problems: string[]): void {
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'host') {
      problems.push(`${where}.${name}: a Host header would send requests to another site behind an allowed address, so it cannot be set when allowed hosts limit the run; load that host by its URL`);
    }
  }
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

function safeUrl(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(3)}s`;
}
