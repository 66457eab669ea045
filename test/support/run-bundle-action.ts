// Runs the built action (dist/index.js) as the runner starts a step: its own node process with only
// the variables given, an event file, an empty GITHUB_OUTPUT (and GITHUB_STEP_SUMMARY when asked),
// INPUT_* from the inputs. Reports the exit code, both streams (apart and interleaved as the job log
// shows them), the outputs parsed from GITHUB_OUTPUT and the wall time. A run past its time limit is
// killed by its pid and reported as timed out, so a hang fails the test instead of stalling the suite.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBuilt } from './built-bundle.js';

export interface BundleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in arrival order, as the runner's log holds them. */
  readonly log: string;
  /** GITHUB_OUTPUT as written, and parsed into name → value. */
  readonly outputText: string;
  readonly outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY as written; '' when the run was given no summary file. */
  readonly summary: string;
  readonly elapsedMs: number;
  readonly timedOut: boolean;
}

export interface RunBundleOptions {
  /** Holds event.json, output.txt and summary.md; created if missing. Also the cwd and HOME unless set. */
  readonly runDir: string;
  readonly cwd?: string;
  /** GITHUB_EVENT_NAME, and the payload written to GITHUB_EVENT_PATH. */
  readonly event: string;
  readonly payload: unknown;
  /** Every other variable of the step (PATH is always passed, HOME defaults to runDir). */
  readonly env?: Record<string, string>;
  /** Action inputs by name as action.yml spells them; each becomes INPUT_<NAME UPPERCASED>, set after `env`. */
  readonly inputs?: Record<string, string>;
  /** Creates summary.md and sets GITHUB_STEP_SUMMARY to it. */
  readonly stepSummary?: boolean;
  readonly timeoutMs?: number;
  /** Sends SIGTERM (by pid) this long after the start, as a cancelled job does. */
  readonly sigtermAfterMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** GITHUB_OUTPUT holds `name<<delimiter\nvalue\ndelimiter` blocks. */
export function parseGitHubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return outputs;
}

export async function runBundleAction(options: RunBundleOptions): Promise<BundleRun> {
  const { action, root } = ensureBuilt();
  const { runDir } = options;
  await mkdir(runDir, { recursive: true });
  const files = { event: join(runDir, 'event.json'), output: join(runDir, 'output.txt'), summary: join(runDir, 'summary.md') };
  await writeFile(files.event, JSON.stringify(options.payload));
  await writeFile(files.output, '');
  if (options.stepSummary) await writeFile(files.summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runDir,
    ...options.env,
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    ...(options.stepSummary ? { GITHUB_STEP_SUMMARY: files.summary } : {}),
  };
  for (const [key, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${key.toUpperCase()}`] = value;

  const startedMs = Date.now();
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [action], { cwd: options.cwd ?? runDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    log += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    log += chunk.toString();
  });
  let exited = false;
  let timedOut = false;
  const signal = (name: NodeJS.Signals) => {
    if (child.pid !== undefined && !exited) process.kill(child.pid, name);
  };
  const sigterm = options.sigtermAfterMs === undefined ? undefined : setTimeout(() => signal('SIGTERM'), options.sigtermAfterMs);
  const timer = setTimeout(() => {
    timedOut = true;
    signal('SIGKILL');
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  child.on('exit', () => {
    exited = true;
    clearTimeout(timer);
    if (sigterm !== undefined) clearTimeout(sigterm);
  });
  // 'close' comes after both streams have ended, so the log is complete.
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  const elapsedMs = Date.now() - startedMs;
  const outputText = await readFile(files.output, 'utf8');
  const summary = options.stepSummary ? await readFile(files.summary, 'utf8') : '';
  return { code, stdout, stderr, log, outputText, outputs: parseGitHubOutput(outputText), summary, elapsedMs, timedOut };
}
