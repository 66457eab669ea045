#!/usr/bin/env node
// The perf-action executable: wires the process (argv, streams, env, signals) to main().
import process from 'node:process';
import { main } from './main.js';

const controller = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  signals += 1;
  // The first signal stops the load and lets the results be written; a second one gives up at once.
  if (signals > 1) process.exit(130);
  process.stderr.write(`\nperf-action: ${signal} received, stopping the load and writing the results gathered so far\n`);
  controller.abort(new Error(signal));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = exitCode;
