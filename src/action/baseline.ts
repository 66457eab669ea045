// Finds the baseline of a PR run in the artifacts of the default branch: successful runs of the same
// workflow, starting at the PR's base commit (else the newest), walking back a bounded number of runs
// to the first unexpired `perf-baseline-<config>[-<profile>]` artifact. Downloading is injected; the
// files are size-capped and validated. A missing, expired or malformed baseline is an answer
// ({ missing: reason }) that makes the regression verdict inconclusive, never a crash.

import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RESULTS_FILE_BYTES, readJsonFile, validateRunResult } from '../results/run-result.js';
import { validateHistory } from '../results/history.js';
import type { History, RunResult } from '../results/types.js';
import type { ArtifactDownloader } from './comment.js';
import { listBaselineRuns, listRunArtifacts, type MergeBase, type Octokit, type RepoRef, type WorkflowRunRef } from './github.js';

export const MAX_BASELINE_RUNS = 20;
/** The same cap the CLI applies to every results file it reads. */
export const MAX_BASELINE_FILE_BYTES = MAX_RESULTS_FILE_BYTES;

export interface BaselineInfo {
  readonly sha: string;
  readonly runId: number;
  readonly createdAt: string;
  readonly artifactName: string;
}
export interface BaselineFound {
  readonly baseline: RunResult;
  readonly history?: History;
  readonly info: BaselineInfo;
}
export type BaselineOutcome = BaselineFound | { readonly missing: string };

/** Baselines are compared only within one config and profile, so the name carries both. */
export function baselineArtifactName(configName: string, profile?: string): string {
  const part = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return `perf-baseline-${part(configName)}${profile === undefined ? '' : `-${part(profile)}`}`;
}

export interface BaselineLookup {
  readonly octokit: Octokit;
  readonly repo: RepoRef;
  /** Workflow file name ("perf.yml") or id of the workflow that produced the baselines. */
  readonly workflow: string | number;
  readonly defaultBranch: string;
  /** The PR's base sha: the run at this commit is preferred when the merge-base is unknown. */
  readonly baseSha?: string;
  /**
   * Where the PR's branch left the default branch. The run at this commit is preferred; without one,
   * the newest run created no later than the merge-base commit, so the PR is never compared with
   * code from main that it does not contain.
   */
  readonly mergeBase?: MergeBase;
  readonly artifactName: string;
  readonly download: ArtifactDownloader;
  readonly tempDir: string;
  readonly maxRuns?: number;
}

export async function findBaseline(lookup: BaselineLookup): Promise<BaselineOutcome> {
  const name = lookup.artifactName;
  try {
    const runs = await listBaselineRuns(lookup.octokit, lookup.repo, lookup.workflow, lookup.defaultBranch, 30);
    if (runs.length === 0) return { missing: `no successful run of ${lookup.workflow} on ${lookup.defaultBranch}` };
    const candidates = preferredRuns(runs, lookup).slice(0, lookup.maxRuns ?? MAX_BASELINE_RUNS);
    if (candidates.length === 0) return { missing: `no successful run of ${lookup.workflow} on ${lookup.defaultBranch} at or before the merge-base ${lookup.mergeBase?.sha.slice(0, 7) ?? ''}` };
    let expired = 0;
    for (const run of candidates) {
      const artifacts = await listRunArtifacts(lookup.octokit, lookup.repo, run.id, name);
      const matching = artifacts.filter((a) => a.name === name);
      const artifact = matching.find((a) => !a.expired);
      if (artifact === undefined) {
        if (matching.length > 0) expired++;
        continue;
      }
      if (artifact.sizeBytes > MAX_BASELINE_FILE_BYTES * 2) {
        return { missing: `artifact ${name} of run ${run.id} is ${artifact.sizeBytes} bytes, above the ${MAX_BASELINE_FILE_BYTES * 2}-byte cap` };
      }
      const dir = join(lookup.tempDir, `${name}-${run.id}`);
      await rm(dir, { recursive: true, force: true }); // a fresh folder, so no earlier file is taken for this artifact's
      await mkdir(dir, { recursive: true });
      await lookup.download({ id: artifact.id, name, runId: run.id }, dir);
      // The nearest baseline is used or none is: an older one would compare against other code silently.
      const files = await readBaselineFiles(dir, `${name} (run ${run.id})`);
      if ('missing' in files) return files;
      return { ...files, info: { sha: run.headSha, runId: run.id, createdAt: artifact.createdAt ?? run.createdAt, artifactName: name } };
    }
    const walked = `${candidates.length} successful run${candidates.length === 1 ? '' : 's'} of ${lookup.workflow} on ${lookup.defaultBranch}`;
    return { missing: expired > 0 ? `artifact ${name} has expired in ${expired} of the ${walked} and is absent from the rest` : `no artifact ${name} in the last ${walked}` };
  } catch (error) {
    return { missing: `baseline lookup failed: ${(error as Error).message}` };
  }
}

/**
 * Runs newest first, starting at the one to prefer: the run at the merge-base; else, with the
 * merge-base's date, the newest run created by then (a run is created after its commit, so any run
 * created before the merge-base commit is of an earlier commit); else the run at the base sha; else
 * the newest run, the nearest one known.
 */
function preferredRuns(runs: readonly WorkflowRunRef[], lookup: Pick<BaselineLookup, 'baseSha' | 'mergeBase'>): readonly WorkflowRunRef[] {
  const mergeBase = lookup.mergeBase;
  if (mergeBase !== undefined) {
    const atMergeBase = runs.findIndex((run) => run.headSha === mergeBase.sha);
    if (atMergeBase >= 0) return runs.slice(atMergeBase);
    if (mergeBase.date !== undefined) {
      const limit = Date.parse(mergeBase.date);
      return runs.filter((run) => Date.parse(run.createdAt) <= limit);
    }
  }
  const atBase = lookup.baseSha === undefined ? -1 : runs.findIndex((run) => run.headSha === lookup.baseSha);
  return runs.slice(Math.max(atBase, 0));
}

/** results.json (required) and history.json (optional) from a downloaded baseline folder. */
export async function readBaselineFiles(dir: string, source: string): Promise<{ baseline: RunResult; history?: History } | { missing: string }> {
  const results = join(dir, 'results.json');
  const history = join(dir, 'history.json');
  const sizeOf = (path: string) => stat(path).then((s) => s.size, () => -1);
  const resultsBytes = await sizeOf(results);
  if (resultsBytes < 0) return { missing: `baseline ${source} holds no results.json` };
  if (resultsBytes > MAX_BASELINE_FILE_BYTES) return { missing: `baseline ${source}: results.json is ${resultsBytes} bytes, above the ${MAX_BASELINE_FILE_BYTES}-byte cap` };
  const historyBytes = await sizeOf(history);
  if (historyBytes > MAX_BASELINE_FILE_BYTES) return { missing: `baseline ${source}: history.json is ${historyBytes} bytes, above the ${MAX_BASELINE_FILE_BYTES}-byte cap` };
  try {
    const baseline = validateRunResult(await readJsonFile(results), `baseline ${source} results.json`);
    if (historyBytes < 0) return { baseline };
    return { baseline, history: validateHistory(await readJsonFile(history), `baseline ${source} history.json`) };
  } catch (error) {
    return { missing: `baseline is malformed: ${(error as Error).message.split('\n')[0]}` };
  }
}
