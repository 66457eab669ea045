// Every workflow a user copies (examples/workflows/, the reusable .github/workflows/perf.yml through
// its callers, and ci.yml's self-test) is read as the runner would: each perf-action step's inputs
// must exist in action.yml, and its config must load with the env the workflow gives it. The check is
// `perf-action check` from the built CLI with the step's config, profile, target and limits, so a
// missing variable, an undefined profile or a profile longer than max-duration fails here, not on a
// runner. ${{ … }} expressions are resolved from a short table (secrets become placeholders); one
// the table does not know fails the test instead of being skipped. Steps named "Environment for
// perf.yml" (the reusable workflow's NAME=value export) are run with bash, so their script is tested too.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt } from '../support/built-bundle.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const REUSABLE = '.github/workflows/perf.yml';
const DEPLOYMENT_URL = 'https://pr-1.preview.example.com';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  uses?: string;
  with?: Record<string, string | number | boolean>;
  secrets?: Record<string, string> | 'inherit';
  env?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown> | string | string[];
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
interface WorkflowCallInputs {
  on: { workflow_call: { inputs: Record<string, { default?: string | number }> } };
}

/** What a perf-action step would run with: its inputs (expressions resolved), env, and where. */
interface PerfStep {
  readonly where: string;
  readonly inputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly events: readonly string[];
  /** The folder `config:` is relative to: examples/ for copied workflows (perf.yml sits beside them in a user's repo root). */
  readonly configDir: string;
}

interface Scope {
  readonly inputs: Record<string, string>;
  readonly secrets: (name: string) => string;
}

const readYaml = <T>(path: string): T => parse(readFileSync(join(ROOT, path), 'utf8')) as T;

function resolveText(text: string, scope: Scope, where: string): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => {
    let found: RegExpExecArray | null;
    if ((found = /^inputs\.([\w-]+)$/.exec(expression))) return scope.inputs[found[1]!] ?? '';
    if ((found = /^secrets\.([\w-]+)$/.exec(expression))) return scope.secrets(found[1]!);
    if (expression === 'github.event.deployment_status.environment_url') return DEPLOYMENT_URL;
    if (expression === 'matrix.index') return '0';
    throw new Error(`${where}: no value for the expression \${{ ${expression} }}; add it to the table in this test`);
  });
}

function resolveMap(map: Record<string, string | number | boolean> | undefined, scope: Scope, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, resolveText(String(value), scope, `${where} ${key}`)]));
}

const isPerfAction = (uses: string | undefined): boolean => uses === './' || (uses?.startsWith('org/perf-action@') ?? false);

function eventsOf(workflow: Workflow): string[] {
  return typeof workflow.on === 'string' ? [workflow.on] : Array.isArray(workflow.on) ? workflow.on : Object.keys(workflow.on);
}

/** Runs a NAME=value export step as the runner would (bash, a GITHUB_ENV file) and returns what it exported. */
async function runEnvStep(step: Step, env: Record<string, string>): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'perf-ghenv-'));
  try {
    const file = join(dir, 'env');
    await run('bash', ['-c', step.run!], { env: { PATH: process.env.PATH ?? '', ...env, GITHUB_ENV: file }, timeout: 10_000 });
    const exported: Record<string, string> = {};
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const at = line.indexOf('=');
      exported[line.slice(0, at)] = line.slice(at + 1);
    }
    return exported;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stepsOf(file: string, workflow: Workflow, scope: Scope, events: readonly string[], configDir: string): Promise<PerfStep[]> {
  const found: PerfStep[] = [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    const where = `${file} jobs.${jobName}`;
    if (job.uses !== undefined) {
      // A call of the reusable workflow: its inputs are the call's `with` over the declared defaults,
      // its secrets the call's `secrets` (resolved in the caller's scope).
      expect(job.uses, where).toMatch(/^org\/perf-action\/\.github\/workflows\/perf\.yml@|^\.\/\.github\/workflows\/perf\.yml$/);
      const callee = readYaml<Workflow & WorkflowCallInputs>(REUSABLE);
      const declared = callee.on.workflow_call.inputs;
      for (const name of Object.keys(job.with ?? {})) expect(Object.keys(declared), `${where}: with.${name}`).toContain(name);
      const given = resolveMap(job.with, scope, where);
      const inputs = Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, given[name] ?? String(spec.default ?? '')]));
      const secrets = job.secrets === 'inherit' ? {} : resolveMap(job.secrets, scope, `${where} secrets`);
      const calleeScope: Scope = { inputs, secrets: (name) => (job.secrets === 'inherit' ? scope.secrets(name) : (secrets[name] ?? '')) };
      found.push(...(await stepsOf(`${REUSABLE} (called by ${file})`, callee, calleeScope, events, configDir)));
      continue;
    }
    let exported: Record<string, string> = {};
    for (const [index, step] of (job.steps ?? []).entries()) {
      const stepWhere = `${where}.steps[${index}]`;
      const env = { ...resolveMap(workflow.env, scope, stepWhere), ...resolveMap(job.env, scope, stepWhere), ...exported, ...resolveMap(step.env, scope, stepWhere) };
      if (step.name === 'Environment for perf.yml') exported = { ...exported, ...(await runEnvStep(step, env)) };
      if (isPerfAction(step.uses)) found.push({ where: stepWhere, inputs: resolveMap(step.with, scope, stepWhere), env, events, configDir });
    }
  }
  return found;
}

