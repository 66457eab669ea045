// pushWithRetry against real loopback receivers: a 500 then a 200 is retried with the same body; a
// 429's Retry-After is honoured; a 400 and a redirect are not retried (the redirect not followed);
// a refused port is retried a bounded number of times; a receiver that hangs costs the time budget
// and no more.
import { afterEach, describe, expect, test } from 'vitest';
import { pushWithRetry } from '../../src/exports/push-with-retry.js';
import { refusedPort, startServer, type TestServer } from '../support/servers.js';

const FAST = { maxAttempts: 4, firstBackoffMs: 20, maxBackoffMs: 100 };
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function receiver(answers: readonly (number | 'hang')[], extraHeaders: Record<string, string> = {}): Promise<{ server: TestServer; bodies: string[]; times: number[] }> {
  const bodies: string[] = [];
  const times: number[] = [];
  const server = await startServer(
    (_req, res, body) => {
      bodies.push(body);
      times.push(performance.now());
      const answer = answers[Math.min(bodies.length - 1, answers.length - 1)]!;
      if (answer === 'hang') return; // held until the test closes the server
      res.writeHead(answer, answer === 302 ? { location: 'http://127.0.0.1:9/elsewhere' } : extraHeaders);
      res.end(answer >= 400 ? `refused ${answer}` : '');
    },
    { readBody: true },
  );
  servers.push(server);
  return { server, bodies, times };
}

describe('pushWithRetry', () => {
  test('a 500 then a 200: two attempts, the same body both times', async () => {
    const { server, bodies } = await receiver([500, 200]);
    const outcome = await pushWithRetry({ url: `${server.url}/hook`, headers: {}, body: '{"n":1}' }, { ...FAST, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(bodies).toEqual(['{"n":1}', '{"n":1}']);
  });

  test('always 503: gives up after maxAttempts with the status and the answer in the reason', async () => {
    const { server, bodies } = await receiver([503]);
    const outcome = await pushWithRetry({ url: server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, attempts: 4, reason: 'HTTP 503: refused 503' });
    expect(bodies).toHaveLength(4);
  });

  test("a 429's Retry-After (1 s) is waited for", async () => {
    const { server, times } = await receiver([429, 204], { 'retry-after': '1' });
    const outcome = await pushWithRetry({ url: server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, status: 204, attempts: 2 });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
  });

  test("a receiver's answer reaches the reason on one line, so it cannot start a workflow command", async () => {
    const server = await startServer((_req, res) => {
      res.statusCode = 400;
      res.end('bad\n::add-mask::x\r\n::error::forged');
    });
    servers.push(server);
    const outcome = await pushWithRetry({ url: server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, reason: 'HTTP 400: bad ::add-mask::x ::error::forged' });
  });

  test('a 400 is not retried; a redirect is neither followed nor retried', async () => {
    const bad = await receiver([400]);
    expect(await pushWithRetry({ url: bad.server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 })).toMatchObject({ ok: false, attempts: 1, reason: 'HTTP 400: refused 400' });
    const moved = await receiver([302]);
    expect(await pushWithRetry({ url: moved.server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 })).toMatchObject({ ok: false, attempts: 1, reason: 'HTTP 302' });
    expect([bad.bodies.length, moved.bodies.length]).toEqual([1, 1]);
  });

  test('a refused port: retried, bounded, with the network error as the reason', async () => {
    const port = await refusedPort();
    const outcome = await pushWithRetry({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 5000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(4);
    if (!outcome.ok) expect(outcome.reason).toContain('ECONNREFUSED');
  });

  test('a receiver that hangs for good costs the budget (700 ms), not more', async () => {
    const { server, bodies } = await receiver(['hang']);
    const started = performance.now();
    const outcome = await pushWithRetry({ url: server.url, headers: {}, body: '{}' }, { ...FAST, timeoutMs: 700 });
    const elapsedMs = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    if (!outcome.ok) expect(outcome.reason).toBe('no answer within 700 ms (last: aborted at the time limit)');
    expect(elapsedMs).toBeGreaterThanOrEqual(690);
    // Generous for a busy machine; the receiver would hold it for ever.
    expect(elapsedMs).toBeLessThan(2500);
    expect(bodies).toHaveLength(1);
  });
});
