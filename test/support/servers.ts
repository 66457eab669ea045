// Loopback targets for engine and CLI tests: node:http servers on 127.0.0.1, port 0, each answering in
// one known way (fixed delay, a stall once a second, chosen errors, JSON echo, a connection reset),
// and one node:https server with a self-signed certificate for 127.0.0.1 (test/support/tls/).
// close() ends the server and every socket it holds, so a test never leaks a listener.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  /** Requests whose handler has run (counted on arrival). */
  requests(): number;
  /** Headers of the most recent requests (at most the last 100), for traceparent checks. */
  readonly seenHeaders: IncomingMessage['headers'][];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A self-signed certificate (P-256, valid to 2126) for IP 127.0.0.1 and localhost, and its key. */
export const TLS_FILES = {
  cert: new URL('./tls/loopback-self-signed.crt', import.meta.url),
  key: new URL('./tls/loopback-self-signed.key', import.meta.url),
};

/** `host`: another loopback address (127.0.0.2, …) for tests that need a second host; default 127.0.0.1. */
export async function startServer(handler: Handler, options: { readBody?: boolean; tls?: boolean; host?: string } = {}): Promise<TestServer> {
  let count = 0;
  const seenHeaders: IncomingMessage['headers'][] = [];
  const sockets = new Set<Socket>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    count++;
    if (seenHeaders.length >= 100) seenHeaders.shift();
    seenHeaders.push(req.headers);
    if (options.readBody) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
    } else {
      req.resume();
      handler(req, res, '');
    }
  };
  const server: Server | HttpsServer = options.tls
    ? createHttpsServer({ keepAliveTimeout: 30_000, key: readFileSync(TLS_FILES.key), cert: readFileSync(TLS_FILES.cert) }, listener)
    : createServer({ keepAliveTimeout: 30_000 }, listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    requests: () => count,
    seenHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const OK = 'ok';

/**
 * Ends `res` no earlier than `delayMs` after `startMs` (performance.now()). Node's timers count from
 * the loop's cached time and can fire up to a millisecond early; setImmediate turns cover that rest.
 */
export function endAfter(res: ServerResponse, startMs: number, delayMs: number): void {
  const finish = (): void => {
    if (performance.now() - startMs >= delayMs) res.end(OK);
    else setImmediate(finish);
  };
  if (delayMs > 0) setTimeout(finish, delayMs);
  else finish();
}

/** Answers 200 "ok" after `delayMs` (0: at once). */
export function startDelayServer(delayMs: number): Promise<TestServer> {
  return startServer((_req, res) => {
    if (delayMs <= 0) res.end(OK);
    else endAfter(res, performance.now(), delayMs);
  });
}

/**
 * Stalls for `stallMs` once a second: requests arriving during the first `stallMs` of every wall-clock
 * second are held until that window ends, as a stop-the-world pause would hold them; the rest are
 * answered at once.
 */
export function startStallServer(stallMs: number): Promise<TestServer> {
  return startServer((_req, res) => {
    const intoSecondMs = Date.now() % 1000;
    if (intoSecondMs < stallMs) setTimeout(() => res.end(OK), stallMs - intoSecondMs);
    else res.end(OK);
  });
}

/** Answers every request with `status` (and a short body). */
export function startStatusServer(status: number): Promise<TestServer> {
  return startServer((_req, res) => {
    res.statusCode = status;
    res.end(`status ${status}`);
  });
}

/** Destroys every connection as soon as a request arrives: the client sees a reset. */
export function startResetServer(): Promise<TestServer> {
  return startServer((req) => {
    req.socket.resetAndDestroy();
  });
}

/** Echoes method, url, headers and body as JSON; answers `/login` with {"token": "t-<n>"}. */
export function startJsonServer(): Promise<TestServer> {
  let tokens = 0;
  return startServer(
    (req, res, body) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/login') {
        tokens++;
        res.end(JSON.stringify({ token: `t-${tokens}` }));
        return;
      }
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    },
    { readBody: true },
  );
}

/** A port on 127.0.0.1 with nothing listening (bound, then closed), for `refused` errors. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ProcessServer {
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * Starts test/support/server-process.mjs (`delay` or `stall`, in ms) in a child process, optionally
 * pinned to `cpu` with taskset, and waits for its port. close() ends that child by its PID.
 */
export async function startServerProcess(kind: 'delay' | 'stall', amountMs: number, options: { cpu?: number } = {}): Promise<ProcessServer> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
  const command = options.cpu === undefined ? process.execPath : 'taskset';
  const args = options.cpu === undefined ? [script, kind, String(amountMs)] : ['-c', String(options.cpu), process.execPath, script, kind, String(amountMs)];
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server process did not start within 10 s')), 10_000);
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /port (\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid!, 'SIGTERM');
      }),
  };
}
