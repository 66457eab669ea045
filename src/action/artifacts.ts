// The real artifact transfer: uploads from this run through @actions/artifact, and downloads from
// other runs through the public REST API (GET …/artifacts/{id}/zip answers with a redirect to the
// blob), read with a byte cap and extracted by bounded-zip.ts, so no artifact, however it was made,
// is written to disk beyond its limits. comment.ts, baseline.ts and main.ts take these as injected
// functions, so in-process tests run without the Actions artifact service.

import { DefaultArtifactClient } from '@actions/artifact';
import { ResultsError } from '../errors.js';
import { extractZipBounded, type ExtractLimits } from './bounded-zip.js';
import type { ArtifactDownloader, ArtifactUploader } from './comment.js';
import { createOctokit, type RepoRef } from './github.js';
import { MAX_RESULTS_FILE_BYTES } from '../results/run-result.js';

/**
 * Limits of a download that names none (a baseline: results, verdict, report and history, or a
 * shard's results): each file within the cap of a results file, four of them at most together.
 */
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxTotalBytes: 4 * MAX_RESULTS_FILE_BYTES };
/** How long the blob may take to arrive, in ms. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

export function artifactUploader(retentionDays: number): ArtifactUploader {
  return async (name, files, rootDirectory) => {
    await new DefaultArtifactClient().uploadArtifact(name, [...files], rootDirectory, { retentionDays });
  };
}

export function artifactDownloader(token: string, repo: RepoRef): ArtifactDownloader {
  let octokit: ReturnType<typeof createOctokit> | undefined;
  return async (artifact, dir) => {
    octokit ??= createOctokit(token);
    const limits = artifact.limits ?? DEFAULT_EXTRACT_LIMITS;
    // A zip is never much larger than what it holds, so the total cap bounds the download too.
    const maxZipBytes = limits.maxTotalBytes + 1024 * 1024;
    const source = `${artifact.name} (id ${artifact.id}, run ${artifact.runId})`;
    const response = await octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: artifact.id, archive_format: 'zip', request: { redirect: 'manual' } });
    const location = (response.headers as Record<string, unknown>).location;
    if (typeof location !== 'string' || location === '') throw new ResultsError(`artifact ${source}: GitHub gave no download location (HTTP ${response.status})`);
    const zip = await fetchCapped(location, maxZipBytes, source);
    await extractZipBounded(zip, dir, limits, source);
  };
}

/** The body of `url`, refused as soon as it passes `maxBytes` (whatever content-length said). */
async function fetchCapped(url: string, maxBytes: number, source: string): Promise<Buffer> {
  const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || response.body === null) throw new ResultsError(`artifact ${source}: download failed (HTTP ${response.status})`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    throw new ResultsError(`artifact ${source}: the zip is ${declared} bytes, above the ${maxBytes}-byte cap; refused`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.length;
    if (received > maxBytes) throw new ResultsError(`artifact ${source}: the zip is larger than the ${maxBytes}-byte cap; refused`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
