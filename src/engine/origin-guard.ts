// The send-time half of the allowed-hosts limit: decides, for each request as it leaves (after
// templates, captures, URL resolution and every redirect hop), whether its origin may be loaded.
// checkLimits (config/limits.ts) refuses what it can see in perf.yml early; this is the guarantee,
// and it applies the same rule, hostAllowed. Decisions are cached per origin string, so a run that
// loads one origin pays one Map lookup per request. Refusing the request is transport.ts's job.

import { hostAllowed, normalizeAllowedHosts } from '../config/limits.js';

/** Origins remembered before the cache starts over: templates can render any number of them. */
const MAX_CACHED_ORIGINS = 1_024;

/** A request the engine refused to send: its origin is not an allowed host. Classed `blocked-host`. */
export class BlockedHostError extends Error {
  readonly code = 'PA_BLOCKED_HOST';
  constructor(url: string, allowedList: string) {
    super(`${url} is not an allowed host (allowed: ${allowedList}); not sent`);
    this.name = 'BlockedHostError';
  }
}

export class OriginGuard {
  private readonly allowed: readonly string[] | undefined;
  private readonly decisions = new Map<string, boolean>();
  /** The allowed hosts as a message shows them. */
  readonly allowedList: string;

  /** `allowedHosts` undefined: no limit, every origin is allowed (a run without allowed hosts). */
  constructor(allowedHosts: readonly string[] | undefined) {
    this.allowed = allowedHosts === undefined ? undefined : normalizeAllowedHosts(allowedHosts);
    this.allowedList = this.allowed === undefined ? 'any' : this.allowed.length === 0 ? 'none' : this.allowed.join(', ');
  }

  get limited(): boolean {
    return this.allowed !== undefined;
  }

  /** `origin` as undici takes it ("http://host:port"). */
  allows(origin: string): boolean {
    if (this.allowed === undefined) return true;
    let decision = this.decisions.get(origin);
    if (decision === undefined) {
      decision = decide(origin, this.allowed);
      if (this.decisions.size >= MAX_CACHED_ORIGINS) this.decisions.clear();
      this.decisions.set(origin, decision);
    }
    return decision;
  }
}

function decide(origin: string, allowed: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // Only http(s) is ever loaded; an origin with a path, credentials or query is not one undici would send to as given.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.origin !== origin.replace(/\/$/, '')) return false;
  return hostAllowed(url, allowed);
}
