// Loads perf.yml for a CLI command (run, check): the path relative to the working directory, the
// process environment, --profile, and --target checked and handed to the loader, which puts it in
// place of the file's target before interpolation (so `target: ${PREVIEW_URL}` needs no variable).

import { resolve } from 'node:path';
import { loadConfigFile } from '../config/load.js';
import type { PerfConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { CliIo } from './io.js';

export interface CliConfigFlags {
  readonly config: string;
  readonly profile?: string;
  readonly target?: string;
}

export async function loadCliConfig(flags: CliConfigFlags, io: CliIo): Promise<PerfConfig> {
  if (flags.target !== undefined) checkTargetFlag(flags.target);
  return loadConfigFile(resolve(io.cwd, flags.config), {
    env: io.env,
    ...(flags.profile === undefined ? {} : { profile: flags.profile }),
    ...(flags.target === undefined ? {} : { target: flags.target }),
  });
}

/** --target names the flag in its error, before the file is read. */
function checkTargetFlag(target: string): void {
  try {
    const url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError([`--target: expected an absolute http:// or https:// URL, got ${JSON.stringify(target)}`]);
  }
}
