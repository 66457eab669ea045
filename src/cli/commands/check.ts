// `perf-action check -c perf.yml [--profile P] [--target URL] [limits]`: loads and validates the
// config exactly as `run` would (same loader, same env, same --target rule), checks the workflow's
// limits when given, and prints the plan. It never builds a transport, so nothing is sent. Exit 0
// when the config would run, 2 with every problem named otherwise (from the errors.ts table).

import { parseArgs } from 'node:util';
import { checkLimits, type RunLimits } from '../../config/limits.js';
import { parseDuration } from '../../config/quick.js';
import { ConfigError, UsageError } from '../../errors.js';
import { formatPlan } from '../format-plan.js';
import type { CliIo, Command } from '../io.js';
import { loadCliConfig } from '../load-config.js';

const USAGE = `Usage: perf-action check -c perf.yml [--profile NAME] [--target URL]
                          [--allowed-hosts H1,H2] [--push-hosts H1,H2] [--max-rate N] [--max-duration 10m]

Validates perf.yml as \`run\` would load it (environment variables, profile, --target) and prints the
plan: phases with rates or virtual users and durations, endpoints, SLOs and the comparison. Sends
nothing. With the limits a workflow sets (as the action's allowed-hosts, push-hosts, max-rate,
max-duration inputs), checks them too.

Exit codes: 0 the config would run, 2 it would not (every problem is listed).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  profile: { type: 'string' },
  target: { type: 'string' },
  'allowed-hosts': { type: 'string' },
  'push-hosts': { type: 'string' },
  'max-rate': { type: 'string' },
  'max-duration': { type: 'string' },
} as const;

function parseLimits(flags: { 'allowed-hosts'?: string; 'push-hosts'?: string; 'max-rate'?: string; 'max-duration'?: string }): RunLimits {
  const problems: string[] = [];
  const hostList = (text: string | undefined): string[] | undefined =>
    text
      ?.split(/[,\n]/)
      .map((host) => host.trim())
      .filter((host) => host !== '');
  const allowedHosts = hostList(flags['allowed-hosts']);
  const pushHosts = hostList(flags['push-hosts']);
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

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate perf.yml and print the plan, sending nothing',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let flags: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
    try {
      flags = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new UsageError(`check: ${(error as Error).message}`);
    }
    if (flags.config === undefined) throw new UsageError('check: give the config file with -c perf.yml');
    const limits = parseLimits(flags);
    const config = await loadCliConfig({ config: flags.config, profile: flags.profile, target: flags.target }, io);
    checkLimits(config, limits);
    io.stdout.write(formatPlan(config, limits));
    io.stdout.write('ok: the config is valid; nothing was sent\n');
    return 0;
  },
};
