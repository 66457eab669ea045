// The redactor: every occurrence masked, longest value first, the head of a cut-off secret masked,
// JSON values redacted in strings and keys but not in machine-made fields, nothing done without secrets.
import { describe, expect, test } from 'vitest';
import { redactCutText, redactDeep, redactSecrets, SECRET_MASK } from '../../src/config/redact.js';

describe('redactSecrets', () => {
  test('every occurrence is masked; the longer value first, so no tail of it is left', () => {
    const secrets = ['Bearer s3cr3t-token', 's3cr3t-token'];
    expect(redactSecrets('{"error":"invalid token Bearer s3cr3t-token"} again s3cr3t-token', secrets)).toBe(`{"error":"invalid token ${SECRET_MASK}"} again ${SECRET_MASK}`);
  });

  test('text without a secret, or a run without secrets, comes back as the same string', () => {
    const text = 'status 401';
    expect(redactSecrets(text, ['s3cr3t-token'])).toBe(text);
    expect(redactSecrets('s3cr3t-token', [])).toBe('s3cr3t-token');
  });
});

describe('redactCutText', () => {
  test('a secret cut at the end of a sample, or before "..." or "…", has its head masked', () => {
    const secrets = ['s3cr3t-token-abcdef'];
    expect(redactCutText('invalid token s3cr3t-to', secrets, 4)).toBe(`invalid token ${SECRET_MASK}`);
    expect(redactCutText('json $.error is "invalid s3cr3t-tok...", expected "ok"', secrets, 4)).toBe(`json $.error is "invalid ${SECRET_MASK}...", expected "ok"`);
    expect(redactCutText('x s3cr3…', secrets, 4)).toBe(`x ${SECRET_MASK}…`);
  });

  test('a head shorter than the minimum is left, and whole secrets are still masked', () => {
    const secrets = ['s3cr3t-token-abcdef'];
    expect(redactCutText('got s3c', secrets, 4)).toBe('got s3c');
    expect(redactCutText('a s3cr3t-token-abcdef b', secrets, 4)).toBe(`a ${SECRET_MASK} b`);
  });
});

describe('redactDeep', () => {
  test('strings and keys are masked at any depth; histograms, hashes and ids are left alone', () => {
    const value = {
      meta: { runId: 'tok-1234', configHash: 'ab-tok-1234' },
      endpoints: [{ name: 'GET /tok-1234', latency: ['HISTtok-1234=='], errorSamples: { http4xx: 'token tok-1234' } }],
      byName: { 'tok-1234': 1 },
      count: 3,
      missing: null,
    };
    expect(redactDeep(value, ['tok-1234'])).toEqual({
      meta: { runId: 'tok-1234', configHash: 'ab-tok-1234' },
      endpoints: [{ name: `GET /${SECRET_MASK}`, latency: ['HISTtok-1234=='], errorSamples: { http4xx: `token ${SECRET_MASK}` } }],
      byName: { [SECRET_MASK]: 1 },
      count: 3,
      missing: null,
    });
  });

  test('without secrets the value itself is returned', () => {
    const value = { a: 'b' };
    expect(redactDeep(value, [])).toBe(value);
  });
});
