// A local stand-in for the GitHub REST API on 127.0.0.1 (port 0), answering the few routes the action
// calls from in-memory state: issue comments (list with Link pagination, create, update), workflow
// runs (listed and read one by one), artifacts (of a run, and by name across the repository, each
// with its run's fields; the zip download as a redirect to a blob URL, as GitHub answers), the pulls
// of a commit, the repository, the token's identity (GET /user and GraphQL viewer). It also stands in
// for the runner's artifact service as @actions/artifact uploads to it: the Twirp CreateArtifact and
// FinalizeArtifact calls at ACTIONS_RESULTS_URL, and the block-blob upload (Put Block, Put Block
// List) to the signed URL CreateArtifact hands back; a finalized upload becomes an artifact of the
// run its token names, listed and downloadable like any other; an upload with the default token
// (`artifactServiceEnv`, a backend id no run claims) is only kept in `uploads`, by name. It records
// every request and can be told to fail the next matching request once (a 500, a rate limit, a 403).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ApiUser {
  readonly login: string;
  readonly type: 'Bot' | 'User';
}
export interface ApiComment {
  id: number;
  body: string;
  user: ApiUser;
  html_url: string;
  issue_number: number;
}
export interface ApiRun {
  readonly id: number;
  readonly head_sha: string;
  readonly head_branch: string;
  readonly created_at: string;
  readonly conclusion: 'success' | 'failure';
  /** The workflow file name or id this run belongs to. */
  readonly workflow: string;
  /** Default push. */
  readonly event?: string;
  /** Default this repository ({ id: REPO_ID, full_name: owner/repo }); a fork's run names its own. */
  readonly head_repository?: { readonly id: number; readonly full_name: string };
  readonly run_number?: number;
}
export interface ApiArtifact {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
  readonly size_in_bytes: number;
  readonly created_at: string;
}
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}
/**
 * 'server-error': one 500. 'rate-limit': 403 with x-ratelimit-remaining 0, reset about 1 s ahead.
 * 'secondary-limit': 429 with retry-after 1. 'forbidden': 403 as for a token without write access.
 */
export type FailureKind = 'server-error' | 'rate-limit' | 'secondary-limit' | 'forbidden';

export interface GitHubApiServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly comments: ApiComment[];
  readonly runs: ApiRun[];
  /** Artifacts per run id. */
  readonly artifacts: Map<number, ApiArtifact[]>;
  /** PR numbers associated with a commit sha. */
  readonly commitPulls: Map<string, number[]>;
  /** Head sha of each PR, for GET /pulls/{n}. */
  readonly pulls: Map<number, string>;
  /** Merge-base commit (sha and committer date) of "base...head", for GET /compare/{basehead}. */
  readonly mergeBases: Map<string, { sha: string; date: string }>;
  defaultBranch: string;
  /** The user that comments created through this server are attributed to. */
  tokenUser: ApiUser;
  /** GET /user answers 403, as it does to GITHUB_TOKEN and app installation tokens. */
  userForbidden: boolean;
  /** Leaves repository_id and head_repository_id off the artifacts' workflow_run, as older API versions did. */
  hideArtifactRepositoryIds: boolean;
  /** Zip bytes served for an artifact id (GET …/artifacts/{id}/zip → 302 → blob). */
  readonly artifactZips: Map<number, Buffer>;
  /**
   * The run id an upload lands in, per workflowRunBackendId (the id the runtime token's
   * "Actions.Results:<run>:<job>" scope carries). An upload from a backend id not listed is refused.
   */
  readonly uploadRuns: Map<string, number>;
  /** Every finalized upload's zip, by artifact name (the latest of that name). */
  readonly uploads: Map<string, Buffer>;
  /** The environment a bundle run needs to upload here with the default token (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN). */
  readonly artifactServiceEnv: Readonly<Record<string, string>>;
  /** Fails the next request whose method matches and whose path contains `pathPart`. */
  failNext(kind: FailureKind, match: { readonly method?: string; readonly pathPart?: string }): void;
  close(): Promise<void>;
}

