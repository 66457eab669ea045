// The tool's version, read from package.json, the one place it is written: results.json records it
// (meta.toolVersion) and `perf-action --version` prints it. ncc inlines the JSON into dist/, so the
// bundles need no package.json at run time.
import packageJson from '../package.json' with { type: 'json' };

export const TOOL_VERSION: string = packageJson.version;
