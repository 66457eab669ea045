// The action's run(): inputs → config → limits (before any request) → readiness → load → results
// written first → baseline → verdict and reports → outputs, summary, annotations → comment →
// notifications and exports → baseline artifact on the default branch → exit status. Each step is a
// function of its own module; this file only orders them. Every thrown error reaches core.setFailed.

import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { verdictFails } from '../analysis/exit-policy.js';
import type { BaselineOrigin, Verdict } from '../analysis/types.js';
import { loadConfigFile } from '../config/load.js';
import { checkLimits, type RunLimits } from '../config/limits.js';
import type { PerfConfig } from '../config/types.js';
import { secretsOf } from '../config/secrets.js';
import { InterruptedError, LimitError, PerfActionError } from '../errors.js';
import { runLoad } from '../engine/run-load.js';
import { analyseRun, renderReports, type AnalyseInput } from '../pipeline/analyse-and-report.js';
import { stopErrorFor } from '../pipeline/stop-error.js';
import { describePush, sendAfterRunPushes } from '../pipeline/after-run-pushes.js';
import { outputPaths, writeReports, writeResults } from '../pipeline/write-outputs.js';
import { appendToHistory } from '../results/history.js';
import { mergeRunResults } from '../results/merge.js';
import type { RunResult } from '../results/types.js';
import { commentMarker } from '../report/marker.js';
import { artifactDownloader, artifactUploader } from './artifacts.js';
import { baselineArtifactName, findBaseline, readBaselineFiles, type BaselineInfo, type BaselineOutcome } from './baseline.js';
import { commentTarget, postReportComment, withDeploymentPullRequest, publishSticky, type ArtifactDownloader, type ArtifactUploader } from './comment.js';
import { readReportedConfigName, uploadCommentData } from './comment-data.js';
import { isDefaultBranchRun, loadEventContext, type EventContext } from './context.js';
import { createOctokit, findStickyComment, getMergeBase, getRepository, listRunArtifacts, type IssueComment, type Octokit, type RepositoryInfo } from './github.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { actionOutputs, annotate, setActionOutputs, writeJobSummary } from './outputs.js';
import { waitForReady } from './ready.js';
import { shardConfig, shardArtifactName, shardLimits } from './shard.js';

/** What run() takes from the outside; tests replace the artifact transfer. */
export interface ActionDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly upload?: ArtifactUploader;
  readonly download?: ArtifactDownloader;
}

