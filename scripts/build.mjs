// Builds the two bundles that ship in dist/: dist/index.js (the action, as action.yml runs it) and
// dist/cli.js (the perf-action command). ncc bundles every dependency so neither needs node_modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, readdirSync, renameSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const entries = [
  { entry: 'src/index.ts', out: 'index.js' },
  { entry: 'src/cli/bin.ts', out: 'cli.js' },
];
const staging = 'build/ncc';
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
for (const { entry, out } of entries) {
  const dir = join(staging, out.replace(/\.js$/, ''));
  rmSync(dir, { recursive: true, force: true });
  execFileSync('npx', ['ncc', 'build', entry, '-o', dir, '--target', 'es2023', '--quiet', '--no-source-map-register'], { stdio: 'inherit' });
  // ncc's asset relocator copies files that a path expression in the source could name (e.g.
  // join(someDir, 'results.json') while a perf-demo/results.json lies in the tree) and rewrites the
  // expression to point into dist/. Nothing here ships assets, so any such file is a build error.
  const assets = readdirSync(dir).filter((file) => file !== 'index.js' && file !== 'package.json');
  if (assets.length > 0) {
    throw new Error(`ncc relocated ${assets.join(', ')} from ${entry} as bundle assets: a path expression in the source matched files in the working tree; build from a clean tree or change the expression`);
  }
  renameSync(join(dir, 'index.js'), join('dist', out));
}
chmodSync('dist/cli.js', 0o755);
rmSync(staging, { recursive: true, force: true });
