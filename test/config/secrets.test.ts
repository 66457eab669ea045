// Which values of a loaded perf.yml count as the run's secrets: secret header values at both levels,
// their credentials, the ${ENV} values in them, URL userinfo and secret query parameters; short
// values and templated parts left out; never in the config hash.
import { describe, expect, test } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { quickConfig } from '../../src/config/quick.js';
import { headerSecrets, MIN_SECRET_LENGTH, rawSecretsOf, secretsOf, urlSecrets } from '../../src/config/secrets.js';

const BASE = `name: shop
target: http://127.0.0.1:8080/app
load:
  phases:
    - { duration: 10s, rate: 5 }
`;

const load = (yaml: string, env: Record<string, string> = {}) => loadConfigText(BASE + yaml, { env });

describe('secretsOf a loaded config', () => {
  test('a step-level Authorization from ${API_TOKEN} gives the whole value, the token and nothing of "Bearer"', () => {
    const config = load(
      `scenarios:
  - name: s
    steps:
      - get: /items
        headers: { Authorization: "Bearer \${API_TOKEN}" }
`,
      { API_TOKEN: 'tok-step-7f3a9c' },
    );
    const secrets = rawSecretsOf(config);
    expect(secrets).toContain('Bearer tok-step-7f3a9c');
    expect(secrets).toContain('tok-step-7f3a9c');
    expect(secrets).not.toContain('Bearer');
  });

  test('http.headers: named secret headers, any ${ENV} header, and the ${ENV} value inside a longer value', () => {
    const config = load(
      `http:
  headers:
    x-api-key: literal-key-123
    X-Build: \${BUILD_TOKEN}
    Cookie: "session=\${SESSION}; theme=dark"
    Accept: application/json
`,
      { BUILD_TOKEN: 'build-9911', SESSION: 'sess-abcdef' },
    );
    const secrets = rawSecretsOf(config);
    expect(secrets).toEqual(expect.arrayContaining(['literal-key-123', 'build-9911', 'session=sess-abcdef; theme=dark', 'sess-abcdef']));
    expect(secrets).not.toContain('application/json');
  });

  test('a templated secret header contributes only its ${ENV} values, not its literal text', () => {
    const config = load(
      `scenarios:
  - name: s
    steps:
      - get: /a
        capture: { sid: $.id }
      - get: /b
        headers: { X-Signature: "k=\${SIGN_KEY};id={{ sid }}", Authorization: "Bearer {{ sid }}" }
`,
      { SIGN_KEY: 'sign-key-4242' },
    );
    expect(rawSecretsOf(config)).toEqual(['sign-key-4242']);
  });

  test('URL userinfo of the target and of absolute step URLs, and secret query parameters', () => {
    const config = loadConfigText(
      `name: shop
target: http://admin:hunter2%21@127.0.0.1:8080/app
load:
  phases:
    - { duration: 10s, rate: 5 }
scenarios:
  - name: s
    steps:
      - get: http://svc:svc-pass-1@127.0.0.1:8080/x?api_key=qk-778899&page=2
        query: { token: qt-112233, search: shoes }
`,
      { env: {} },
    );
    const secrets = rawSecretsOf(config);
    expect(secrets).toEqual(expect.arrayContaining(['admin:hunter2%21', 'hunter2%21', 'hunter2!', 'svc:svc-pass-1', 'svc-pass-1', 'qk-778899', 'qt-112233']));
    expect(secrets).not.toContain('shoes');
    expect(secrets).not.toContain('2');
    // The default endpoint name leaves the userinfo out, so results never carry it.
    const step = config.scenarios[0]!.steps[0]!;
    expect(step.kind === 'request' && step.name).toBe('GET http://127.0.0.1:8080/x');
  });

  test(`values shorter than ${MIN_SECRET_LENGTH} characters are left out`, () => {
    const config = load(`http:\n  headers: { Authorization: "Bearer abc", x-api-key: xyz }\n`);
    expect(rawSecretsOf(config)).toEqual(['Bearer abc']);
  });

  test('secretsOf adds JSON- and URL-escaped forms, longest first, and is memoised', () => {
    const config = load(`http:\n  headers: { Authorization: 'Bearer a"b/c+d' }\n`);
    const secrets = secretsOf(config);
    expect(secrets).toEqual(expect.arrayContaining(['a"b/c+d', 'a\\"b/c+d', 'a%22b%2Fc%2Bd']));
    for (let i = 1; i < secrets.length; i++) expect(secrets[i - 1]!.length).toBeGreaterThanOrEqual(secrets[i]!.length);
    expect(secretsOf(config)).toBe(secrets);
    expect(Object.isFrozen(secrets)).toBe(true);
  });

  test('a config without secrets has none, and quick configs read their headers too', () => {
    expect(secretsOf(load(''))).toEqual([]);
    const quick = quickConfig({ target: 'http://u:quick-pass@127.0.0.1:1/', durationMs: 1000, headers: { authorization: 'Bearer quick-token' } });
    expect(rawSecretsOf(quick)).toEqual(expect.arrayContaining(['quick-token', 'quick-pass']));
  });

  test('the ${ENV} secret values change neither the config hash nor appear in it', () => {
    const yaml = `http:\n  headers: { Authorization: "Bearer \${T}" }\n`;
    const a = load(yaml, { T: 'first-token-1' });
    const b = load(yaml, { T: 'second-token-2' });
    expect(a.environmentSecrets).toEqual(['first-token-1']);
    expect(a.source.hash).toBe(b.source.hash);
  });
});

describe('headerSecrets and urlSecrets', () => {
  test('Basic credentials are decoded to user:password and the password', () => {
    const encoded = Buffer.from('alice:wonder-land').toString('base64');
    expect(headerSecrets(`Basic ${encoded}`)).toEqual([`Basic ${encoded}`, encoded, 'alice:wonder-land', 'wonder-land']);
  });

  test('a base64 credential that does not decode to user:password is kept encoded only', () => {
    expect(headerSecrets('Basic bm9jb2xvbmhlcmU=')).toEqual(['Basic bm9jb2xvbmhlcmU=', 'bm9jb2xvbmhlcmU=']);
  });

  test('a templated userinfo or query value is not a secret; a relative URL has none', () => {
    expect(urlSecrets('http://{{ user }}@h/x?token={{ t }}')).toEqual([]);
    expect(urlSecrets('/items?page=2')).toEqual([]);
  });
});
