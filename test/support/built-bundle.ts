// Tests that run dist/ as users do call ensureBuilt() first: it rebuilds only when some file under
// src/ (or the build script) is newer than the bundle, so a fresh checkout or CI's prebuilt dist/ costs nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOr0(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureBuilt(): { cli: string; action: string; root: string } {
  const cli = join(ROOT, 'dist', 'cli.js');
  const action = join(ROOT, 'dist', 'index.js');
  const bundleTime = Math.min(mtimeOr0(cli), mtimeOr0(action));
  const sourceTime = Math.max(newestMtime(join(ROOT, 'src')), mtimeOr0(join(ROOT, 'scripts', 'build.mjs')));
  if (bundleTime === 0 || sourceTime > bundleTime) {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  }
  return { cli, action, root: ROOT };
}
