// What a valid perf.yml becomes: defaults, units, interpolation, secrets, the hash, profiles,
// endpoint names and feeder paths.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_TOLERANCE } from '../../src/config/types.js';

const MINIMAL = `name: shop
target: http://127.0.0.1:8080/app
load:
  phases:
    - { duration: 30s, rate: 5, rampTo: 50 }
    - { duration: 1m, rate: 50 }
`;

describe('defaults', () => {
  const config = loadConfigText(MINIMAL, { env: {} });

  test('http, load, trim and compare defaults are filled in', () => {
    expect(config.http).toEqual({
      timeoutMs: 10_000,
      connections: 64,
      pipelining: 1,
      headers: {},
      secretHeaders: [],
      followRedirects: 0,
      http2: false,
      insecureTls: false,
      maxBodyBytes: 4 * 1024 * 1024,
    });
    expect(config.load).toEqual({
      model: 'open',
      arrivals: 'constant',
      maxInFlight: 10_000,
      phases: [
        { name: 'phase-1', durationMs: 30_000, rate: 5, rampTo: 50, isRamp: true },
        { name: 'phase-2', durationMs: 60_000, rate: 50, isRamp: false },
      ],
    });
    expect(config.trim).toEqual({ kind: 'auto' });
    expect(config.compare).toEqual({
      percentiles: ['p50', 'p95', 'p99'],
      tolerance: DEFAULT_TOLERANCE,
      floorMs: 1,
      alpha: 0.01,
      resamples: 2000,
      seed: 1,
      historyWindow: 20,
    });
    expect(config.labels).toEqual({});
    expect(config.data).toEqual([]);
    expect(config.slo).toEqual([]);
    expect(config.profile).toBeUndefined();
  });

  test('without scenarios, one GET of the target path is made', () => {
    expect(config.scenarios).toEqual([
      {
        name: 'default',
        weight: 1,
        steps: [{ kind: 'request', type: 'http', name: 'GET /app', method: 'GET', url: '/app', headers: {}, query: {}, capture: {} }],
      },
    ]);
  });

  test('the result is deeply frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.load.phases[0])).toBe(true);
    expect(Object.isFrozen(config.scenarios[0]!.steps)).toBe(true);
  });
});

