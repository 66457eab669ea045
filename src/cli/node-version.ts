// The Node.js versions the CLI runs on: package.json's "engines" (>=24), checked before any command so
// an older node on PATH gets one clear line instead of a failure deep inside a run. npm only warns
// about "engines" when it installs a package, and npx runs whatever node comes first on PATH.

/** Lowest supported major version; package.json's engines.node says the same (test/cli/installed-package.test.ts). */
export const MIN_NODE_MAJOR = 24;

/** Why this Node.js cannot run the CLI, or undefined when it can. `version` is process.versions.node. */
export function unsupportedNode(version: string, toolVersion: string): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `perf-action ${toolVersion} needs Node.js ${MIN_NODE_MAJOR} or later, but runs on Node.js ${version}; install Node.js ${MIN_NODE_MAJOR} (e.g. with nvm or actions/setup-node) and run it again`;
}
