// The compiled plan's requests as undici sends them to a real server on 127.0.0.1: a feeder row
// logs in with a JSON body, the token is captured from the reply, and the next step sends it back.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledRequestStep } from '../../../src/engine/compiled-plan.js';
import { compileScenarios } from '../../../src/engine/scenario/compile.js';
import { Rng } from '../../../src/engine/scenario/rng.js';
import { planConfig, requestStep } from './plan-config.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const received: Received[] = [];
let server: Server;
let target: string;
const dir = mkdtempSync(join(tmpdir(), 'perf-action-loopback-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/api/login') {
        const { email } = JSON.parse(body) as { email: string };
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-session': `s-${email}` });
        res.end(JSON.stringify({ token: `t-${email}`, user: { id: email.length } }));
      } else {
        res.writeHead(req.headers.authorization?.startsWith('Bearer t-') ? 201 : 401, { 'content-type': 'text/plain' });
        res.end('added to cart');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('compiled scenario against a loopback server', () => {
  it('sends feeder values, captures the token and user id, and sends them back typed', async () => {
    const csvPath = join(dir, 'users.csv');
    writeFileSync(csvPath, 'email,password\nada@x.io,"p,1"\nbo@x.io,p2\n');
    const plan = compileScenarios(planConfig({
      target,
      headers: { 'user-agent': 'perf-action-test' },
      data: [{ name: 'users', csvPath, order: 'sequential' }],
      scenarios: [{
        name: 'checkout',
        weight: 1,
        steps: [
          requestStep({
            name: 'login',
            method: 'POST',
            url: '/api/login',
            body: { kind: 'json', value: { email: '{{ users.email }}', password: '{{ users.password }}' } },
            capture: { token: { from: 'json', path: '$.token' }, userId: { from: 'json', path: '$.user.id' }, session: { from: 'header', name: 'X-Session' } },
            expect: { status: [200], headers: { 'content-type': 'application/json' } },
          }),
          requestStep({
            name: 'add to cart',
            method: 'POST',
            url: '/api/cart',
            query: { session: '{{ session }}' },
            headers: { authorization: 'Bearer {{ token }}' },
            body: { kind: 'json', value: { userId: '{{ userId }}', qty: 1 } },
            expect: { status: [201], bodyContains: 'added' },
          }),
        ],
      }],
    }));
    const client = new Client(target);
    const rng = new Rng(5);
    const scope = plan.newScope();
    const outcomes: (string | null)[] = [];
    try {
      for (let iteration = 0; iteration < 3; iteration++) {
        scope.beginIteration(rng);
        for (const step of plan.scenarios[0]!.steps as CompiledRequestStep[]) {
          const built = step.build(scope, rng);
          expect(built.origin).toBe(target);
          const reply = await client.request({ method: step.method as 'POST', path: built.path, headers: built.headers as string[], body: built.body ?? null });
          const body = await reply.body.text();
          outcomes.push(step.afterResponse(scope, { statusCode: reply.statusCode, headers: reply.headers as Record<string, string | string[] | undefined>, body: step.needsBody ? body : '' }));
        }
      }
    } finally {
      await client.close();
    }
    expect(outcomes).toEqual([null, null, null, null, null, null]);
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/login',
      'POST /api/cart?session=s-ada%40x.io',
      'POST /api/login',
      'POST /api/cart?session=s-bo%40x.io',
      'POST /api/login',
      'POST /api/cart?session=s-ada%40x.io',
    ]);
    expect(JSON.parse(received[0]!.body)).toEqual({ email: 'ada@x.io', password: 'p,1' });
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers['user-agent']).toBe('perf-action-test');
    expect(received[1]!.headers.authorization).toBe('Bearer t-ada@x.io');
    // The captured user id was the number 8 in the login reply and stays a number in the cart body.
    expect(JSON.parse(received[1]!.body)).toEqual({ userId: 8, qty: 1 });
    expect(JSON.parse(received[3]!.body)).toEqual({ userId: 7, qty: 1 });
  });
});
