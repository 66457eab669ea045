// The CLI as a user installs it: `npm pack` of this repository, the tarball installed into an empty
// folder with an empty npm cache and --offline (the bundle carries every dependency, so nothing is
// fetched), then `npx perf-action` from there: --version, schema, and a short run against a loopback
// node:http server. The installed bin runs on whatever `node` comes first on PATH, so the supported
// Node.js (24) is put first; an older node on the machine, if there is one, must get a clear refusal.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIN_NODE_MAJOR, unsupportedNode } from '../../src/cli/node-version.js';
import { ensureBuilt } from '../support/built-bundle.js';
import { STACK_LINE } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed by pid after timeoutMs); async, so this process's loopback server keeps answering. */
async function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Ran> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    stderr += `\n(killed after ${options.timeoutMs} ms)`;
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const majorOf = (version: string): number => Number.parseInt(version.replace(/^v/, ''), 10);

/** A Node.js the package supports: this one, or the `node` devDependency's binary. */
function supportedNode(root: string): string | undefined {
  if (majorOf(process.versions.node) >= MIN_NODE_MAJOR) return process.execPath;
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  return existsSync(bundled) ? bundled : undefined;
}

const { root } = ensureBuilt();
const node24 = supportedNode(root);
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; version: string; engines: { node: string }; files: string[]; bin: Record<string, string>; dependencies?: Record<string, string> };

describe.skipIf(node24 === undefined)('the packed tarball, installed into an empty folder', () => {
  let work: string;
  let app: string;
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  let packedFiles: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'perf-action-package-'));
    app = join(work, 'app');
    await mkdir(app);
    // Node 24 first on PATH: npx and the bin's `#!/usr/bin/env node` both take it; an empty cache shows nothing comes from one.
    env = { PATH: `${dirname(node24!)}${delimiter}${process.env.PATH ?? ''}`, HOME: work, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, env, timeoutMs: 120_000 });
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    packedFiles = info!.files.map((file) => file.path).sort();
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, info!.filename)], { cwd: app, env, timeoutMs: 120_000 });
    expect(installed.code, installed.stderr).toBe(0);
    server = await startServer((_req, res) => res.end('ok'));
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const npx = (args: readonly string[], timeoutMs = 60_000): Promise<Ran> => run('npx', ['--no-install', 'perf-action', ...args], { cwd: app, env, timeoutMs });

  test('the package is publishable and holds the bundle, the schema and nothing to install', () => {
    expect((pkg as { private?: boolean }).private).toBeUndefined();
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_MAJOR}`);
    expect(pkg.bin).toEqual({ 'perf-action': 'dist/cli.js' });
    // ncc bundles every runtime dependency into dist/cli.js.
    expect(pkg.dependencies).toBeUndefined();
    expect(packedFiles).toEqual(['README.md', 'dist/cli.js', 'package.json', 'perf.schema.json'].concat(existsSync(join(root, 'LICENSE')) ? ['LICENSE'] : []).sort());
  });

  test('npx perf-action --version and -V print the package version', async () => {
    const long = await npx(['--version']);
    expect(long).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const short = await npx(['-V']);
    expect(short).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  test('npx perf-action schema prints the committed perf.schema.json, which the package also ships', async () => {
    const printed = await npx(['schema']);
    expect(printed.code, printed.stderr).toBe(0);
    const committed = await readFile(join(root, 'perf.schema.json'), 'utf8');
    expect(printed.stdout === committed).toBe(true);
    expect((await readFile(join(app, 'node_modules', 'perf-action', 'perf.schema.json'), 'utf8')) === committed).toBe(true);
  });

  test('npx perf-action run loads a loopback server, writes its files and exits 0; the steady window ends at the plan end', async () => {
    await writeFile(
      join(app, 'perf.yml'),
      `name: installed\ntarget: ${server.url}\nload:\n  phases:\n    - { duration: 3s, rate: 40 }\ntrim: 0s\nscenarios:\n  - name: home\n    steps:\n      - { name: home, get: / }\n`,
    );
    const before = server.requests();
    const ran = await npx(['run', '-c', 'perf.yml', '--out', 'out'], 60_000);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).not.toMatch(STACK_LINE);
    const results = JSON.parse(await readFile(join(app, 'out', 'results.json'), 'utf8')) as { meta: { toolVersion: string }; plan: { durationSec: number }; seconds: number; total: { requests: number[] } };
    const verdict = JSON.parse(await readFile(join(app, 'out', 'verdict.json'), 'utf8')) as { total: { requests: number; ratePerSec: number }; trim: { current: { startSec: number; endSec: number } } };
    expect(results.meta.toolVersion).toBe(pkg.version);
    const sent = results.total.requests.reduce((sum, count) => sum + count, 0);
    // 3 s at 40/s is 120 arrivals; every one reached this server (and nothing else did).
    expect(sent).toBeGreaterThanOrEqual(110);
    expect(sent).toBeLessThanOrEqual(121);
    expect(server.requests() - before).toBe(sent);
    expect(verdict.trim.current.endSec).toBe(Math.min(results.seconds, Math.floor(results.plan.durationSec + 1e-6)));
    const { startSec, endSec } = verdict.trim.current;
    const inWindow = results.total.requests.slice(startSec, endSec).reduce((sum, count) => sum + count, 0);
    expect(verdict.total.ratePerSec).toBeCloseTo(inWindow / (endSec - startSec), 6);
    for (const file of ['comment.md', 'report.html']) expect(existsSync(join(app, 'out', file)), file).toBe(true);
  });
});

describe('an older Node.js', () => {
  test('gets one clear line naming both versions, never a stack', () => {
    expect(unsupportedNode('24.0.0', '1.2.3')).toBeUndefined();
    expect(unsupportedNode('25.1.0', '1.2.3')).toBeUndefined();
    const problem = unsupportedNode('20.20.2', '1.2.3');
    expect(problem).toContain('perf-action 1.2.3 needs Node.js 24 or later');
    expect(problem).toContain('Node.js 20.20.2');
  });

  // Only where the machine has one on PATH (this one has Node 20 first; a CI runner may have only 24).
  const pathNode = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'node')).find((candidate) => existsSync(candidate));
  test('the built CLI refuses to start on the older node on PATH with exit 2', async (context) => {
    const probe = pathNode === undefined ? undefined : await run(pathNode, ['-p', 'process.versions.node'], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 10_000 });
    const version = probe?.stdout.trim() ?? '';
    if (pathNode === undefined || majorOf(version) >= MIN_NODE_MAJOR) context.skip(`no Node.js older than ${MIN_NODE_MAJOR} first on PATH`);
    const ran = await run(pathNode!, [join(root, 'dist', 'cli.js'), 'run', '--target', 'http://127.0.0.1:1', '--duration', '1s'], { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 20_000 });
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(`perf-action: ${unsupportedNode(version, pkg.version)}\n`);
  });
});
