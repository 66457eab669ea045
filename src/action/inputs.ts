// Reads every action input once, through @actions/core, and returns a typed, frozen object. Bad
// values become a ConfigError naming the input; conflicting inputs are named together. What the
// inputs mean for a run (limits, the baseline, the comment) is decided by the modules that use them.

import * as core from '@actions/core';
import { parseFailOn, type FailOnKind } from '../analysis/exit-policy.js';
import { parseDuration } from '../config/duration.js';
import { ConfigError, PerfActionError } from '../errors.js';

export type ActionMode = 'run' | 'shard' | 'merge' | 'report';
export type CommentPolicy = 'auto' | 'always' | 'on-change' | 'never';
/** `auto` looks the baseline up; `none` runs without one; `artifact` names an artifact to use. */
export type BaselineChoice = { readonly kind: 'auto' } | { readonly kind: 'none' } | { readonly kind: 'artifact'; readonly name: string };

export interface ActionInputs {
  readonly configPath: string;
  readonly targetUrl?: string;
  readonly mode: ActionMode;
  readonly baseline: BaselineChoice;
  /** Only baselines uploaded by this workflow file ("main-baseline.yml"); any workflow when unset. */
  readonly baselineWorkflow?: string;
  readonly failOn: ReadonlySet<FailOnKind>;
  readonly comment: CommentPolicy;
  readonly githubToken: string;
  /** Undefined when the input is empty: every host may be loaded (subject to `confirm`). */
  readonly allowedHosts?: readonly string[];
  /** Hosts perf.yml's notify: and exports: may reach; undefined when the input is empty (see config/push-limits.ts). */
  readonly pushHosts?: readonly string[];
  /** Requests per second. */
  readonly maxRate?: number;
  readonly maxDurationMs?: number;
  /** 0 turns the readiness poll off. */
  readonly waitForReadyMs: number;
  readonly artifactName?: string;
  readonly retentionDays: number;
  readonly confirm: boolean;
  readonly profile?: string;
  readonly shardIndex?: number;
  readonly shardCount?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly outDir: string;
}

