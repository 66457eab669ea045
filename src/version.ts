// The tool's version as results.json records it (meta.toolVersion). Kept equal to package.json's
// "version" by test/engine/version.test.ts, so the bundle needs no package.json at run time.
export const TOOL_VERSION = '0.1.0';
