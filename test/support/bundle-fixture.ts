// What the tests of dist/index.js against the local GitHub set up first: the bundle built if stale,
// the local REST server (which also plays the artifact service), a loopback target answering after a
// fixed delay, and a temporary directory holding a perf.yml whose target is ${TARGET}.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './built-bundle.js';
import { startGitHubApiServer, type GitHubApiServer } from './github-api-server.js';
import { startDelayServer, type TestServer } from './servers.js';

export interface BundleFixture {
  readonly api: GitHubApiServer;
  readonly target: TestServer;
  /** Holds perf.yml; each run's directory goes under it. */
  readonly dir: string;
  close(): Promise<void>;
}

export interface BundleFixtureOptions {
  /** mkdtemp prefix, so a left-over directory names its test. */
  readonly tmpPrefix: string;
  readonly targetDelayMs: number;
  /** perf.yml's one steady phase: GET / at this rate for this long. */
  readonly steadySeconds: number;
  readonly steadyRatePerS: number;
}

/** Builds and starts everything; call it in beforeAll with a timeout that covers a rebuild (~200 s). */
export async function startBundleFixture(options: BundleFixtureOptions): Promise<BundleFixture> {
  ensureBuilt();
  const api = await startGitHubApiServer();
  const target = await startDelayServer(options.targetDelayMs);
  const dir = await mkdtemp(join(tmpdir(), options.tmpPrefix));
  await writeFile(
    join(dir, 'perf.yml'),
    `name: shop\ntarget: \${TARGET}\nload:\n  phases:\n    - { name: steady, duration: ${options.steadySeconds}s, rate: ${options.steadyRatePerS} }\nscenarios:\n  - name: browse\n    steps:\n      - { name: home, get: / }\n`,
  );
  return {
    api,
    target,
    dir,
    async close() {
      await api.close();
      await target.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
