// `perf-action check -c perf.yml [--profile P] [--target URL] [limits]`: loads and validates the
// config exactly as `run` would (same loader, same env, same --target rule), checks the workflow's
// limits when given, and prints the plan. It never builds a transport, so nothing is sent. Exit 0
// when the config would run, 2 with every problem named otherwise (from the errors.ts table).

import { parseArgs } from 'node:util';
import { checkLimits } from '../../config/limits.js';
import { UsageError } from '../../errors.js';
import { formatPlan } from '../format-plan.js';
import type { CliIo, Command } from '../io.js';
import { LIMIT_OPTIONS, LIMIT_USAGE, parseLimitFlags } from '../limit-flags.js';
import { loadCliConfig } from '../load-config.js';

const USAGE = `Usage: perf-action check -c perf.yml [--profile NAME] [--target URL]
                          [--allowed-hosts H1,H2] [--push-hosts H1,H2] [--max-rate N] [--max-duration 10m]

Validates perf.yml as \`run\` would load it (environment variables, profile, --target) and prints the
plan: phases with rates or virtual users and durations, endpoints, SLOs and the comparison. Sends
nothing. With the limits a workflow sets (as the action's allowed-hosts, push-hosts, max-rate,
max-duration inputs), checks them too:

${LIMIT_USAGE}

Exit codes: 0 the config would run, 2 it would not (every problem is listed).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  profile: { type: 'string' },
  target: { type: 'string' },
  ...LIMIT_OPTIONS,
} as const;

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
    const limits = parseLimitFlags(flags);
    const config = await loadCliConfig({ config: flags.config, profile: flags.profile, target: flags.target }, io);
    checkLimits(config, limits);
    io.stdout.write(formatPlan(config, limits));
    io.stdout.write('ok: the config is valid; nothing was sent\n');
    return 0;
  },
};
