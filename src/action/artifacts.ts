// The real artifact transfer, through @actions/artifact: uploads from this run, and downloads from
// other runs by the public REST API (findBy). comment.ts, baseline.ts and main.ts take these as
// injected functions, so tests run without the Actions artifact service.

import { DefaultArtifactClient } from '@actions/artifact';
import type { ArtifactDownloader, ArtifactUploader } from './comment.js';
import type { RepoRef } from './github.js';

export function artifactUploader(retentionDays: number): ArtifactUploader {
  return async (name, files, rootDirectory) => {
    await new DefaultArtifactClient().uploadArtifact(name, [...files], rootDirectory, { retentionDays });
  };
}

export function artifactDownloader(token: string, repo: RepoRef): ArtifactDownloader {
  return async (artifact, dir) => {
    await new DefaultArtifactClient().downloadArtifact(artifact.id, {
      path: dir,
      findBy: { token, workflowRunId: artifact.runId, repositoryOwner: repo.owner, repositoryName: repo.repo },
    });
  };
}
