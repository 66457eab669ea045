// Maps a failed request (a thrown error or a failing status) to one of the result's error classes,
// and a short sample message per class for reports. Matches on codes, never on message text; the
// message kept is the error's own (no URLs with credentials, no headers), cut to 200 characters.

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

export function errorSample(error: unknown): string {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? `${(error as { code: string }).code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  return (code + message).replace(/[\r\n]+/g, ' ').slice(0, 200);
}
