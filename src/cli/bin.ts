#!/usr/bin/env node
// The perf-action executable: wires the process (argv, streams, env, signals) to main(), after checking
// that this Node.js is one it supports.
import process from 'node:process';
import { EXIT_CODES, exitCodeFor, InterruptedError, UsageError } from '../errors.js';
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
const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
  signals += 1;
  const interrupted = new InterruptedError(signal);
  // The first signal stops the load and lets the results be written; a second one gives up at once.
  if (signals > 1) process.exit(EXIT_CODES[interrupted.code]);
  process.stderr.write(`\nperf-action: ${signal} received, stopping the load and writing the results gathered so far\n`);
  controller.abort(interrupted);
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
// A signal decides the exit code whatever the command was doing when it came (130/143).
const reason: unknown = controller.signal.reason;
process.exitCode = reason instanceof InterruptedError ? EXIT_CODES[reason.code] : exitCode;