describe('steps, SLOs and compare settings', () => {
  const text = `name: shop
target: http://127.0.0.1:8080
labels: { service: shop, build: 1234, canary: false }
http: { timeout: 2.5s, connections: 8, pipelining: 2, redirects: 3, http2: true, insecure: true }
load:
  model: closed
  phases:
    - { name: ramp, duration: 10, vus: 1, rampTo: 20 }
    - { name: steady, duration: 1m30s, vus: 20 }
trim: 45s
scenarios:
  - name: browse
    weight: 3
    steps:
      - get: /api/products?page=2
        query: { sort: price, limit: 10 }
        capture:
          id: "$.items[0].id"
          next: header:Location
          csrf: regex:name="csrf" value="([^"]+)"
          whole: { regex: "ok" }
        expect: { status: 200, headers: { content-type: application/json }, json: { "$.ok": true }, contains: items }
      - think: 500ms
      - { name: cart, post: /api/cart, form: { id: "{{ id }}", qty: 1 } }
      - { name: upload, put: /api/file, body: "a,b\\n1,2", contentType: text/csv, expect: { status: [200, 204] } }
      - { name: cart, post: /api/cart, json: { again: true } }
slo:
  - { name: fast, endpoints: [GET /api/products], latency: { threshold: 250ms, objective: 0.995 } }
  - { name: up, availability: 99.9% }
  - { name: clean, errorRatio: "1%" }
compare:
  percentiles: [p50, p999]
  tolerance: { p50: 3%, p999: 0.3 }
  floor: 2ms
  alpha: 0.05
  resamples: 500
  seed: 7
  historyWindow: 10
`;
  const config = loadConfigText(text, { env: {} });

  test('closed load with rampTo meaning virtual users', () => {
    expect(config.load).toEqual({
      model: 'closed',
      arrivals: 'constant',
      maxInFlight: 20,
      phases: [
        { name: 'ramp', durationMs: 10_000, vus: 1, rampToVus: 20, isRamp: true },
        { name: 'steady', durationMs: 90_000, vus: 20, isRamp: false },
      ],
    });
    expect(config.http).toMatchObject({ timeoutMs: 2500, connections: 8, pipelining: 2, followRedirects: 3, http2: true, insecureTls: true });
    expect(config.trim).toEqual({ kind: 'fixed', cutMs: 45_000 });
    expect(config.labels).toEqual({ service: 'shop', build: '1234', canary: 'false' });
  });

  test('request steps: default name without the query, captures, expectations, bodies', () => {
    const [first, think, form, raw, again] = config.scenarios[0]!.steps;
    expect(first).toEqual({
      kind: 'request',
      type: 'http',
      name: 'GET /api/products',
      method: 'GET',
      url: '/api/products?page=2',
      headers: {},
      query: { sort: 'price', limit: '10' },
      capture: {
        id: { from: 'json', path: '$.items[0].id' },
        next: { from: 'header', name: 'Location' },
        csrf: { from: 'regex', pattern: 'name="csrf" value="([^"]+)"', group: 1 },
        whole: { from: 'regex', pattern: 'ok', group: 0 },
      },
      expect: { status: [200], headers: { 'content-type': 'application/json' }, json: { '$.ok': true }, bodyContains: 'items' },
    });
    expect(think).toEqual({ kind: 'think', durationMs: 500 });
    expect(form).toMatchObject({ name: 'cart', method: 'POST', body: { kind: 'form', value: { id: '{{ id }}', qty: '1' } } });
    expect(raw).toMatchObject({ name: 'upload', method: 'PUT', body: { kind: 'raw', value: 'a,b\n1,2', contentType: 'text/csv' }, expect: { status: [200, 204] } });
    // The same endpoint name reused for the same method and path is allowed.
    expect(again).toMatchObject({ name: 'cart', body: { kind: 'json', value: { again: true } } });
    expect(config.scenarios[0]!.weight).toBe(3);
  });

  test('SLOs and compare settings in fractions and milliseconds', () => {
    expect(config.slo).toEqual([
      { name: 'fast', kind: 'latency', endpoints: ['GET /api/products'], thresholdMs: 250, objective: 0.995 },
      { name: 'up', kind: 'availability', endpoints: 'all', objective: 0.999 },
      { name: 'clean', kind: 'error-ratio', endpoints: 'all', maxErrorRatio: 0.01 },
    ]);
    expect(config.compare).toEqual({
      // p999, the old spelling, is read as p99.9.
      percentiles: ['p50', 'p99.9'],
      tolerance: { ...DEFAULT_TOLERANCE, p50: 0.03, 'p99.9': 0.3 },
      floorMs: 2,
      alpha: 0.05,
      resamples: 500,
      seed: 7,
      historyWindow: 10,
    });
  });
});

