// Finds the baseline of a run among the repository's artifacts of that name (config + profile),
// from whichever workflow uploaded them, keeping only those whose run was main's own: a push,
// schedule or workflow_dispatch run of this repository on its default branch that succeeded (a
// fork's pull_request run from a branch it named "main" uploads under the same name). Prefers the run
// at the PR's merge-base, walks back a bounded number of runs, downloads through the injected
// downloader, and caps and validates the files. A missing, expired or malformed baseline is an
// answer ({ missing: reason }) that makes the regression verdict inconclusive, never a crash.

import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RESULTS_FILE_BYTES, readJsonFile, validateRunResult } from '../results/run-result.js';
import { validateHistory } from '../results/history.js';
import type { History, RunResult } from '../results/types.js';
import { PerfActionError } from '../errors.js';
import type { ArtifactDownloader } from './comment.js';
import { getWorkflowRun, listArtifactsByName, type MergeBase, type Octokit, type RepoArtifact, type RepoRef, type RepositoryInfo, type WorkflowRunDetails } from './github.js';

/** Candidate runs read (one GET each) before the walk gives up. */
export const MAX_BASELINE_RUNS = 20;
/** The same cap the CLI applies to every results file it reads. */
export const MAX_BASELINE_FILE_BYTES = MAX_RESULTS_FILE_BYTES;
/** Pages of 100 artifacts of that name listed; older ones are out of reach. */
export const MAX_ARTIFACT_PAGES = 3;
/** The events of main's own runs. pull_request, workflow_run, deployment_status and the rest never make a baseline. */
export const BASELINE_EVENTS: readonly string[] = ['push', 'schedule', 'workflow_dispatch'];

