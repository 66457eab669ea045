// `perf-action demo-service`: runs the bundled demo service in its own process (so the generator and
// the server do not share an event loop), prints its URL as one JSON line on stdout, and serves until
// stdin closes or a signal arrives. `perf-action demo` starts it; users rarely call it themselves.

import { parseArgs } from 'node:util';
import { startDemoService } from '../../demo/service.js';
import { UsageError } from '../../errors.js';
import type { CliIo, Command } from '../io.js';

const USAGE = `Usage: perf-action demo-service [--slow ENDPOINT=FACTOR] [--seed N]

Serves the demo storefront on 127.0.0.1 (a free port) and prints {"url": ...} on stdout.
  --slow product=1.5   multiplies one endpoint's delays (home, products, product, cart)
`;

export function parseSlowdown(values: readonly string[]): Record<string, number> {
  const slowdown: Record<string, number> = {};
  for (const value of values) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(value);
    if (!match) throw new UsageError(`--slow: expected ENDPOINT=FACTOR such as product=1.5, got "${value}"`);
    slowdown[match[1]!] = Number(match[2]);
  }
  return slowdown;
}

export const demoServiceCommand: Command = {
  name: 'demo-service',
  summary: 'serve the demo storefront on loopback (used by `demo`)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], options: { slow: { type: 'string', multiple: true }, seed: { type: 'string' } }, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const slowdown = parseSlowdown(parsed.values.slow ?? []);
    const service = await startDemoService({ slowdown, seed: parsed.values.seed === undefined ? 7 : Number(parsed.values.seed) });
    io.stdout.write(JSON.stringify({ url: service.url }) + '\n');
    // Serve until the parent goes away (stdin closes) or asks us to stop.
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
      process.stdin.on('end', () => resolve());
      process.stdin.on('close', () => resolve());
      process.stdin.resume();
    });
    await service.close();
    return 0;
  },
};
