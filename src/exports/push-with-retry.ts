// Sends one after-run push (a notification or an export) as a POST, retrying what may pass on a
// second try (no answer, 408, 429, 5xx) with doubling pauses, all inside one time budget: when the
// budget is spent the attempt in flight is aborted, so a receiver that hangs costs at most
// `timeoutMs`. It never throws; the outcome is data that the edge reports as a warning. Redirects
// are not followed (the body must not go to another host). The reason it gives holds no URL and no
// header, only the status, a short piece of the answer or the network error.

import { Agent, request } from 'undici';

export interface PushRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RetryPolicy {
  /** Budget of the whole push, every attempt and pause included. */
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** Pause before the second attempt; doubled each time, at most maxBackoffMs. */
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'timeoutMs'> = Object.freeze({ maxAttempts: 4, firstBackoffMs: 250, maxBackoffMs: 2000 });

export type PushOutcome =
  | { readonly ok: true; readonly status: number; readonly attempts: number; readonly elapsedMs: number }
  | { readonly ok: false; readonly reason: string; readonly attempts: number; readonly elapsedMs: number };

/** Characters of a refusing answer kept in the reason (Slack says "invalid_blocks", Loki names the bad stream). */
const ANSWER_CHARS = 200;

export async function pushWithRetry(push: PushRequest, policy: RetryPolicy): Promise<PushOutcome> {
  const started = performance.now();
  const budget = AbortSignal.timeout(policy.timeoutMs);
  // Its own agent, destroyed at the end: no idle keep-alive socket may hold the process open.
  const dispatcher = new Agent({ keepAliveTimeout: 1000 });
  let attempts = 0;
  let reason = 'not sent';
  try {
    while (attempts < policy.maxAttempts && !budget.aborted) {
      attempts++;
      const answer = await attempt(push, dispatcher, budget);
      if (answer.ok) return { ok: true, status: answer.status, attempts, elapsedMs: performance.now() - started };
      reason = answer.reason;
      if (!answer.retry || attempts >= policy.maxAttempts) break;
      // A Retry-After longer than the backoff is honoured; the budget still ends the pause.
      const backoffMs = Math.min(policy.maxBackoffMs, policy.firstBackoffMs * 2 ** (attempts - 1));
      await pause(Math.max(backoffMs, answer.retryAfterMs ?? 0), budget);
    }
    if (budget.aborted) reason = `no answer within ${policy.timeoutMs} ms (last: ${reason})`;
    return { ok: false, reason, attempts, elapsedMs: performance.now() - started };
  } finally {
    dispatcher.destroy().catch(() => undefined);
  }
}

type Answer = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly retry: boolean; readonly reason: string; readonly retryAfterMs?: number };

async function attempt(push: PushRequest, dispatcher: Agent, budget: AbortSignal): Promise<Answer> {
  try {
    const response = await request(push.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...push.headers },
      body: push.body,
      dispatcher,
      signal: budget,
    });
    const { statusCode } = response;
    if (statusCode >= 200 && statusCode < 300) {
      await response.body.dump();
      return { ok: true, status: statusCode };
    }
    // On one line: a receiver's text must not begin a line of the job log (a workflow command).
    const text = (await response.body.text().catch(() => '')).slice(0, ANSWER_CHARS).replace(/\s+/g, ' ').trim();
    const retry = statusCode === 408 || statusCode === 429 || statusCode >= 500;
    const retryAfterMs = retryAfter(response.headers['retry-after']);
    return { ok: false, retry, reason: `HTTP ${statusCode}${text === '' ? '' : `: ${text}`}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  } catch (error) {
    if (budget.aborted) return { ok: false, retry: false, reason: 'aborted at the time limit' };
    return { ok: false, retry: true, reason: describeNetworkError(error) };
  }
}

/** Retry-After in whole seconds (the form Slack and Loki send); a date is not honoured. */
function retryAfter(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) * 1000 : undefined;
}

/** The error's code and message ("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9"); undici quotes no path. */
function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error)?.message ?? String(error);
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.replace(/\s+/g, ' ').trim();
}

function pause(ms: number, budget: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (budget.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      budget.removeEventListener('abort', done);
      resolve();
    }
    budget.addEventListener('abort', done, { once: true });
  });
}
