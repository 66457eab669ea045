// The CLI edge: picks the command, runs it, and turns whatever it throws into a message and an exit
// code from the one table in errors.ts. Commands live in commands/, one file each. `--debug`, anywhere
// on the line, adds the stack trace to an internal error.

import { describeInternalError, exitCodeFor, PerfActionError, UsageError } from '../errors.js';
import type { CliIo, Command } from './io.js';
import { commands } from './commands/index.js';
import { TOOL_VERSION } from '../version.js';

function helpText(): string {
  const lines = [`perf-action ${TOOL_VERSION}`, '', 'Usage: perf-action <command> [options]', '       perf-action --version', '', 'Commands:'];
  for (const command of commands) lines.push(`  ${command.name.padEnd(10)} ${command.summary}`);
  lines.push('', 'Run `perf-action <command> --help` for its options; add --debug to see the stack trace of an internal error.');
  return lines.join('\n') + '\n';
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv.filter((arg) => arg !== '--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; expected one of ${commands.map((c) => c.name).join(', ')}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof PerfActionError) {
      io.stderr.write(`perf-action: ${error.message}\n`);
    } else {
      io.stderr.write(`perf-action: ${describeInternalError(error, debug)}\n`);
    }
    return exitCodeFor(error);
  }
}
