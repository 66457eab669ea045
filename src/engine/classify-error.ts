// Maps a failed request (a thrown error or a failing status) to one of the result's error classes,
// and a short sample message per class for reports. Matches on codes, never on message text; the
// message kept is the error's own (no URLs with credentials, no headers), cut to 200 characters, except
// for undici's redirect-loop message, which is restated (see redirectLoopSample).

import type { ErrorClass } from '../results/types.js';

const BY_CODE: Readonly<Record<string, ErrorClass>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  PA_REQUEST_DEADLINE: 'timeout',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  // Refused by the engine itself (origin-guard.ts): never sent.
  PA_BLOCKED_HOST: 'blocked-host',
};

export function classifyError(error: unknown): ErrorClass {
  let current: unknown = error;
  // undici wraps socket errors (UND_ERR_SOCKET with a cause); the innermost known code wins.
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.startsWith('UNABLE_TO_VERIFY') || code.includes('SELF_SIGNED')) return 'tls';
      const known = BY_CODE[code];
      const cause = (current as { cause?: unknown }).cause;
      if (known !== undefined && (known !== 'reset' || cause === undefined || classifyError(cause) === 'other')) return known;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return 'other';
}

export function statusClass(statusCode: number): ErrorClass | undefined {
  if (statusCode >= 500) return 'http5xx';
  if (statusCode >= 400) return 'http4xx';
  return undefined;
}

/**
 * undici's redirect handler refuses a hop back to a URL the request already visited with "Redirect
 * loop detected. Cannot redirect to ORIGIN. This typically happens when using a Client or Pool with
 * cross-origin redirects. Use an Agent …", also for a loop on one host, and the engine already routes
 * each hop to its own origin's pool (transport.ts): the advice is about undici's internals and wrong
 * here. Its code (UND_ERR_INVALID_ARG) is shared with other argument errors, so this one error is told
 * by its text, and said as what it is.
 */
function redirectLoopSample(error: unknown): string | undefined {
  if ((error as { code?: unknown })?.code !== 'UND_ERR_INVALID_ARG' || !(error instanceof Error)) return undefined;
  const found = /^Redirect loop detected\. Cannot redirect to (\S+?)\.(?:\s|$)/.exec(error.message);
  if (found === null) return undefined;
  return `redirect loop: a redirect to ${found[1]!} leads back to a URL this request already requested; not followed`;
}

export function errorSample(error: unknown): string {
  const loop = redirectLoopSample(error);
  if (loop !== undefined) return loop.slice(0, 200);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? `${(error as { code: string }).code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  return (code + message).replace(/[\r\n]+/g, ' ').slice(0, 200);
}