export const BOT_USER: ApiUser = { login: 'github-actions[bot]', type: 'Bot' };
/** The id of the repository this server serves, whatever owner/name the path holds. */
export const REPO_ID = 4242;
const MAX_BODY_BYTES = 1 << 20;
/** A blob block may be as large as @actions/artifact's upload chunk (8 MiB by default). */
const MAX_BLOB_BODY_BYTES = 32 << 20;
const ARTIFACT_SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
/** The backend id of the default runtime token: uploads with it belong to no listed run. */
const DEFAULT_BACKEND_ID = 'run-backend-1';
/** An unsigned JWT whose scope names the run and job backend ids, which is all @actions/artifact reads of it. */
const DEFAULT_RUNTIME_TOKEN = ['{"alg":"none","typ":"JWT"}', `{"scp":"Actions.Results:${DEFAULT_BACKEND_ID}:job-backend-1"}`]
  .map((part) => Buffer.from(part).toString('base64url'))
  .join('.') + '.x';

/** An upload between CreateArtifact and FinalizeArtifact: its staged blocks and, once committed, its bytes. */
interface PendingUpload {
  /** Undefined for an upload with the default token: kept in `uploads` only. */
  readonly runId: number | undefined;
  readonly name: string;
  readonly blocks: Map<string, Buffer>;
  committed?: Buffer;
}

