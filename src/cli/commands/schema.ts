// `perf-action schema`: prints the JSON Schema of perf.yml (from src/config/schema.ts, the one
// source) as pretty JSON, for editors: save it and point `# yaml-language-server: $schema=` at it.

import { UsageError } from '../../errors.js';
import { perfJsonSchema } from '../../config/schema.js';
import type { CliIo, Command } from '../io.js';

const USAGE = `Usage: perf-action schema

Prints the JSON Schema of perf.yml to stdout, e.g.
  perf-action schema > perf.schema.json
and start perf.yml with
  # yaml-language-server: $schema=./perf.schema.json
`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of perf.yml (for editors)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    if (args.length > 0) throw new UsageError(`schema: takes no arguments, got ${args.join(' ')}`);
    io.stdout.write(`${JSON.stringify(perfJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
