// A multi-step scenario end to end against a real server: a login step captures a token from JSON,
// the next step sends it in a header and in the path, an expectation judges the answer, and a step
// whose expectation fails is counted as an `expectation` error with its message.
import { afterEach, expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { runLoad } from '../../src/engine/run-load.js';
import { startJsonServer, type TestServer } from '../support/servers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

const sum = (values: readonly number[] | undefined): number => (values ?? []).reduce((a, b) => a + b, 0);

function config(target: string, extraStep = ''): ReturnType<typeof loadConfigText> {
  return loadConfigText(
    `name: capture-test
target: ${target}
load:
  phases:
    - { duration: 1s, rate: 10 }
scenarios:
  - name: account
    steps:
      - name: login
        post: /login
        json: { user: "u1" }
        capture: { token: $.token }
      - name: me
        get: "/me/{{ token }}"
        headers: { authorization: "Bearer {{ token }}" }
        expect: { status: 200, json: { "$.method": "GET" } }
${extraStep}`,
    { file: 'perf.yml', env: {} },
  );
}

test('a captured token reaches the next step in its path and header', async () => {
  server = await startJsonServer();
  const result = await runLoad(config(server.url), { seed: 1 });
  expect(result.endpoints.map((e) => [e.name, sum(e.requests)])).toEqual([
    ['login', 10],
    ['me', 10],
  ]);
  expect(result.total.errors).toEqual({});
  const meRequests = server.seenHeaders.filter((headers) => headers.authorization !== undefined);
  expect(meRequests.length).toBe(10);
  const tokens = new Set(meRequests.map((headers) => headers.authorization));
  // Each iteration logs in and uses its own token: t-1 … t-10.
  expect(tokens).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `Bearer t-${i + 1}`)));
  expect(result.endpoints[0]!.method).toBe('POST');
});

test('a failed expectation is an expectation error with a message, and stops that iteration', async () => {
  server = await startJsonServer();
  const failing = `      - name: check
        get: /check
        expect: { json: { "$.method": "POST" } }
      - name: after
        get: /after
`;
  const result = await runLoad(config(server.url, failing), { seed: 1 });
  const check = result.endpoints.find((e) => e.name === 'check')!;
  const after = result.endpoints.find((e) => e.name === 'after')!;
  expect(sum(check.requests)).toBe(10);
  expect(sum(check.errors.expectation)).toBe(10);
  expect(check.errorSamples.expectation).toContain('$.method');
  expect(check.latency[0]).not.toBeNull();
  expect(sum(after.requests)).toBe(0);
  expect(sum(result.total.errors.expectation)).toBe(10);
});
