// The files a run whose token cannot comment uploads for `mode: report` (pr.json, verdict.json,
// results.json), made as the action makes them: a synthetic RunResult through the real analysis, both
// serialised with JSON.stringify. Tests zip them (support/zip.ts) or tamper with them first.

import { analyseRun } from '../../src/pipeline/analyse-and-report.js';
import { syntheticRun } from './synthetic-run.js';

export interface CommentArtifactFiles {
  'pr.json': string;
  'verdict.json': string;
  'results.json': string;
}

export function genuineCommentFiles(options: { readonly configName: string; readonly headSha: string; readonly prNumber: number; readonly endpoints?: readonly string[] }): CommentArtifactFiles {
  const current = syntheticRun({
    seed: 7,
    seconds: 20,
    endpoints: (options.endpoints ?? ['home', 'search']).map((name) => ({ name, ratePerSec: 20, medianMs: 12, sigma: 0.2 })),
    meta: { runId: 'fork-run-1', commit: options.headSha, configName: options.configName },
  });
  const verdict = analyseRun({ current });
  return {
    'pr.json': JSON.stringify({ prNumber: options.prNumber, headSha: options.headSha }),
    'verdict.json': JSON.stringify(verdict),
    'results.json': JSON.stringify(current),
  };
}
