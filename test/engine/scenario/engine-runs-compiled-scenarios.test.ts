// The engine's request loop (runLoad, closed model) running a compiled plan against a loopback server:
// captured tokens reach the next step, and a failed JSON expectation is counted as an 'expectation'
// error with its message as the sample.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runLoad } from '../../../src/engine/run-load.js';
import { compileScenarios } from '../../../src/engine/scenario/compile.js';
import type { EndpointSeries } from '../../../src/results/types.js';
import { planConfig, requestStep } from './plan-config.js';

let server: Server;
let target: string;
let logins = 0;
let itemsWithRightToken = 0;
let itemsWithWrongToken = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/login') {
        logins++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: `t${logins}`, items: [{ id: logins % 5 }] }));
      } else if (req.url?.startsWith('/items/')) {
        // The token of login n was "tn" and its item id n % 5: check they travel together.
        const token = /^Bearer t(\d+)$/.exec(req.headers.authorization ?? '');
        if (token && Number(token[1]) % 5 === Number(req.url.slice('/items/'.length))) itemsWithRightToken++;
        else itemsWithWrongToken++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"down"}');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function total(series: EndpointSeries, values: readonly number[] | undefined = series.requests): number {
  return values.reduce((sum, value) => sum + value, 0);
}

test('captures flow between steps under load, and failed expectations are counted as such', async () => {
  const config = {
    ...planConfig({
      target,
      scenarios: [{
        name: 'browse',
        weight: 1,
        steps: [
          requestStep({ name: 'login', method: 'POST', url: '/login', capture: { token: { from: 'json', path: '$.token' }, itemId: { from: 'json', path: '$.items[0].id' } } }),
          requestStep({ name: 'item', url: '/items/{{ itemId }}', headers: { authorization: 'Bearer {{ token }}' }, expect: { json: { '$.status': 'ok' } } }),
        ],
      }],
    }),
    load: { model: 'closed' as const, arrivals: 'constant' as const, phases: [{ name: 'steady', durationMs: 1500, vus: 2, isRamp: false }], maxInFlight: 10 },
  };
  const plan = compileScenarios(config, { seed: 1 });
  const result = await runLoad(config, { seed: 1, plan });
  const login = result.endpoints.find((endpoint) => endpoint.name === 'login')!;
  const item = result.endpoints.find((endpoint) => endpoint.name === 'item')!;
  expect(total(login)).toBeGreaterThan(20);
  expect(Object.keys(login.errors)).toEqual([]);
  // Each iteration is login then item; at most one iteration per VU is cut by the stop.
  expect(total(item)).toBeGreaterThanOrEqual(total(login) - 2);
  expect(total(item)).toBeLessThanOrEqual(total(login));
  expect(itemsWithWrongToken).toBe(0);
  expect(itemsWithRightToken).toBe(total(item));
  expect(total(item, item.errors.expectation)).toBe(total(item));
  expect(item.errorSamples.expectation).toBe('json $.status is "down", expected "ok"');
});