/** Which run of which workflow the baseline came from, as GitHub records it (not as the files claim). */
export interface BaselineInfo {
  readonly sha: string;
  readonly runId: number;
  readonly createdAt: string;
  readonly artifactName: string;
  readonly event: string;
  /** Workflow file name ("main-baseline.yml"), else the workflow's name. */
  readonly workflow: string;
  readonly runNumber?: number;
  readonly runUrl?: string;
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
  /** This repository as GitHub knows it: its id and full name are what a baseline run must have. */
  readonly repository: RepositoryInfo;
  /** Only runs of this workflow file ("main-baseline.yml"); any workflow when unset. */
  readonly workflow?: string;
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

/** "main-baseline.yml" from ".github/workflows/main-baseline.yml@refs/heads/main". */
export function workflowFileName(path: string): string {
  return path.replace(/@.*$/, '').split('/').at(-1) ?? path;
}

/** Why a run cannot be a baseline, or undefined when it is one of main's own successful runs. */
export function baselineRunProblem(run: WorkflowRunDetails, lookup: Pick<BaselineLookup, 'repository' | 'workflow'>): string | undefined {
  const { repository } = lookup;
  if (!BASELINE_EVENTS.includes(run.event)) return `event ${run.event}`;
  if (run.headRepositoryId !== repository.id || (run.headRepositoryFullName !== undefined && run.headRepositoryFullName !== repository.fullName)) {
    return `head repository ${run.headRepositoryFullName ?? run.headRepositoryId ?? 'unknown'}`;
  }
  if (run.repositoryId !== undefined && run.repositoryId !== repository.id) return `repository ${run.repositoryId}`;
  if (run.headBranch !== repository.defaultBranch) return `branch ${run.headBranch ?? 'unknown'}`;
  if (run.conclusion !== 'success') return `conclusion ${run.conclusion ?? run.status ?? 'unknown'}`;
  if (lookup.workflow !== undefined && (run.workflowPath === undefined || workflowFileName(run.workflowPath) !== workflowFileName(lookup.workflow))) {
    return `workflow ${run.workflowPath ?? 'unknown'}`;
  }
  return undefined;
}

interface Candidate {
  readonly run: WorkflowRunDetails;
  readonly artifact: RepoArtifact;
}

export async function findBaseline(lookup: BaselineLookup): Promise<BaselineOutcome> {
  const name = lookup.artifactName;
  const { repository } = lookup;
  const whose = `a successful push, schedule or workflow_dispatch run of ${repository.fullName} on ${repository.defaultBranch}${lookup.workflow === undefined ? '' : ` by ${workflowFileName(lookup.workflow)}`}`;
  try {
    const listed = (await listArtifactsByName(lookup.octokit, lookup.repo, name, MAX_ARTIFACT_PAGES)).filter((a) => a.name === name && a.runId !== undefined);
    if (listed.length === 0) return { missing: `no artifact ${name} in ${repository.fullName}` };
    // GitHub's own run fields on each artifact drop other repositories' and branches' uploads before
    // any run is read; the run itself is then checked in full, since these fields may be absent.
    const fresh = new Map<number, RepoArtifact>();
    const expiredRuns = new Set<number>();
    for (const artifact of [...listed].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))) {
      if (artifact.runHeadRepositoryId !== undefined && artifact.runHeadRepositoryId !== repository.id) continue;
      if (artifact.runRepositoryId !== undefined && artifact.runRepositoryId !== repository.id) continue;
      if (artifact.runHeadBranch !== undefined && artifact.runHeadBranch !== repository.defaultBranch) continue;
      if (artifact.expired) expiredRuns.add(artifact.runId!);
      else if (!fresh.has(artifact.runId!)) fresh.set(artifact.runId!, artifact);
    }
    const candidates: Candidate[] = [];
    let rejected = 0;
    for (const artifact of [...fresh.values()].slice(0, lookup.maxRuns ?? MAX_BASELINE_RUNS)) {
      const run = await getWorkflowRun(lookup.octokit, lookup.repo, artifact.runId!);
      if (baselineRunProblem(run, lookup) === undefined) candidates.push({ run, artifact });
      else rejected++;
    }
    if (candidates.length === 0) {
      if (expiredRuns.size > 0 && fresh.size === 0) return { missing: `artifact ${name} has expired in all ${expiredRuns.size} runs that uploaded it` };
      return { missing: `no artifact ${name} from ${whose}${rejected > 0 ? ` (${rejected} from other runs set aside)` : ''}` };
    }
    const byRun = new Map(candidates.map((c) => [c.run.id, c]));
    const runs = candidates.map((c) => ({ id: c.run.id, headSha: c.run.headSha, createdAt: c.run.createdAt })).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const preferred = preferredRuns(runs, lookup);
    if (preferred.length === 0) return { missing: `no artifact ${name} from ${whose} at or before the merge-base ${lookup.mergeBase?.sha.slice(0, 7) ?? ''}` };
    const { run, artifact } = byRun.get(preferred[0]!.id)!;
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
    return {
      ...files,
      info: {
        sha: run.headSha,
        runId: run.id,
        createdAt: artifact.createdAt ?? run.createdAt,
        artifactName: name,
        event: run.event,
        workflow: run.workflowPath === undefined ? (run.workflowName ?? 'unknown workflow') : workflowFileName(run.workflowPath),
        ...(run.runNumber === undefined ? {} : { runNumber: run.runNumber }),
        ...(run.htmlUrl === undefined ? {} : { runUrl: run.htmlUrl }),
      },
    };
  } catch (error) {
    return { missing: `baseline lookup failed: ${(error as Error).message}` };
  }
}

interface RunRef {
  readonly id: number;
  readonly headSha: string;
  readonly createdAt: string;
}

/**
 * Runs newest first, starting at the one to prefer: the run at the merge-base; else, with the
 * merge-base's date, the newest run created by then (a run is created after its commit, so any run
 * created before the merge-base commit is of an earlier commit); else the run at the base sha; else
 * the newest run, the nearest one known.
 */
function preferredRuns(runs: readonly RunRef[], lookup: Pick<BaselineLookup, 'baseSha' | 'mergeBase'>): readonly RunRef[] {
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
    // The first problem says what is wrong (a field and why); the count alone would not.
    const problems = error instanceof PerfActionError && error.problems[0] !== error.message ? error.problems : [];
    const first = problems.length > 0 ? `: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` : '';
    return { missing: `baseline is malformed: ${(error as Error).message.split('\n')[0]}${first}` };
  }
}
