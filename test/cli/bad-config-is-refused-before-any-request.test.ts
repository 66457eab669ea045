// Hostile or careless perf.yml files, run as a user runs them (dist/cli.js run -c perf.yml) against a
// loopback target that counts requests: each one exits 2 within 5 s with a message that names the
// field and line or the cause, no stack trace, and not one request sent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/built-bundle.js';
import { runCli, STACK_LINE } from '../support/run-cli.js';
import { startServer, type TestServer } from '../support/servers.js';

let cli: string;
let dir: string;
let target: TestServer;

beforeAll(async () => {
  cli = ensureBuilt().cli;
  dir = mkdtempSync(join(tmpdir(), 'perf-bad-config-'));
  target = await startServer((_req, res) => res.end('ok'));
}, 240_000);

afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = (extra = '', phase = '{ duration: 1s, rate: 5 }'): string => `name: hostile
target: ${target.url}
load:
  phases:
    - ${phase}
${extra}`;

async function refuse(name: string, text: string, env: Record<string, string> = {}): Promise<string> {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, text);
  const before = target.requests();
  const run = await runCli(cli, ['run', '-c', file, '--out', join(dir, `out-${name}`)], { cwd: dir, env, timeoutMs: 20_000 });
  expect(run.timedOut, `${name} did not finish`).toBe(false);
  expect(run.code, run.stderr).toBe(2);
  expect(run.elapsedMs, `${name} took ${run.elapsedMs} ms`).toBeLessThan(5_000);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toContain('internal error');
  expect(target.requests() - before).toBe(0);
  return run.stderr;
}

describe('the loader refuses hostile YAML in bounded time', () => {
  test('an alias bomb (billion laughs) is a config error, not an internal one', async () => {
    let text = base('bomb0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n');
    for (let i = 1; i < 10; i++) text += `bomb${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    expect(await refuse('alias-bomb', text)).toMatch(/alias-bomb\.yml: YAML: aliases expand too far \(more than the maximum of 1000 resolved\)/);
  });

  test('300k keys: refused by size at once, where yaml\'s duplicate check took minutes', async () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `k${i}: 1`).join('\n');
    expect(await refuse('300k-keys', base(`labels:\n${keys.replace(/^/gm, '  ')}\n`))).toMatch(/larger than the maximum of 262144 bytes/);
  });

  test('as many keys as fit under the size cap, with a duplicate: found in one linear pass, with its line', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: v`);
    keys.push('  k7: again');
    const stderr = await refuse('20k-keys', base(`labels:\n${keys.join('\n')}\n`));
    expect(stderr).toContain(`YAML: duplicate key "k7" (20k-keys.yml:${7 + 20_000})`);
  });

  test('nesting deeper than the maximum, and an alias inside its own anchor', async () => {
    expect(await refuse('deep', base(`labels: ${'['.repeat(100)}1${']'.repeat(100)}\n`))).toMatch(/nested deeper than 64 levels/);
    expect(await refuse('cycle', base('labels: &loop { a: [*loop] }\n'))).toMatch(/nested deeper than 64 levels \(or an alias used inside its own anchor\)/);
  });

  test('a file that is not a regular file of text (/dev/zero) is refused by size, not read forever', async () => {
    const run = await runCli(cli, ['run', '-c', '/dev/zero'], { cwd: dir, timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/larger than the maximum of 262144 bytes/);
  });
});

describe('numbers and strings that the engine or undici cannot use are refused at the door', () => {
  test.each([
    ['timeout-huge', 'http:\n  timeout: 1e306\n', /http\.timeout: expected a duration of at most 1h, got 1e\+306 \(timeout-huge\.yml:7\)/],
    ['timeout-fraction', 'http:\n  timeout: "1.5ms"\n', /http\.timeout: expected whole milliseconds, got "1\.5ms" \(1\.5 ms\) \(timeout-fraction\.yml:7\)/],
    ['resamples', 'compare:\n  resamples: 1000000000\n', /compare\.resamples: expected an integer ≥ 100 and ≤ 20000, got 1000000000/],
    ['connections', 'http:\n  connections: 1000000000\n', /http\.connections: expected an integer ≥ 1 and ≤ 10000/],
  ])('%s', async (name, extra, message) => {
    expect(await refuse(name, base(extra))).toMatch(message);
  });

  test('duration 1e306 s (Infinity in ms), a rate of 1e9, a day and a second of phases', async () => {
    expect(await refuse('duration-huge', base('', '{ duration: 1e306, rate: 5 }'))).toMatch(/load\.phases\[0\]\.duration: expected a duration of at most 24h, got 1e\+306 \(duration-huge\.yml:5\)/);
    expect(await refuse('rate-huge', base('', '{ duration: 1s, rate: 1e9 }'))).toMatch(/load\.phases\[0\]\.rate: expected a number ≥ 0 and ≤ 1000000, got 1000000000/);
    const twoDays = base('    - { duration: 24h, rate: 1 }\n', '{ duration: 1s, rate: 1 }');
    expect(await refuse('too-long', twoDays)).toMatch(/load\.phases: the phases last [\d.]+ h together, above the maximum of 24 h/);
  });

  test('a step URL with another scheme (ftp://) names the step', async () => {
    const stderr = await refuse('ftp', base('scenarios:\n  - name: s\n    steps:\n      - { get: "ftp://127.0.0.1/file" }\n'));
    expect(stderr).toMatch(/scenarios\[0\]\.steps\[0\]\.get: expected a path like "\/api\/items" or an http:\/\/ or https:\/\/ URL, got a "ftp" URL .*\(ftp\.yml:9\)/);
  });

  test('CRLF in a header value (here from the environment) and ${VAR} in a header name', async () => {
    const crlf = await refuse('crlf', base('http:\n  headers:\n    x-token: "${TOKEN}"\n'), { TOKEN: 'abc\r\nx-injected: 1' });
    expect(crlf).toMatch(/http\.headers\.x-token: a header value may not hold a line break \(CR, LF\) or NUL \(crlf\.yml:8\)/);
    const key = await refuse('var-key', base('http:\n  headers:\n    ${HEADER}: "1"\n'), { HEADER: 'x-a' });
    expect(key).toMatch(/http\.headers\["\$\{HEADER\}"\]: a header name is used as written \(\$\{…\} is interpolated only in values\).*\(var-key\.yml:8\)/);
  });
});
