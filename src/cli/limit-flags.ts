// The limit flags `run` and `check` share: --allowed-hosts a,b, --push-hosts c, --max-rate N,
// --max-duration 30s, the CLI's counterparts of the action's inputs of the same names. Parsed into
// RunLimits here, once, with every problem named; what they mean is config/limits.ts's.

import { parseHostList, type RunLimits } from '../config/limits.js';
import { parseDuration } from '../config/quick.js';
import { ConfigError } from '../errors.js';

/** For node:util parseArgs. */
export const LIMIT_OPTIONS = {
  'allowed-hosts': { type: 'string' },
  'push-hosts': { type: 'string' },
  'max-rate': { type: 'string' },
  'max-duration': { type: 'string' },
} as const;

export const LIMIT_USAGE = `  --allowed-hosts H,…  hosts the run may load ("api.example.com", "localhost:8080", "*.example.com");
                       every request is checked as it leaves (after templates, captures, redirects)
  --push-hosts H,…     hosts the after-run pushes (notify, exports) may reach; with --allowed-hosts
                       and without this, none
  --max-rate N         highest request rate: an open-model plan above it is refused, a closed model
                       is throttled to it
  --max-duration 10m   longest run: a plan longer than it is refused`;

export function parseLimitFlags(flags: { 'allowed-hosts'?: string; 'push-hosts'?: string; 'max-rate'?: string; 'max-duration'?: string }): RunLimits {
  const problems: string[] = [];
  const allowedHosts = flags['allowed-hosts'] === undefined ? undefined : parseHostList(flags['allowed-hosts']);
  const pushHosts = flags['push-hosts'] === undefined ? undefined : parseHostList(flags['push-hosts']);
  let maxRate: number | undefined;
  if (flags['max-rate'] !== undefined) {
    maxRate = /^[0-9]+(\.[0-9]+)?$/.test(flags['max-rate']) ? Number(flags['max-rate']) : Number.NaN;
    if (!(maxRate > 0)) problems.push(`--max-rate: expected a number of requests per second above 0, got ${JSON.stringify(flags['max-rate'])}`);
  }
  let maxDurationMs: number | undefined;
  if (flags['max-duration'] !== undefined) {
    try {
      maxDurationMs = parseDuration(flags['max-duration'], '--max-duration');
      if (maxDurationMs <= 0) problems.push('--max-duration: expected a duration above 0');
    } catch (error) {
      problems.push(...(error instanceof ConfigError ? error.problems : [(error as Error).message]));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(allowedHosts === undefined ? {} : { allowedHosts }),
    ...(pushHosts === undefined ? {} : { pushHosts }),
    ...(maxRate === undefined ? {} : { maxRate }),
    ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
  };
}