const placeholderSecrets: Scope['secrets'] = (name) => `placeholder-${name}`;

async function allPerfSteps(): Promise<PerfStep[]> {
  const steps: PerfStep[] = [];
  for (const name of readdirSync(join(ROOT, 'examples', 'workflows')).filter((n) => n.endsWith('.yml')).sort()) {
    const file = `examples/workflows/${name}`;
    const workflow = readYaml<Workflow>(file);
    steps.push(...(await stepsOf(file, workflow, { inputs: {}, secrets: placeholderSecrets }, eventsOf(workflow), join(ROOT, 'examples'))));
  }
  const ci = readYaml<Workflow>('.github/workflows/ci.yml');
  steps.push(...(await stepsOf('.github/workflows/ci.yml', ci, { inputs: {}, secrets: placeholderSecrets }, eventsOf(ci), ROOT)));
  return steps;
}

/** The `perf-action check` arguments for a step, as the action would load its config. */
function checkArgs(step: PerfStep): string[] {
  const input = (name: string): string | undefined => (step.inputs[name] === undefined || step.inputs[name] === '' ? undefined : step.inputs[name]);
  const target = input('target-url') ?? (step.events.includes('deployment_status') ? DEPLOYMENT_URL : undefined);
  const args = ['check', '-c', join(step.configDir, input('config') ?? 'perf.yml')];
  for (const [flag, value] of [
    ['--profile', input('profile')],
    ['--target', target],
    ['--allowed-hosts', input('allowed-hosts')],
    ['--max-rate', input('max-rate')],
    ['--max-duration', input('max-duration')],
  ] as const) {
    if (value !== undefined) args.push(flag, value);
  }
  return args;
}

let steps: PerfStep[];
let cli: string;
beforeAll(async () => {
  cli = ensureBuilt().cli;
  steps = await allPerfSteps();
}, 240_000);

describe('the example workflows, as copied', () => {
  test('every workflow and the reusable one (through sharded.yml) has its perf-action steps found', () => {
    const files = new Set(steps.map((step) => step.where.replace(/ jobs\..*$/, '')));
    for (const name of readdirSync(join(ROOT, 'examples', 'workflows')).filter((n) => n.endsWith('.yml'))) {
      expect([...files].some((file) => file === `examples/workflows/${name}` || file.endsWith(`(called by examples/workflows/${name})`)), name).toBe(true);
    }
    // single, shard and merge jobs of the reusable workflow
    expect(steps.filter((step) => step.where.startsWith(`${REUSABLE} (called by`))).toHaveLength(3);
  });

  test('every perf-action step passes only inputs action.yml declares', () => {
    const declared = Object.keys((readYaml<{ inputs: Record<string, unknown> }>('action.yml')).inputs);
    for (const step of steps) for (const name of Object.keys(step.inputs)) expect(declared, `${step.where}: ${name}`).toContain(name);
  });

  test('the reusable workflow hands the caller’s env-secrets to the steps as variables', () => {
    const called = steps.filter((step) => step.where.startsWith(`${REUSABLE} (called by examples/workflows/sharded.yml)`));
    for (const step of called) expect(step.env.API_TOKEN, step.where).toBe('placeholder-API_TOKEN');
  });

  test('every step’s config loads with its workflow’s env, profile, target and limits (perf-action check)', async () => {
    const checked: string[] = [];
    for (const step of steps) {
      if (step.inputs.mode === 'report') continue; // builds a comment from a run's data; reads only the config's name
      const args = checkArgs(step);
      // Only the workflow's env: no variable of this machine may make a config load that would not on a runner.
      const outcome = await run(process.execPath, [cli, ...args], { env: { ...step.env }, timeout: 20_000 }).then(
        (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
      );
      expect({ where: step.where, args: args.join(' '), code: outcome.code, stderr: outcome.stderr }).toEqual({ where: step.where, args: args.join(' '), code: 0, stderr: '' });
      expect(outcome.stdout, step.where).toContain('ok: the config is valid; nothing was sent');
      checked.push(step.where);
    }
    expect(checked.length).toBeGreaterThanOrEqual(9);
  }, 120_000);

  test('the same check fails when a workflow leaves out a variable its config needs', async () => {
    const preview = steps.find((step) => step.where.startsWith('examples/workflows/pr-preview.yml'))!;
    const { API_TOKEN: _dropped, ...env } = preview.env;
    const outcome = await run(process.execPath, [cli, ...checkArgs(preview)], { env, timeout: 20_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('http.headers.authorization: environment variable API_TOKEN is not set');
  }, 30_000);
});