describe('interpolation', () => {
  const text = `name: shop
target: \${TARGET}
labels: { env: "\${DEPLOY_ENV:-preview}", literal: "costs $\${PRICE}", empty: "\${EMPTY:-fallback}" }
http:
  headers:
    x-build: "\${BUILD}"
    Authorization: Bearer static-token
    accept: application/json
load:
  phases:
    - { duration: "\${SECONDS:-30}", rate: "\${RATE}" }
`;

  test('values, defaults, escapes and numbers from variables', () => {
    const config = loadConfigText(text, { env: { TARGET: 'http://127.0.0.1:9', BUILD: 'b-17', RATE: '25', EMPTY: '' } });
    expect(config.target).toBe('http://127.0.0.1:9');
    expect(config.labels).toEqual({ env: 'preview', literal: 'costs ${PRICE}', empty: 'fallback' });
    expect(config.load.phases[0]).toEqual({ name: 'phase-1', durationMs: 30_000, rate: 25, isRamp: false });
  });

  test('a variable that is set wins over the default', () => {
    const config = loadConfigText(text, { env: { TARGET: 'http://127.0.0.1:9', BUILD: 'b', RATE: '1', DEPLOY_ENV: 'staging', SECONDS: '5' } });
    expect(config.labels.env).toBe('staging');
    expect(config.load.phases[0]!.durationMs).toBe(5000);
  });

  test('a variable holding a non-number where a number belongs is reported', () => {
    expect(() => loadConfigText(text, { env: { TARGET: 'http://127.0.0.1:9', BUILD: 'b', RATE: 'lots' } })).toThrow(
      /load\.phases\[0\]\.rate: expected a number ≥ 0 and ≤ 1000000, got "lots" \(line 11\)/,
    );
  });

  test('a malformed reference is reported', () => {
    try {
      loadConfigText(text.replace('${BUILD}', '${BUILD'), { env: { TARGET: 'http://127.0.0.1:9', RATE: '1' } });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'http.headers.x-build: unclosed "${": write ${NAME}, ${NAME:-default}, or $${ for a literal "${" (line 6)',
      ]);
    }
  });

  test('headers from variables and headers named as secrets are secret; the hash ignores their values', () => {
    const env = { TARGET: 'http://127.0.0.1:9', BUILD: 'b-17', RATE: '25' };
    const config = loadConfigText(text, { env });
    expect([...config.http.secretHeaders].sort()).toEqual(['Authorization', 'x-build']);
    expect(config.http.headers['x-build']).toBe('b-17');
    expect(config.source.hash).toMatch(/^[0-9a-f]{64}$/);

    const otherSecrets = loadConfigText(text.replace('static-token', 'another-token'), { env: { ...env, BUILD: 'b-99' } });
    expect(otherSecrets.source.hash).toBe(config.source.hash);
    // Another target (a new preview URL) or other labels: the same test.
    expect(loadConfigText(text, { env: { ...env, TARGET: 'http://127.0.0.2:9' } }).source.hash).toBe(config.source.hash);
    expect(loadConfigText(text, { env: { ...env, DEPLOY_ENV: 'staging' } }).source.hash).toBe(config.source.hash);
    // A non-secret header, or the load, changes the hash.
    expect(loadConfigText(text.replace('application/json', 'text/html'), { env }).source.hash).not.toBe(config.source.hash);
    expect(loadConfigText(text, { env: { ...env, RATE: '26' } }).source.hash).not.toBe(config.source.hash);
  });

  test('step headers that are secret are listed too', () => {
    const config = loadConfigText(
      `name: s\ntarget: http://127.0.0.1:1\nload: { phases: [{ duration: 1s, rate: 1 }] }\nscenarios:\n  - name: a\n    steps:\n      - { get: /, headers: { cookie: "{{ c }}", x-key: "\${KEY}", x-plain: v } }\n`,
      { env: { KEY: 'k' } },
    );
    expect([...config.http.secretHeaders].sort()).toEqual(['cookie', 'x-key']);
  });
});

