import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classifyError, statusClass } from '../../src/engine/classify-error.js';
import { saturationReasons } from '../../src/engine/saturation.js';
import { targetClassOf, targetOrigin } from '../../src/engine/target-class.js';
import { TraceIds } from '../../src/engine/trace-ids.js';
import { TOOL_VERSION } from '../../src/version.js';

const coded = (code: string, cause?: unknown): Error => Object.assign(new Error(code), { code }, cause === undefined ? {} : { cause });

describe('error classes', () => {
  test('codes map to classes, wrapped causes included', () => {
    expect(classifyError(coded('ECONNREFUSED'))).toBe('refused');
    expect(classifyError(coded('ECONNRESET'))).toBe('reset');
    expect(classifyError(coded('EPIPE'))).toBe('reset');
    expect(classifyError(coded('UND_ERR_SOCKET'))).toBe('reset');
    expect(classifyError(coded('UND_ERR_SOCKET', coded('ECONNREFUSED')))).toBe('refused');
    expect(classifyError(coded('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(classifyError(coded('UND_ERR_BODY_TIMEOUT'))).toBe('timeout');
    expect(classifyError(coded('ENOTFOUND'))).toBe('dns');
    expect(classifyError(coded('EAI_AGAIN'))).toBe('dns');
    expect(classifyError(coded('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('tls');
    expect(classifyError(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe('tls');
    expect(classifyError(new Error('x'))).toBe('other');
    expect(statusClass(404)).toBe('http4xx');
    expect(statusClass(503)).toBe('http5xx');
    expect(statusClass(302)).toBeUndefined();
  });
});

describe('target class', () => {
  test('loopback, private and public hosts', () => {
    expect(targetClassOf('http://127.0.0.1:8080/x')).toBe('loopback');
    expect(targetClassOf('http://127.9.9.9')).toBe('loopback');
    expect(targetClassOf('http://localhost:3000')).toBe('loopback');
    expect(targetClassOf('http://[::1]:3000')).toBe('loopback');
    expect(targetClassOf('http://10.1.2.3')).toBe('private');
    expect(targetClassOf('http://172.16.0.1')).toBe('private');
    expect(targetClassOf('http://172.32.0.1')).toBe('public');
    expect(targetClassOf('http://192.168.1.1')).toBe('private');
    expect(targetClassOf('http://[fd12::1]')).toBe('private');
    expect(targetClassOf('https://example.com')).toBe('public');
    expect(targetOrigin('https://user:secret@example.com:8443/a?token=1')).toBe('https://example.com:8443');
  });
});

describe('trace ids', () => {
  test('traceparent is W3C shaped, span ids are unique and match x-request-id', () => {
    const ids = new TraceIds();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const span = ids.nextSpanId();
      expect(span).toMatch(/^[0-9a-f]{16}$/);
      expect(span).not.toBe('0000000000000000');
      seen.add(span);
      expect(ids.traceparent(span)).toBe(`00-${ids.traceId}-${span}-01`);
    }
    expect(seen.size).toBe(1000);
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('saturation gates', () => {
  test('each gate fires on its own threshold', () => {
    expect(saturationReasons({ lagP99Ms: 4.9, scheduled: 10_000, missed: 10, plannedRequests: 10_000, sentWithinPlan: 9_800 })).toEqual([]);
    expect(saturationReasons({ lagP99Ms: 5.1, scheduled: 10_000, missed: 0 })).toHaveLength(1);
    expect(saturationReasons({ lagP99Ms: 0, scheduled: 10_000, missed: 11 })[0]).toContain('11 of 10000');
    expect(saturationReasons({ lagP99Ms: 0, scheduled: 10_000, missed: 0, plannedRequests: 10_000, sentWithinPlan: 9_799 })[0]).toContain('98.0 %');
  });
});

test('TOOL_VERSION equals package.json version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(TOOL_VERSION).toBe(pkg.version);
});