const MODES: readonly ActionMode[] = ['run', 'shard', 'merge', 'report'];
const COMMENT_POLICIES: readonly CommentPolicy[] = ['auto', 'always', 'on-change', 'never'];
/** GitHub keeps artifacts between 1 and 90 days. */
const MAX_RETENTION_DAYS = 90;
const ARTIFACT_NAME = /^[^"<>:|*?\\/\r\n]{1,200}$/;

type Read = (name: string) => string;

/** `read` defaults to core.getInput (trimmed); tests may pass their own. */
export function readInputs(read: Read = (name) => core.getInput(name)): ActionInputs {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = read(name).trim();
    return value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = text(name) ?? fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`input ${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  };
  const number = (name: string, test: (n: number) => boolean, expected: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(parsed) || !test(parsed)) {
      problems.push(`input ${name}: expected ${expected}, got "${value}"`);
      return undefined;
    }
    return parsed;
  };
  const duration = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    try {
      return parseDuration(value, `input ${name}`);
    } catch (error) {
      problems.push(error instanceof PerfActionError ? error.problems.join('; ') : `input ${name}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const configPath = text('config') ?? 'perf.yml';
  const targetUrl = text('target-url');
  if (targetUrl !== undefined && !/^https?:\/\/[^\s/]+/i.test(targetUrl)) {
    problems.push(`input target-url: expected an http:// or https:// URL, got "${targetUrl}"`);
  }
  const mode = oneOf('mode', MODES, 'run');
  const baselineText = text('baseline') ?? 'auto';
  let baseline: BaselineChoice = { kind: 'auto' };
  if (baselineText === 'none') baseline = { kind: 'none' };
  else if (baselineText !== 'auto') {
    if (ARTIFACT_NAME.test(baselineText)) baseline = { kind: 'artifact', name: baselineText };
    else problems.push(`input baseline: expected auto, none or an artifact name, got "${baselineText}"`);
  }
  const baselineWorkflow = text('baseline-workflow')?.replace(/^\.github\/workflows\//, '');
  if (baselineWorkflow !== undefined && !/^[A-Za-z0-9._-]+\.ya?ml$/.test(baselineWorkflow)) {
    problems.push(`input baseline-workflow: expected a workflow file name such as main-baseline.yml, got "${baselineWorkflow}"`);
  }
  let failOn: ReadonlySet<FailOnKind> = new Set<FailOnKind>(['slo', 'regression']);
  try {
    failOn = parseFailOn(text('fail-on') ?? 'slo,regression', 'input fail-on');
  } catch (error) {
    problems.push((error as Error).message);
  }
  const comment = oneOf('comment', COMMENT_POLICIES, 'auto');
  const githubToken = text('github-token') ?? '';
  const allowedText = text('allowed-hosts');
  const allowedHosts = allowedText
    ?.split(/[,\n]/)
    .map((host) => host.trim())
    .filter((host) => host !== '');
  const pushHosts = text('push-hosts')
    ?.split(/[,\n]/)
    .map((host) => host.trim())
    .filter((host) => host !== '');
  const maxRate = number('max-rate', (n) => n > 0, 'a number of requests per second above 0');
  const maxDurationMs = duration('max-duration');
  if (maxDurationMs !== undefined && maxDurationMs <= 0) problems.push('input max-duration: expected a duration above 0');
  const waitForReadyMs = text('wait-for-ready') === undefined ? 0 : (duration('wait-for-ready') ?? 0);
  const artifactName = text('artifact-name');
  if (artifactName !== undefined && !ARTIFACT_NAME.test(artifactName)) {
    problems.push(`input artifact-name: expected a name without " < > : | * ? \\ / or newlines, got "${artifactName}"`);
  }
  const retentionDays = number('retention-days', (n) => Number.isInteger(n) && n >= 1 && n <= MAX_RETENTION_DAYS, `a whole number of days from 1 to ${MAX_RETENTION_DAYS}`) ?? 30;
  const confirmText = (text('confirm') ?? 'false').toLowerCase();
  if (confirmText !== 'true' && confirmText !== 'false') problems.push(`input confirm: expected true or false, got "${confirmText}"`);
  const profile = text('profile');
  const shardIndex = number('shard-index', Number.isInteger, 'a whole number from 0');
  const shardCount = number('shard-count', (n) => Number.isInteger(n) && n >= 1, 'a whole number from 1');
  const labels = parseLabels(text('labels'), problems);
  const outDir = text('out-dir') ?? 'perf-results';

  // Conflicts are named together, so one message says what to change.
  if (mode === 'shard') {
    if (shardIndex === undefined || shardCount === undefined) problems.push('inputs mode, shard-index, shard-count: mode shard needs both shard-index and shard-count');
    else if (shardIndex >= shardCount) problems.push(`inputs shard-index, shard-count: shard-index ${shardIndex} must be below shard-count ${shardCount}`);
  } else if (mode === 'merge') {
    if (shardCount === undefined) problems.push('inputs mode, shard-count: mode merge needs shard-count');
    if (shardIndex !== undefined) problems.push('inputs mode, shard-index: shard-index only applies to mode shard');
  } else if (shardIndex !== undefined || shardCount !== undefined) {
    problems.push(`inputs mode, shard-index, shard-count: shard inputs only apply to modes shard and merge, not ${mode}`);
  }
  if (mode === 'report' && targetUrl !== undefined) problems.push('inputs mode, target-url: mode report posts a prepared comment and loads no target');
  if (comment !== 'never' && mode !== 'shard' && githubToken === '') problems.push(`inputs comment, github-token: comment ${comment} needs a github-token (or comment: never)`);

  if (problems.length > 0) throw new ConfigError(problems, 'action inputs');
  return Object.freeze({
    configPath,
    ...(targetUrl === undefined ? {} : { targetUrl }),
    mode,
    baseline: Object.freeze(baseline),
    ...(baselineWorkflow === undefined ? {} : { baselineWorkflow }),
    failOn,
    comment,
    githubToken,
    ...(allowedHosts === undefined ? {} : { allowedHosts: Object.freeze(allowedHosts) }),
    ...(pushHosts === undefined ? {} : { pushHosts: Object.freeze(pushHosts) }),
    ...(maxRate === undefined ? {} : { maxRate }),
    ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
    waitForReadyMs,
    ...(artifactName === undefined ? {} : { artifactName }),
    retentionDays,
    confirm: confirmText === 'true',
    ...(profile === undefined ? {} : { profile }),
    ...(shardIndex === undefined ? {} : { shardIndex }),
    ...(shardCount === undefined ? {} : { shardCount }),
    labels: Object.freeze(labels),
    outDir,
  });
}

/** "service=cart, env=preview" → { service: 'cart', env: 'preview' }. */
function parseLabels(text: string | undefined, problems: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === undefined) return labels;
  for (const pair of text.split(/[,\n]/).map((part) => part.trim()).filter((part) => part !== '')) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (key === '' || !/^[A-Za-z0-9_.-]+$/.test(key)) {
      problems.push(`input labels: expected key=value pairs separated by commas, got "${pair}"`);
      continue;
    }
    labels[key] = pair.slice(at + 1).trim();
  }
  return labels;
}
