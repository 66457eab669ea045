// What the triggering event says, read from GITHUB_* variables and the event payload into one plain
// object: the repository, the PR (number, shas, fork or not), a deployment's URL, a workflow_run's
// head sha, and whether this is a push to the default branch. Pure; the GitHub calls live elsewhere.

import { readFile } from 'node:fs/promises';
import type { RepoRef } from './github.js';

export interface PullRequestInfo {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha?: string;
  readonly baseRef?: string;
  /** Head repository differs from the base (or was deleted): the token cannot write, so no comment. */
  readonly isFork: boolean;
}

export interface WorkflowRunInfo {
  readonly id: number;
  readonly headSha: string;
  readonly event?: string;
  readonly conclusion?: string;
}

export interface EventContext {
  readonly eventName: string;
  readonly repo?: RepoRef;
  readonly sha?: string;
  readonly ref?: string;
  /** From the payload's repository, when the event carries it. */
  readonly defaultBranch?: string;
  /** The payload's repository id and full name: what a baseline run's head repository must be. */
  readonly repositoryId?: number;
  readonly repositoryFullName?: string;
  readonly pullRequest?: PullRequestInfo;
  readonly deploymentUrl?: string;
  /** The deployed commit of a deployment_status event, to find its PR. */
  readonly deploymentSha?: string;
  readonly workflowRun?: WorkflowRunInfo;
  /** The workflow file of this run ("perf.yml"), from GITHUB_WORKFLOW_REF, for the baseline lookup. */
  readonly workflowFile?: string;
  readonly runId?: number;
  readonly serverUrl: string;
  readonly job?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function loadEventContext(env: Env = process.env): Promise<EventContext> {
  let payload: unknown = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch {
      payload = {};
    }
  }
  return readEventContext(env, payload);
}

export function readEventContext(env: Env, payload: unknown): EventContext {
  const event = asRecord(payload);
  const [owner, name] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = asRecord(event.repository);
  const pr = asRecord(event.pull_request);
  let pullRequest: PullRequestInfo | undefined;
  if (typeof pr.number === 'number') {
    const head = asRecord(pr.head);
    const base = asRecord(pr.base);
    const headRepo = asRecord(head.repo).full_name;
    const baseRepo = asRecord(base.repo).full_name ?? repository.full_name;
    pullRequest = {
      number: pr.number,
      headSha: String(head.sha ?? ''),
      ...(typeof base.sha === 'string' ? { baseSha: base.sha } : {}),
      ...(typeof base.ref === 'string' ? { baseRef: base.ref } : {}),
      isFork: typeof headRepo !== 'string' || headRepo !== baseRepo,
    };
  }
  const deploymentUrl = asRecord(event.deployment_status).environment_url;
  const deploymentSha = asRecord(event.deployment).sha;
  const run = asRecord(event.workflow_run);
  const workflowFile = /\/\.github\/workflows\/([^@]+)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')?.[1];
  const runId = Number(env.GITHUB_RUN_ID);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ...(owner && name ? { repo: { owner, repo: name } } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
    ...(typeof repository.default_branch === 'string' ? { defaultBranch: repository.default_branch } : {}),
    ...(typeof repository.id === 'number' ? { repositoryId: repository.id } : {}),
    ...(typeof repository.full_name === 'string' ? { repositoryFullName: repository.full_name } : {}),
    ...(pullRequest === undefined ? {} : { pullRequest }),
    ...(typeof deploymentUrl === 'string' && deploymentUrl !== '' ? { deploymentUrl } : {}),
    ...(typeof deploymentSha === 'string' && deploymentSha !== '' ? { deploymentSha } : {}),
    ...(typeof run.id === 'number' && typeof run.head_sha === 'string'
      ? {
          workflowRun: {
            id: run.id,
            headSha: run.head_sha,
            ...(typeof run.event === 'string' ? { event: run.event } : {}),
            ...(typeof run.conclusion === 'string' ? { conclusion: run.conclusion } : {}),
          },
        }
      : {}),
    ...(workflowFile === undefined ? {} : { workflowFile }),
    ...(Number.isInteger(runId) && runId > 0 ? { runId } : {}),
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
  };
}

/** A push (or manual run) on the default branch: the run that becomes the next baseline. */
export function isDefaultBranchRun(context: EventContext): boolean {
  if (context.eventName !== 'push' && context.eventName !== 'workflow_dispatch' && context.eventName !== 'schedule') return false;
  return context.defaultBranch !== undefined && context.ref === `refs/heads/${context.defaultBranch}`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