export async function run(deps: ActionDeps = { env: process.env }): Promise<void> {
  const stop = new AbortController();
  // A cancelled job gets SIGINT then SIGTERM: the load stops, results are kept, the step fails saying so.
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => stop.abort(new InterruptedError(signal));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await runAction(deps, stop.signal);
  } catch (error) {
    const problems = error instanceof PerfActionError && error.problems.length > 1 ? `\n  - ${error.problems.join('\n  - ')}` : '';
    const code = error instanceof PerfActionError ? ` [${error.code}]` : '';
    core.setFailed(`${(error as Error)?.message ?? String(error)}${code}${problems}`);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

async function runAction(deps: ActionDeps, signal: AbortSignal): Promise<void> {
  const inputs = readInputs();
  const context = await loadEventContext(deps.env);
  const tempDir = join(deps.env.RUNNER_TEMP ?? tmpdir(), 'perf-action');
  const octokit = inputs.githubToken === '' ? undefined : createOctokit(inputs.githubToken);
  const repo = context.repo;
  const upload = deps.upload ?? artifactUploader(inputs.retentionDays);
  const download = deps.download ?? (repo === undefined ? undefined : artifactDownloader(inputs.githubToken, repo));

  if (inputs.mode === 'report') {
    if (octokit === undefined || repo === undefined || download === undefined) throw new LimitError(['mode report: needs github-token and GITHUB_REPOSITORY']);
    if (context.workflowRun === undefined) throw new LimitError([`mode report: runs on a workflow_run event, not ${context.eventName || 'an unknown event'}`]);
    const configName = await readReportedConfigName(inputs.configPath);
    const repoUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}`;
    const posted = await postReportComment({ octokit, repo, download, tempDir }, context.workflowRun, { configName, ...(context.job === undefined ? {} : { job: context.job }), repoUrl });
    if (posted === undefined) {
      core.info(`mode report: run ${context.workflowRun.id} left no comment artifact for config ${configName}; nothing to post`);
      return;
    }
    core.info(`mode report: comment ${posted.action} on #${posted.prNumber}: ${posted.url ?? ''}`);
    if (posted.url !== undefined) core.setOutput('comment-url', posted.url);
    return;
  }

  const config = await prepareConfig(inputs, context, deps.env);
  const paths = outputPaths(inputs.outDir);
  const runMeta = {
    ...(context.pullRequest?.headSha || context.sha ? { commit: context.pullRequest?.headSha || context.sha! } : {}),
    ...(context.ref === undefined ? {} : { ref: context.ref }),
    ...(deps.env.GITHUB_WORKFLOW ? { workflow: deps.env.GITHUB_WORKFLOW } : {}),
  };

  let current: RunResult;
  if (inputs.mode === 'merge') {
    if (octokit === undefined || repo === undefined || download === undefined || context.runId === undefined) {
      throw new LimitError(['mode merge: needs github-token, GITHUB_REPOSITORY and GITHUB_RUN_ID to find the shard artifacts']);
    }
    current = await downloadShards(octokit, { repo, runId: context.runId, download, tempDir }, config, inputs.shardCount!);
  } else {
    const runConfig = inputs.mode === 'shard' ? shardConfig(config, inputs.shardIndex!, inputs.shardCount!) : config;
    if (inputs.waitForReadyMs > 0) {
      const attempts = await waitForReady(runConfig.target, { timeoutMs: inputs.waitForReadyMs, signal, log: (line) => core.info(line), insecureTls: runConfig.http.insecureTls });
      core.info(`wait-for-ready: ${runConfig.target} answered after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    }
    // The engine enforces the workflow's limits on every request (hosts after templates and redirects, the rate).
    const limits = inputs.mode === 'shard' ? shardLimits(limitsOf(inputs), inputs.shardCount!) : limitsOf(inputs);
    current = await runLoad(runConfig, { signal, limits, ...runMeta });
  }
  if (Object.keys(inputs.labels).length > 0) current = { ...current, meta: { ...current.meta, labels: { ...current.meta.labels, ...inputs.labels } } };
  // Measurements are kept whatever fails next.
  await writeResults(paths, current, secretsOf(config));
  // A run stopped early fails the step with its reason once its reports are out, and never becomes a
  // baseline; an unreachable target has nothing to compare or comment on, so it fails here.
  const stopped = stopErrorFor(current, signal.reason);
  if (stopped !== undefined && current.meta.stoppedBy === 'unreachable') throw stopped;

  if (inputs.mode === 'shard') {
    const name = shardArtifactName(config, inputs.shardIndex!);
    await upload(name, [paths.results], paths.dir);
    core.info(`mode shard: results of shard ${inputs.shardIndex} of ${inputs.shardCount} uploaded as ${name}`);
    setActionOutputs({ 'results-path': paths.results });
    return;
  }

  const baseline = await resolveBaseline(inputs, context, config, { octokit, download, tempDir });
  if ('missing' in baseline && inputs.baseline.kind !== 'none') core.warning(`No baseline: ${baseline.missing}`);
  const analyseInput: AnalyseInput = {
    current,
    config,
    ...('baseline' in baseline
      ? { baseline: baseline.baseline, baselineSource: baseline.info.artifactName, baselineOrigin: baselineOrigin(baseline.info) }
      : inputs.baseline.kind === 'none'
        ? {}
        : { baseline }),
    ...('history' in baseline && baseline.history !== undefined ? { history: baseline.history } : {}),
  };
  const verdict = analyseRun(analyseInput);

  const commentContext =
    octokit === undefined || inputs.comment === 'never'
      ? context
      : await withDeploymentPullRequest(octokit, context).catch((error: unknown) => {
          core.warning(`Cannot find the pull request of the deployment: ${(error as Error).message}`);
          return context;
        });
  const target = commentTarget(inputs.comment, commentContext);
  const marker = commentMarker(verdict.configName, context.job);
  let existing: IssueComment | undefined;
  if (target.kind === 'sticky' && octokit !== undefined && repo !== undefined) {
    existing = await findStickyComment(octokit, repo, target.issueNumber, marker);
  }
  const repoUrl = repo === undefined ? undefined : `${context.serverUrl}/${repo.owner}/${repo.repo}`;
  const runUrl = repoUrl === undefined || context.runId === undefined ? undefined : `${repoUrl}/actions/runs/${context.runId}`;
  const reports = renderReports(verdict, analyseInput, {
    ...(context.job === undefined ? {} : { job: context.job }),
    ...(repoUrl === undefined ? {} : { repoUrl }),
    ...(runUrl === undefined ? {} : { runUrl, reportUrl: runUrl }),
    ...(existing === undefined ? {} : { previousBody: existing.body }),
  });
  const onDefaultBranch = isDefaultBranchRun(context);
  const history = onDefaultBranch ? appendToHistory('history' in baseline ? baseline.history : undefined, current, verdict.trim.current) : undefined;
  await writeReports(paths, { ...reports, ...(history === undefined ? {} : { history }) }, secretsOf(config));

  const commentUrl = await postComment(inputs, context, target, { octokit, existing, body: reports.comment, configName: verdict.configName, files: { verdict: paths.verdict, results: paths.results }, upload, tempDir });
  setActionOutputs(
    actionOutputs(verdict, {
      resultsPath: paths.results,
      reportPath: paths.report,
      ...(commentUrl === undefined ? {} : { commentUrl }),
      ...('info' in baseline ? { baselineSha: baseline.info.sha } : {}),
    }),
  );
  await writeJobSummary(reports.comment);
  annotate(verdict);
  // Notifications and exports: each bounded by its timeout, a failure only a warning. Their URLs are
  // among secretsOf(config), which prepareConfig handed to core.setSecret.
  const pushes = await sendAfterRunPushes({
    config,
    verdict,
    current,
    ...('history' in baseline && baseline.history !== undefined ? { history: baseline.history } : {}),
    links: runUrl === undefined ? {} : { runUrl, reportUrl: runUrl },
  });
  for (const push of pushes) {
    const { level, line } = describePush(push);
    if (level === 'warning') core.warning(line);
    else core.info(line);
  }

  if (stopped !== undefined) throw stopped;
  if (onDefaultBranch) {
    const name = inputs.artifactName ?? baselineArtifactName(config.name, config.profile);
    await upload(name, [paths.results, paths.verdict, paths.report, paths.history], paths.dir);
    core.info(`Baseline uploaded as ${name}`);
  }
  finish(verdict, inputs);
}

function baselineOrigin(info: BaselineInfo): BaselineOrigin {
  return {
    workflow: info.workflow,
    runId: info.runId,
    ...(info.runNumber === undefined ? {} : { runNumber: info.runNumber }),
    event: info.event,
    commit: info.sha,
    createdAt: info.createdAt,
    ...(info.runUrl === undefined ? {} : { url: info.runUrl }),
  };
}

function finish(verdict: Verdict, inputs: ActionInputs): void {
  core.info(`perf-action: ${verdict.overall} (slo ${verdict.slo}, regression ${verdict.regression}): ${verdict.headline}`);
  if (verdictFails(verdict, inputs.failOn)) {
    core.setFailed(`perf-action: ${verdict.headline} (fail-on ${[...inputs.failOn].join(',')})`);
  }
}

/** Loads perf.yml, applies the target override, then checks the workflow's limits before any request. */
export async function prepareConfig(inputs: ActionInputs, context: EventContext, env: Readonly<Record<string, string | undefined>>): Promise<PerfConfig> {
  const targetUrl = inputs.targetUrl ?? (context.eventName === 'deployment_status' ? context.deploymentUrl : undefined);
  // The loader puts the URL in place of the file's target, so its ${PREVIEW_URL} needs no value.
  const config: PerfConfig = await loadConfigFile(inputs.configPath, {
    env: env as Record<string, string | undefined>,
    ...(inputs.profile === undefined ? {} : { profile: inputs.profile }),
    ...(targetUrl === undefined ? {} : { target: targetUrl }),
  });
  checkLimits(config, limitsOf(inputs));
  // merge sends no load, so only modes that do need the host confirmed.
  if (inputs.mode !== 'merge' && inputs.allowedHosts === undefined && !inputs.confirm && !isLoopback(config.target)) {
    throw new LimitError([`inputs allowed-hosts, confirm: target ${JSON.stringify(config.target)} is not loopback; list its host in allowed-hosts or set confirm: true`]);
  }
  // Every secret value of the run (headers at any level, their credentials and ${ENV} values, URL
  // userinfo), with its JSON- and URL-escaped forms: the runner masks each in the job's log.
  for (const value of secretsOf(config)) core.setSecret(value);
  return config;
}

/** The limits the workflow's inputs set, which perf.yml cannot change. */
function limitsOf(inputs: ActionInputs): RunLimits {
  return {
    ...(inputs.allowedHosts === undefined ? {} : { allowedHosts: inputs.allowedHosts }),
    ...(inputs.maxRate === undefined ? {} : { maxRate: inputs.maxRate }),
    ...(inputs.maxDurationMs === undefined ? {} : { maxDurationMs: inputs.maxDurationMs }),
    ...(inputs.pushHosts === undefined ? {} : { pushHosts: inputs.pushHosts }),
  };
}

function isLoopback(target: string): boolean {
  try {
    const host = new URL(target).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

async function resolveBaseline(
  inputs: ActionInputs,
  context: EventContext,
  config: PerfConfig,
  io: { readonly octokit: Octokit | undefined; readonly download: ArtifactDownloader | undefined; readonly tempDir: string },
): Promise<BaselineOutcome> {
  if (inputs.baseline.kind === 'none') return { missing: 'baseline: none' };
  if (io.octokit === undefined || context.repo === undefined || io.download === undefined) return { missing: 'no github-token or repository to look the baseline up with' };
  const repository = await repositoryInfo(io.octokit, context).catch(() => undefined);
  if (repository === undefined) return { missing: 'cannot read the id and default branch of the repository' };
  const pull = context.pullRequest;
  // Without the merge-base the base sha still narrows the search; a failed compare is not fatal.
  const mergeBase =
    pull?.baseSha === undefined || pull.headSha === '' ? undefined : await getMergeBase(io.octokit, context.repo, pull.baseSha, pull.headSha).catch(() => undefined);
  return findBaseline({
    octokit: io.octokit,
    repo: context.repo,
    repository,
    ...(inputs.baselineWorkflow === undefined ? {} : { workflow: inputs.baselineWorkflow }),
    ...(pull?.baseSha === undefined ? {} : { baseSha: pull.baseSha }),
    ...(mergeBase === undefined ? {} : { mergeBase }),
    artifactName: inputs.baseline.kind === 'artifact' ? inputs.baseline.name : baselineArtifactName(config.name, config.profile),
    download: io.download,
    tempDir: io.tempDir,
  });
}

/** The repository's id, full name and default branch: from the event payload when it has all three. */
async function repositoryInfo(octokit: Octokit, context: EventContext): Promise<RepositoryInfo> {
  if (context.repositoryId !== undefined && context.repositoryFullName !== undefined && context.defaultBranch !== undefined) {
    return { id: context.repositoryId, fullName: context.repositoryFullName, defaultBranch: context.defaultBranch };
  }
  return getRepository(octokit, context.repo!);
}

async function postComment(
  inputs: ActionInputs,
  context: EventContext,
  target: ReturnType<typeof commentTarget>,
  io: {
    readonly octokit: Octokit | undefined;
    readonly existing: IssueComment | undefined;
    readonly body: string;
    readonly configName: string;
    readonly files: { readonly verdict: string; readonly results: string };
    readonly upload: ArtifactUploader;
    readonly tempDir: string;
  },
): Promise<string | undefined> {
  if (target.kind === 'skip') {
    core.info(`Comment skipped: ${target.reason}`);
    return undefined;
  }
  if (target.kind === 'fork-artifact') {
    const name = await uploadCommentData({ prNumber: target.prNumber, headSha: target.headSha }, io.files, io.configName, join(io.tempDir, 'comment-data'), io.upload);
    core.info(`Fork pull request: the token cannot comment, so the comment's data was uploaded as ${name} for a workflow_run job with mode: report`);
    return undefined;
  }
  if (io.octokit === undefined || context.repo === undefined) {
    core.info('Comment skipped: no github-token or repository');
    return undefined;
  }
  try {
    const result = await publishSticky(io.octokit, context.repo, target.issueNumber, io.body, io.existing, { onChange: inputs.comment === 'on-change' });
    core.info(`Comment ${result.action}: ${result.url ?? ''}`);
    return result.url;
  } catch (error) {
    // A token without write access (403: Dependabot, permissions read-all) leaves the comment's data
    // as a fork's run does, so a workflow_run job with mode: report can post it; the run stays green.
    if (error instanceof PerfActionError && (error as { status?: number }).status === 403 && context.pullRequest !== undefined) {
      const name = await uploadCommentData({ prNumber: target.issueNumber, headSha: context.pullRequest.headSha }, io.files, io.configName, join(io.tempDir, 'comment-data'), io.upload);
      core.warning(`The token may not comment here (${error.message}); the comment's data was uploaded as ${name} for a workflow_run job with mode: report`);
      return undefined;
    }
    throw error;
  }
}

async function downloadShards(
  octokit: Octokit,
  io: { readonly repo: NonNullable<EventContext['repo']>; readonly runId: number; readonly download: ArtifactDownloader; readonly tempDir: string },
  config: PerfConfig,
  shardCount: number,
): Promise<RunResult> {
  const artifacts = await listRunArtifacts(octokit, io.repo, io.runId);
  const results: RunResult[] = [];
  const problems: string[] = [];
  for (let index = 0; index < shardCount; index++) {
    const name = shardArtifactName(config, index);
    const artifact = artifacts.find((a) => a.name === name && !a.expired);
    if (artifact === undefined) {
      problems.push(`mode merge: shard ${index} left no artifact ${name} in run ${io.runId}`);
      continue;
    }
    const dir = join(io.tempDir, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await io.download({ id: artifact.id, name, runId: io.runId }, dir);
    const files = await readBaselineFiles(dir, name);
    if ('missing' in files) problems.push(`mode merge: ${files.missing}`);
    else results.push(files.baseline);
  }
  if (problems.length > 0) throw new LimitError(problems);
  return mergeRunResults(results);
}

