// `perf-action merge a.json b.json … -o merged.json`: merges shard results into one results file
// (src/results/merge.ts does the work; this file reads, writes and reports).

import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.js';
import { mergeRunResults } from '../../results/merge.js';
import { readRunResult, writeRunResult } from '../../results/run-result.js';
import type { CliIo, Command } from '../io.js';

const USAGE = `Usage: perf-action merge SHARD.json SHARD.json … -o MERGED.json

Merges the results of shards that loaded one target at the same time (same config) into one file:
per-second histograms are added, counts and planned rates summed.

Options:
  -o, --out FILE   where the merged results.json is written (required)
`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge shard results into one results file',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], options: { out: { type: 'string', short: 'o' } }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`merge: ${(error as Error).message}`);
    }
    const { values, positionals } = parsed;
    if (values.out === undefined) throw new UsageError('merge: -o/--out FILE is required');
    if (positionals.length === 0) throw new UsageError('merge: give at least one results file to merge');
    const at = (path: string): string => (isAbsolute(path) ? path : resolve(io.cwd, path));
    const results = [];
    for (const path of positionals) results.push(await readRunResult(at(path)));
    const merged = mergeRunResults(results, positionals);
    await writeRunResult(at(values.out), merged);
    const requests = merged.total.requests.reduce((sum, count) => sum + count, 0);
    io.stdout.write(`merged ${positionals.length} result${positionals.length > 1 ? 's' : ''} (${merged.meta.shards} shards, ${merged.seconds} s, ${requests} requests) into ${values.out}\n`);
    return 0;
  },
};