describe('profiles', () => {
  const text = `${MINIMAL}profiles:
  smoke:
    load:
      phases:
        - { name: quick, duration: 10s, rate: 2 }
  soak:
    load:
      model: closed
      phases:
        - { duration: 1h, vus: 10 }
`;

  test('a profile replaces the load section and is recorded', () => {
    const config = loadConfigText(text, { env: {}, profile: 'smoke' });
    expect(config.profile).toBe('smoke');
    expect(config.load.phases).toEqual([{ name: 'quick', durationMs: 10_000, rate: 2, isRamp: false }]);
    expect(loadConfigText(text, { env: {} }).load.phases).toHaveLength(2);
    expect(loadConfigText(text, { env: {}, profile: 'soak' }).load.model).toBe('closed');
  });

  test('the profile is part of the hash', () => {
    expect(loadConfigText(text, { env: {}, profile: 'smoke' }).source.hash).not.toBe(loadConfigText(text, { env: {} }).source.hash);
  });

  test('every profile is checked, even one that is not picked', () => {
    expect(() => loadConfigText(text.replace('vus: 10', 'rate: 10'), { env: {}, profile: 'smoke' })).toThrow(
      /profiles\.soak\.load\.phases\[0\]\.rate: only for the open model/,
    );
  });

  test('with profiles, the top-level load may be left out when a profile is picked', () => {
    const noLoad = text.replace(/load:\n {2}phases:\n.*\n.*\n/, '');
    expect(loadConfigText(noLoad, { env: {}, profile: 'smoke' }).load.phases).toHaveLength(1);
    expect(() => loadConfigText(noLoad, { env: {} })).toThrow(/missing "load": add one, or pick a profile \(smoke, soak\)/);
  });
});

describe('files', () => {
  test('loadConfigFile resolves feeder paths against the file directory and keeps the hash path-independent', async () => {
    const dirA = await mkdtemp(join(tmpdir(), 'perf-config-a-'));
    const dirB = await mkdtemp(join(tmpdir(), 'perf-config-b-'));
    try {
      const text = `${MINIMAL}data:\n  users: { csv: data/users.csv, order: random }\n  absolute: { csv: /srv/rows.csv }\n`;
      await writeFile(join(dirA, 'perf.yml'), text);
      await writeFile(join(dirB, 'perf.yml'), text);
      const a = await loadConfigFile(join(dirA, 'perf.yml'), { env: {} });
      const b = await loadConfigFile(join(dirB, 'perf.yml'), { env: {} });
      expect(a.data).toEqual([
        { name: 'users', csvPath: join(dirA, 'data', 'users.csv'), order: 'random' },
        { name: 'absolute', csvPath: '/srv/rows.csv', order: 'sequential' },
      ]);
      expect(a.source.file).toBe(join(dirA, 'perf.yml'));
      expect(a.source.hash).toBe(b.source.hash);
    } finally {
      await rm(dirA, { recursive: true, force: true });
      await rm(dirB, { recursive: true, force: true });
    }
  });

  test('a missing file is a ConfigError naming it', async () => {
    await expect(loadConfigFile('/nonexistent/perf.yml', { env: {} })).rejects.toMatchObject({
      code: 'PA_CONFIG',
      problems: ['config file not found: /nonexistent/perf.yml'],
    });
  });

  test('errors in a file name the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-config-'));
    try {
      await writeFile(join(dir, 'perf.yml'), MINIMAL.replace('rate: 50', 'rate: fifty'));
      await expect(loadConfigFile(join(dir, 'perf.yml'), { env: {} })).rejects.toMatchObject({
        problems: ['load.phases[1].rate: expected a number ≥ 0 and ≤ 1000000, got "fifty" (perf.yml:6)'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a target given outside the file (--target, target-url)', () => {
  const TEXT = `name: shop
target: \${PREVIEW_URL}
load:
  phases:
    - { duration: 1m, rate: 5 }
`;

  test('replaces the file’s target, whose variable then needs no value', () => {
    const config = loadConfigText(TEXT, { env: {}, target: 'https://pr-1.preview.example.com' });
    expect(config.target).toBe('https://pr-1.preview.example.com');
  });

  test('is taken as written, not interpolated', () => {
    expect(loadConfigText(TEXT, { env: { X: 'no' }, target: 'https://a.example.com/$${X}' }).target).toBe('https://a.example.com/$${X}');
  });

  test('is checked like a target from the file', () => {
    expect(() => loadConfigText(TEXT, { env: {}, target: 'ftp://x' })).toThrow(/target: expected an absolute http/);
  });

  test('without it the unset variable is still an error naming the field', () => {
    expect(() => loadConfigText(TEXT, { env: {} })).toThrow(/target: environment variable PREVIEW_URL is not set/);
  });
});
