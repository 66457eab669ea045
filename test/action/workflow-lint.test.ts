import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');

async function workflowFiles(): Promise<string[]> {
  const dirs = ['.github/workflows', 'examples/workflows'];
  const files: string[] = [];
  for (const dir of dirs) for (const name of await readdir(join(root, dir))) if (name.endsWith('.yml')) files.push(join(dir, name));
  return files;
}

describe('action.yml and workflows', () => {
  it('action.yml is a valid action with every input and output run() uses', async () => {
    const text = await readFile(join(root, 'action.yml'), 'utf8');
    // The validator's bundled schema lists node12/16/20 only; node24 is checked below, the rest by it.
    expect(validateAction(text.replace(/^  using: node24$/m, '  using: node20')).errors).toEqual([]);
    expect(validateAction(text).errors.map((e) => ('path' in e ? e.path : ''))).toEqual(['/runs']);
    const action = parse(text) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['allowed-hosts', 'artifact-name', 'baseline', 'baseline-workflow', 'comment', 'config', 'confirm', 'fail-on', 'github-token', 'labels', 'max-duration', 'max-rate', 'mode', 'out-dir', 'profile', 'push-hosts', 'retention-days', 'shard-count', 'shard-index', 'target-url', 'wait-for-ready'],
    );
    expect(Object.keys(action.outputs).sort()).toEqual(['baseline-sha', 'comment-url', 'error-ratio', 'p50-ms', 'p95-ms', 'p99-ms', 'regression', 'report-path', 'results-path', 'slo', 'verdict']);
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('every workflow validates', async () => {
    const files = await workflowFiles();
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/perf.yml', 'examples/workflows/pr-preview.yml', 'examples/workflows/fork-safe-comment.yml', 'examples/workflows/sharded.yml']));
    for (const file of files) {
      const state = validateWorkflow(await readFile(join(root, file), 'utf8'));
      expect(state.errors, file).toEqual([]);
    }
  });

  it('the validator does reject a broken workflow', () => {
    expect(validateWorkflow('name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: 3\n').errors.length).toBeGreaterThan(0);
  });

  it('examples only pass inputs the action declares', async () => {
    const declared = new Set(Object.keys((parse(await readFile(join(root, 'action.yml'), 'utf8')) as { inputs: object }).inputs));
    for (const file of await workflowFiles()) {
      const workflow = parse(await readFile(join(root, file), 'utf8')) as { jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> };
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses === './' || step.uses?.startsWith('org/perf-action@')) {
            for (const name of Object.keys(step.with ?? {})) expect(declared.has(name), `${file}: ${name}`).toBe(true);
          }
        }
      }
    }
  });
});
