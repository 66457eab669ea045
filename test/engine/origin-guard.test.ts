// The send-time host check: the same rule as checkLimits (hostAllowed), on the origins undici is
// handed; anything that is not a plain http(s) origin is refused; no list means no limit.
import { describe, expect, test } from 'vitest';
import { classifyError } from '../../src/engine/classify-error.js';
import { BlockedHostError, OriginGuard } from '../../src/engine/origin-guard.js';

describe('OriginGuard', () => {
  test('allows the listed hosts, ports and subdomains only', () => {
    const guard = new OriginGuard([' 127.0.0.1:8080 ', '*.preview.example.com', 'API.example.com']);
    expect(guard.allows('http://127.0.0.1:8080')).toBe(true);
    expect(guard.allows('http://127.0.0.1:8081')).toBe(false);
    expect(guard.allows('http://127.0.0.2:8080')).toBe(false);
    expect(guard.allows('https://pr-1.preview.example.com')).toBe(true);
    expect(guard.allows('https://preview.example.com')).toBe(false);
    expect(guard.allows('https://api.example.com')).toBe(true);
    expect(guard.allows('https://api.example.com.evil.net')).toBe(false);
    // The decision is cached; asking again gives the same answer.
    expect(guard.allows('http://127.0.0.2:8080')).toBe(false);
    expect(guard.allows('http://127.0.0.1:8080')).toBe(true);
    expect(guard.allowedList).toBe('127.0.0.1:8080, *.preview.example.com, api.example.com');
  });

  test('refuses what is not a plain http(s) origin', () => {
    const guard = new OriginGuard(['127.0.0.1:8080', 'localhost']);
    for (const origin of ['null', 'file:///etc/passwd', 'ftp://localhost', 'http://localhost/path', 'http://user@localhost', 'not a url']) {
      expect(guard.allows(origin), origin).toBe(false);
    }
  });

  test('without a list every origin is allowed; an empty list allows none', () => {
    expect(new OriginGuard(undefined).allows('http://203.0.113.9')).toBe(true);
    expect(new OriginGuard(undefined).limited).toBe(false);
    expect(new OriginGuard([]).allows('http://127.0.0.1')).toBe(false);
    expect(new OriginGuard([]).allowedList).toBe('none');
  });

  test('a refused request is classed blocked-host', () => {
    expect(classifyError(new BlockedHostError('http://127.0.0.2:9/x', 'none'))).toBe('blocked-host');
  });
});