export async function startGitHubApiServer(): Promise<GitHubApiServer> {
  const failures: { kind: FailureKind; method?: string; pathPart?: string }[] = [];
  const sockets = new Set<Socket>();
  let nextCommentId = 1000;
  let nextUploadId = 1;
  let nextUploadedArtifactId = 70_000;
  /** Pending uploads by their blob path and by "backendId/name". */
  const uploadsByBlob = new Map<string, PendingUpload>();
  const uploadsByName = new Map<string, PendingUpload>();
  const state: Omit<GitHubApiServer, 'url' | 'close' | 'failNext'> = {
    requests: [],
    comments: [],
    runs: [],
    artifacts: new Map(),
    commitPulls: new Map(),
    pulls: new Map(),
    mergeBases: new Map(),
    defaultBranch: 'main',
    tokenUser: BOT_USER,
    userForbidden: true,
    hideArtifactRepositoryIds: false,
    artifactZips: new Map(),
    uploadRuns: new Map(),
    uploads: new Map(),
    artifactServiceEnv: {},
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const maxBytes = (req.url ?? '').startsWith('/_upload/') ? MAX_BLOB_BODY_BYTES : MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      if (url.pathname.startsWith('/_upload/')) {
        state.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: undefined });
        return blobUpload(req.method ?? 'GET', url, raw, size > maxBytes, res);
      }
      const text = raw.toString('utf8');
      let body: unknown = undefined;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      state.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const failureAt = failures.findIndex((f) => (f.method === undefined || f.method === req.method) && (f.pathPart === undefined || url.pathname.includes(f.pathPart)));
      if (failureAt >= 0) {
        const [failure] = failures.splice(failureAt, 1);
        return fail(res, failure!.kind);
      }
      route(req.method ?? 'GET', url, body, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(state, { artifactServiceEnv: { ACTIONS_RESULTS_URL: `${base}/`, ACTIONS_RUNTIME_TOKEN: DEFAULT_RUNTIME_TOKEN } });

  function route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
      return json(res, 200, { id: REPO_ID, full_name: `${m[1]}/${m[2]}`, default_branch: state.defaultBranch });
    }
    if (method === 'GET' && path === '/user') {
      if (state.userForbidden) return json(res, 403, { message: 'Resource not accessible by integration' });
      return json(res, 200, { login: state.tokenUser.login, type: state.tokenUser.type });
    }
    if (method === 'POST' && path === '/graphql') {
      const query = String((body as { query?: unknown } | undefined)?.query ?? '');
      if (!/viewer\s*\{\s*login\s*\}/.test(query)) return json(res, 200, { errors: [{ message: 'unsupported query' }] });
      return json(res, 200, { data: { viewer: { login: state.tokenUser.login } } });
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/.exec(path))) {
      const run = state.runs.find((r) => r.id === Number(m![3]));
      if (run === undefined) return json(res, 404, { message: 'Not Found' });
      return json(res, 200, runJson(run, `${m[1]}/${m[2]}`));
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts$/.exec(path))) {
      const name = url.searchParams.get('name');
      const all = [...state.artifacts.entries()].flatMap(([runId, list]) => {
        const run = state.runs.find((r) => r.id === runId);
        return list.map((artifact) => ({
          ...artifact,
          workflow_run: {
            id: runId,
            ...(state.hideArtifactRepositoryIds ? {} : { repository_id: REPO_ID, head_repository_id: run?.head_repository?.id ?? REPO_ID }),
            head_branch: run?.head_branch ?? null,
            head_sha: run?.head_sha ?? null,
          },
        }));
      });
      const kept = all.filter((a) => name === null || a.name === name).sort((a, b) => b.created_at.localeCompare(a.created_at));
      return page(res, url, kept, 'artifacts');
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)\/zip$/.exec(path))) {
      if (!state.artifactZips.has(Number(m[1]))) return json(res, 404, { message: 'Not Found' });
      res.writeHead(302, { location: `${base}/_blobs/artifact-${m[1]}.zip` });
      return void res.end();
    }
    if (method === 'GET' && (m = /^\/_blobs\/artifact-(\d+)\.zip$/.exec(path))) {
      const zip = state.artifactZips.get(Number(m[1]));
      if (zip === undefined) return json(res, 404, { message: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      return void res.end(zip);
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1]);
      return page(res, url, state.comments.filter((c) => c.issue_number === issue));
    }
    if (method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string') return json(res, 422, { message: 'body is required' });
      const id = nextCommentId++;
      const comment: ApiComment = { id, body: text, user: state.tokenUser, issue_number: Number(m[3]), html_url: `https://github.test/${m[1]}/${m[2]}/pull/${m[3]}#issuecomment-${id}` };
      state.comments.push(comment);
      return json(res, 201, comment);
    }
    if (method === 'PATCH' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = state.comments.find((c) => c.id === Number(m![1]));
      const text = (body as { body?: unknown } | undefined)?.body;
      if (!comment) return json(res, 404, { message: 'Not Found' });
      if (typeof text !== 'string') return json(res, 422, { message: 'body is required' });
      comment.body = text;
      return json(res, 200, comment);
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/runs$/.exec(path))) {
      const workflow = decodeURIComponent(m[1]!);
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const runs = state.runs
        .filter((r) => r.workflow === workflow && (branch === null || r.head_branch === branch) && (status === null || r.conclusion === status))
        .sort((a, b) => b.created_at.localeCompare(a.created_at));
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      return json(res, 200, { total_count: runs.length, workflow_runs: runs.slice(0, perPage).map((run) => runJson(run, 'acme/shop')) });
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/artifacts$/.exec(path))) {
      const list = state.artifacts.get(Number(m[1])) ?? [];
      const name = url.searchParams.get('name');
      const kept = list.filter((a) => name === null || a.name === name);
      return json(res, 200, { total_count: kept.length, artifacts: kept });
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/pulls$/.exec(path))) {
      return json(res, 200, (state.commitPulls.get(m[1]!) ?? []).map((number) => ({ number, state: 'open' })));
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/compare\/([^/]+)$/.exec(path))) {
      const mergeBase = state.mergeBases.get(decodeURIComponent(m[1]!));
      if (mergeBase === undefined) return json(res, 404, { message: 'Not Found' });
      return json(res, 200, { status: 'diverged', merge_base_commit: { sha: mergeBase.sha, commit: { committer: { date: mergeBase.date }, author: { date: mergeBase.date } } }, commits: [], files: [] });
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(path))) {
      const headSha = state.pulls.get(Number(m[1]));
      if (headSha === undefined) return json(res, 404, { message: 'Not Found' });
      return json(res, 200, { number: Number(m[1]), state: 'open', head: { sha: headSha } });
    }
    if (method === 'POST' && path.startsWith(ARTIFACT_SERVICE)) return artifactService(path.slice(ARTIFACT_SERVICE.length), body, res);
    json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  /** The two Twirp calls of an upload, in their JSON form (fields as protobuf-ts writes them). */
  function artifactService(call: string, body: unknown, res: ServerResponse): void {
    const request = (body ?? {}) as { workflowRunBackendId?: unknown; workflow_run_backend_id?: unknown; name?: unknown; size?: unknown };
    const backendId = String(request.workflowRunBackendId ?? request.workflow_run_backend_id ?? '');
    const name = typeof request.name === 'string' ? request.name : '';
    const runId = state.uploadRuns.get(backendId);
    if ((runId === undefined && backendId !== DEFAULT_BACKEND_ID) || name === '') return twirpError(res, 400, 'invalid_argument', `no run for backend id "${backendId}" or no name`);
    const key = `${backendId}/${name}`;
    if (call === 'CreateArtifact') {
      if (uploadsByName.has(key) || (runId !== undefined && (state.artifacts.get(runId) ?? []).some((a) => a.name === name))) return twirpError(res, 409, 'already_exists', `artifact ${name} exists in run ${runId}`);
      const blobPath = `/_upload/devstoreaccount1/artifacts/upload-${nextUploadId++}.zip`;
      const upload: PendingUpload = { runId, name, blocks: new Map() };
      uploadsByBlob.set(blobPath, upload);
      uploadsByName.set(key, upload);
      return json(res, 200, { ok: true, signed_upload_url: `${base}${blobPath}?sig=local` });
    }
    if (call === 'FinalizeArtifact') {
      const upload = uploadsByName.get(key);
      if (upload?.committed === undefined) return twirpError(res, 404, 'not_found', `no committed upload of ${name}`);
      if (Number(request.size) !== upload.committed.length) return twirpError(res, 400, 'invalid_argument', `size ${String(request.size)} is not the ${upload.committed.length} bytes uploaded`);
      uploadsByName.delete(key);
      state.uploads.set(name, upload.committed);
      const id = nextUploadedArtifactId++;
      if (runId === undefined) return json(res, 200, { ok: true, artifact_id: String(id) });
      const list = state.artifacts.get(runId) ?? [];
      list.push({ id, name, expired: false, size_in_bytes: upload.committed.length, created_at: new Date().toISOString() });
      state.artifacts.set(runId, list);
      state.artifactZips.set(id, upload.committed);
      return json(res, 200, { ok: true, artifact_id: String(id) });
    }
    twirpError(res, 404, 'bad_route', `no method ${call}`);
  }

  /** Put Block (?comp=block&blockid=…) and Put Block List (?comp=blocklist, an XML list of block ids), as Azure Blob Storage answers them. */
  function blobUpload(method: string, url: URL, raw: Buffer, tooLarge: boolean, res: ServerResponse): void {
    const upload = uploadsByBlob.get(url.pathname);
    const reply = (status: number) => {
      res.writeHead(status, { 'content-length': 0, etag: `"0x${status}${raw.length}"`, 'last-modified': new Date().toUTCString(), 'x-ms-request-server-encrypted': 'true' });
      res.end();
    };
    if (method !== 'PUT' || upload === undefined) return reply(404);
    if (tooLarge) return reply(413);
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (blockId === null) return reply(400);
      upload.blocks.set(blockId, raw);
      return reply(201);
    }
    if (comp === 'blocklist') {
      const ids = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g)].map((m) => m[1]!);
      const parts = ids.map((id) => upload.blocks.get(id));
      if (parts.some((part) => part === undefined)) return reply(400);
      upload.committed = Buffer.concat(parts as Buffer[]);
      return reply(201);
    }
    if (comp === null) {
      // Put Blob: the whole body at once.
      upload.committed = raw;
      return reply(201);
    }
    reply(400);
  }

  function runJson(run: ApiRun, fullName: string): Record<string, unknown> {
    const { workflow, event, head_repository, run_number, ...rest } = run;
    return {
      ...rest,
      status: 'completed',
      event: event ?? 'push',
      path: `.github/workflows/${workflow}`,
      name: workflow.replace(/\.ya?ml$/, ''),
      run_number: run_number ?? run.id,
      html_url: `https://github.test/${fullName}/actions/runs/${run.id}`,
      repository: { id: REPO_ID, full_name: fullName },
      head_repository: head_repository ?? { id: REPO_ID, full_name: fullName },
    };
  }

  /** One page of `items`, with a Link header to the next; `key` wraps it as { total_count, [key] }. */
  function page(res: ServerResponse, url: URL, items: readonly unknown[], key?: string): void {
    const perPage = Math.max(1, Math.min(100, Number(url.searchParams.get('per_page') ?? 30)));
    const pageNumber = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const slice = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
    const headers: Record<string, string> = {};
    if (pageNumber * perPage < items.length) {
      const next = new URL(url.pathname, base);
      next.searchParams.set('per_page', String(perPage));
      next.searchParams.set('page', String(pageNumber + 1));
      for (const [k, v] of url.searchParams) if (k !== 'per_page' && k !== 'page') next.searchParams.set(k, v);
      headers.link = `<${next.href}>; rel="next"`;
    }
    json(res, 200, key === undefined ? slice : { total_count: items.length, [key]: slice }, headers);
  }

  function fail(res: ServerResponse, kind: FailureKind): void {
    if (kind === 'server-error') return json(res, 500, { message: 'Server Error' });
    if (kind === 'forbidden') return json(res, 403, { message: 'Resource not accessible by integration' });
    if (kind === 'rate-limit') {
      return json(res, 403, { message: 'API rate limit exceeded' }, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      });
    }
    return json(res, 429, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
  }

  return Object.assign(state as GitHubApiServer, {
    url: base,
    failNext(kind: FailureKind, match: { readonly method?: string; readonly pathPart?: string }) {
      failures.push({ kind, ...match });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
  json(res, status, { code, msg });
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
