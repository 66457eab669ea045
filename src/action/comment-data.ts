// The comment artifact of the fork-safe flow, both ends. A run whose token cannot comment (a fork's
// PR, or a read-only token) uploads data, never Markdown: pr.json (the PR number and head sha), and
// the verdict.json and results.json it already wrote. The trusted `mode: report` job reads that
// artifact as untrusted input: only those three files, each within its cap, each validated in full
// (validateRunResult, validateVerdict) and checked against the others and against the run that
// uploaded it. Anything else is refused with the reason. The report job's own config name, which
// picks the artifact and the marker, is read here from its own perf.yml. Rendering is comment.ts's.

import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateVerdict } from '../analysis/verdict-file.js';
import type { Verdict } from '../analysis/types.js';
import { MAX_CONFIG_BYTES, parseYaml } from '../config/locate.js';
import { readTextCapped } from '../config/read-capped.js';
import { ConfigError, ResultsError } from '../errors.js';
import { MAX_RESULTS_FILE_BYTES, readJsonFile, validateRunResult } from '../results/run-result.js';
import type { RunResult } from '../results/types.js';
import type { ExtractLimits } from './bounded-zip.js';
import type { ArtifactUploader } from './comment.js';

export const PR_FILE = 'pr.json';
export const MAX_PR_FILE_BYTES = 1024;
/** The comment artifact holds these files and no others, each within its cap (bytes). */
export const COMMENT_DATA_FILES: Readonly<Record<string, number>> = Object.freeze({
  [PR_FILE]: MAX_PR_FILE_BYTES,
  'verdict.json': MAX_RESULTS_FILE_BYTES,
  'results.json': MAX_RESULTS_FILE_BYTES,
});
export const COMMENT_DATA_LIMITS: ExtractLimits = Object.freeze({
  maxTotalBytes: Object.values(COMMENT_DATA_FILES).reduce((a, b) => a + b, 0),
  files: COMMENT_DATA_FILES,
});
/** GitHub's listed size of the artifact (its zip) may not exceed this: checked before the download. */
export const MAX_COMMENT_ARTIFACT_BYTES = COMMENT_DATA_LIMITS.maxTotalBytes;

export function commentArtifactName(configName: string): string {
  return `perf-comment-${configName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/** Which PR the data is for; the report job checks both against GitHub before it posts. */
export interface CommentPullRequest {
  readonly prNumber: number;
  readonly headSha: string;
}

export interface CommentData extends CommentPullRequest {
  readonly verdict: Verdict;
  readonly current: RunResult;
}

/** Uploads pr.json with the run's verdict.json and results.json (as written, redacted) as `perf-comment-<config>`. */
export async function uploadCommentData(
  pull: CommentPullRequest,
  files: { readonly verdict: string; readonly results: string },
  configName: string,
  dir: string,
  upload: ArtifactUploader,
): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, PR_FILE), JSON.stringify({ prNumber: pull.prNumber, headSha: pull.headSha }));
  await copyFile(files.verdict, join(dir, 'verdict.json'));
  await copyFile(files.results, join(dir, 'results.json'));
  const name = commentArtifactName(configName);
  await upload(name, [join(dir, PR_FILE), join(dir, 'verdict.json'), join(dir, 'results.json')], dir);
  return name;
}

function parsePullRequest(value: unknown, source: string): CommentPullRequest {
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const problems: string[] = [];
  if (record === undefined) problems.push('expected an object');
  else {
    for (const key of Object.keys(record)) if (key !== 'prNumber' && key !== 'headSha') problems.push(`unexpected field ${JSON.stringify(key.slice(0, 40))}`);
    if (!Number.isInteger(record.prNumber) || (record.prNumber as number) <= 0) problems.push('prNumber: expected a positive whole number');
    if (typeof record.headSha !== 'string' || !/^[0-9a-f]{40}$/.test(record.headSha)) problems.push('headSha: expected a 40-character hex sha');
  }
  if (problems.length > 0) throw new ResultsError(`${source} ${PR_FILE}: ${problems.join('; ')}`, problems);
  return { prNumber: record!.prNumber as number, headSha: record!.headSha as string };
}

/**
 * Reads a downloaded comment artifact: the three files, each capped and validated, and consistent:
 * one config (`configName`, the report job's own), one run, one commit (the uploading run's head sha).
 */
export async function readCommentData(dir: string, source: string, expected: { readonly configName: string; readonly headSha: string }): Promise<CommentData> {
  const read = (file: string) => readJsonFile(join(dir, file), COMMENT_DATA_FILES[file]);
  const pull = parsePullRequest(await read(PR_FILE), source);
  const current = validateRunResult(await read('results.json'), `${source} results.json`);
  const verdict = validateVerdict(await read('verdict.json'), `${source} verdict.json`);
  const problems: string[] = [];
  if (pull.headSha !== expected.headSha) problems.push(`${PR_FILE} names head sha ${pull.headSha}, not the uploading run's ${expected.headSha}`);
  if (current.meta.commit !== undefined && current.meta.commit !== expected.headSha) problems.push(`results.json is of commit ${String(current.meta.commit).slice(0, 40)}, not the run's ${expected.headSha}`);
  if (verdict.configName !== expected.configName) problems.push(`verdict.json is for config ${JSON.stringify(verdict.configName.slice(0, 60))}, not this job's ${JSON.stringify(expected.configName)}`);
  if (current.meta.configName !== verdict.configName) problems.push('results.json and verdict.json are of different configs');
  if (current.meta.runId !== verdict.current.runId) problems.push('results.json and verdict.json are of different runs');
  if (verdict.current.commit !== current.meta.commit) problems.push('results.json and verdict.json are of different commits');
  const measured = new Set([...current.endpoints.map((series) => series.name), 'all']);
  const unknown = [...verdict.endpoints, verdict.total].map((row) => row.name).filter((name) => !measured.has(name));
  if (unknown.length > 0) problems.push(`verdict.json lists endpoints results.json does not hold (${unknown.slice(0, 3).map((n) => JSON.stringify(n.slice(0, 40))).join(', ')})`);
  if (problems.length > 0) throw new ResultsError(`${source}: ${problems.join('; ')}`, problems);
  return { ...pull, verdict, current };
}

/**
 * The config a report job reports: the `name` of its own perf.yml (the default branch's, checked out
 * by the trusted workflow), never a name the artifact carries. Only the name is read, so the file's
 * ${ENV} references need no values here.
 */
export async function readReportedConfigName(path: string): Promise<string> {
  const hint = 'mode report takes the config name from its own perf.yml: check out the default branch and set config';
  const read = await readTextCapped(path, MAX_CONFIG_BYTES).catch((error: unknown) => {
    throw new ConfigError([`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${hint}`], path);
  });
  if ('tooLarge' in read) throw new ConfigError([`the file is larger than the maximum of ${MAX_CONFIG_BYTES} bytes for a config`], path);
  const name = (parseYaml(read.text).value as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigError([`name: expected the config's name; ${hint}`], path);
  return name;
}
