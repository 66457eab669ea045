#!/usr/bin/env node
// The perf-action executable: wires the process (argv, streams, env, signals) to main(), after checking
// that this Node.js is one it supports.
import process from 'node:process';
import { exitCodeFor, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { main } from './main.js';
import { unsupportedNode } from './node-version.js';

const nodeProblem = unsupportedNode(process.versions.node, TOOL_VERSION);
if (nodeProblem !== undefined) {
  process.stderr.write(`perf-action: ${nodeProblem}\n`);
  process.exit(exitCodeFor(new UsageError(nodeProblem)));
}

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
