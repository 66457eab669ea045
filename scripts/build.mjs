// Builds the two bundles that ship in dist/: dist/index.js (the action, as action.yml runs it) and
// dist/cli.js (the perf-action command). ncc bundles every dependency so neither needs node_modules.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, readdirSync, renameSync, chmodSync } from 'node:fs';
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
  for (const file of readdirSync(dir)) {
    if (file === 'index.js') renameSync(join(dir, file), join('dist', out));
    else if (file !== 'package.json') cpSync(join(dir, file), join('dist', file), { recursive: true });
  }
}
chmodSync('dist/cli.js', 0o755);
rmSync(staging, { recursive: true, force: true });
