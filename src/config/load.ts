// Loads perf.yml: parse YAML → interpolate ${ENV} → check the structure against schema.ts →
// normalise and check across fields → a frozen PerfConfig, or one ConfigError that lists every
// problem with its field, file and line. Reading the file is the only I/O; the edges pass the
// environment in.

import { basename, dirname, resolve } from 'node:path';
import type { PerfConfig } from './types.js';
import { ConfigError } from '../errors.js';
import { MAX_CONFIG_BYTES, parseYaml } from './locate.js';
import { readTextCapped } from './read-capped.js';
import { interpolateTree, type Env } from './interpolate.js';
import { formatPath, ProblemList } from './problems.js';
import { PerfYamlSchema } from './schema.js';
import { isPlainObject, validateStructure } from './validate.js';
import { normalizeConfig } from './normalize.js';
import { deepFreeze } from './hash.js';

export interface LoadConfigOptions {
  /** The file name shown in messages and kept in source.file. */
  readonly file?: string;
  readonly env: Env;
  /** A profile under `profiles:` whose load replaces the top-level load. */
  readonly profile?: string;
  /** Directory relative feeder paths are resolved against (default: the file's directory). */
  readonly baseDir?: string;
  /**
   * Replaces the file's `target` (--target, the target-url input) before interpolation, so a
   * `${PREVIEW_URL}` there needs no value when the URL is given another way. Taken as written: it is
   * not interpolated, and it is checked like any target.
   */
  readonly target?: string;
}

/** Problems listed in one ConfigError; the rest are counted. */
export const MAX_PROBLEMS_LISTED = 50;

export function loadConfigText(text: string, options: LoadConfigOptions): PerfConfig {
  const label = options.file === undefined ? undefined : basename(options.file);
  const where = (line: number | undefined): string => (line === undefined ? '' : label === undefined ? ` (line ${line})` : ` (${label}:${line})`);
  const parsed = parseYaml(text);
  if (parsed.syntaxErrors.length > 0) {
    throw new ConfigError(parsed.syntaxErrors.map((error) => `${error.message}${where(error.line)}`), options.file);
  }
  const problems = new ProblemList();
  if (!isPlainObject(parsed.value)) {
    problems.add([], `expected a map of settings (name, target, load, …), got ${parsed.value === null || parsed.value === undefined ? 'an empty file' : 'something else'}`);
  } else {
    const { value: interpolated, interpolatedPaths, environmentValues } = interpolateTree(withoutTarget(parsed.value, options.target), options.env, problems);
    const value = options.target === undefined ? interpolated : { ...(interpolated as Record<string, unknown>), target: options.target };
    validateStructure(PerfYamlSchema as unknown as Record<string, unknown>, value, problems, interpolatedPaths);
    // Cross-field checks read the structure as valid, so they wait until it is.
    if (problems.size === 0) {
      const baseDir = options.baseDir ?? (options.file === undefined ? undefined : dirname(resolve(options.file)));
      const config = normalizeConfig(value as Record<string, unknown>, { interpolatedPaths, environmentValues, ...pick(options, baseDir) }, problems);
      if (problems.size === 0) return deepFreeze(config);
    }
  }
  // Locating a problem walks its map, so only the first ones are located and listed: a file of
  // 50k unknown keys must not cost 50k × 50k steps.
  const shown = problems.items.slice(0, MAX_PROBLEMS_LISTED);
  const messages = shown.map((problem) => `${formatPath(problem.path)}: ${problem.message}${where(parsed.lineOf(problem.path, problem.atKey))}`);
  if (problems.size > shown.length) messages.push(`… and ${problems.size - shown.length} more problems`);
  throw new ConfigError(messages, options.file);
}

export async function loadConfigFile(path: string, options: { readonly env: Env; readonly profile?: string; readonly target?: string }): Promise<PerfConfig> {
  let read;
  try {
    read = await readTextCapped(path, MAX_CONFIG_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([code === 'ENOENT' ? `config file not found: ${path}` : `cannot read config file ${path}: ${(error as Error).message}`], path);
  }
  if ('tooLarge' in read) throw new ConfigError([`the file is larger than the maximum of ${MAX_CONFIG_BYTES} bytes for a config`], path);
  return loadConfigText(read.text, {
    file: path,
    env: options.env,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.target === undefined ? {} : { target: options.target }),
  });
}

/** The tree to interpolate: without `target` when an override replaces it, so its variables are not needed. */
function withoutTarget(value: Record<string, unknown>, target: string | undefined): Record<string, unknown> {
  if (target === undefined) return value;
  const { target: _replaced, ...rest } = value;
  return rest;
}

function pick(options: LoadConfigOptions, baseDir: string | undefined): { profile?: string; file?: string; baseDir?: string } {
  return {
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(baseDir === undefined ? {} : { baseDir }),
  };
}
