import { describe, expect, test } from 'vitest';
import { checkLimits } from '../../src/config/limits.js';
import { loadConfigText } from '../../src/config/load.js';
import { LimitError } from '../../src/errors.js';

const config = (target: string, steps = '      - { name: home, get: / }\n', load = '    - { duration: 10s, rate: 5, rampTo: 50 }\n    - { duration: 50s, rate: 50 }\n') =>
  loadConfigText(`name: s\ntarget: ${target}\nload:\n  phases:\n${load}scenarios:\n  - name: a\n    steps:\n${steps}`, { env: {} });

function violations(run: () => void): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).code).toBe('PA_LIMIT');
    return (error as LimitError).problems;
  }
  return [];
}

describe('checkLimits', () => {
  test('within every limit: no error', () => {
    expect(violations(() => checkLimits(config('https://pr-12.preview.example.com'), { allowedHosts: ['*.example.com'], maxRate: 50, maxDurationMs: 60_000 }))).toEqual([]);
    expect(violations(() => checkLimits(config('http://127.0.0.1:8080'), {}))).toEqual([]);
  });

  test('exact hosts, host:port and wildcards', () => {
    const allowed = ['api.example.com', 'localhost:8080', '*.preview.example.org', '::1'];
    expect(violations(() => checkLimits(config('https://API.example.com/x'), { allowedHosts: allowed }))).toEqual([]);
    expect(violations(() => checkLimits(config('http://localhost:8080'), { allowedHosts: allowed }))).toEqual([]);
    expect(violations(() => checkLimits(config('http://[::1]:9000'), { allowedHosts: allowed }))).toEqual([]);
    expect(violations(() => checkLimits(config('https://a.b.preview.example.org'), { allowedHosts: allowed }))).toEqual([]);
    expect(violations(() => checkLimits(config('http://localhost:9090'), { allowedHosts: allowed }))).toEqual([
      'target: host "localhost:9090" is not an allowed host (allowed: api.example.com, localhost:8080, *.preview.example.org, ::1)',
    ]);
    // A wildcard covers subdomains, not the apex, and not look-alike suffixes.
    expect(violations(() => checkLimits(config('https://preview.example.org'), { allowedHosts: allowed }))).toHaveLength(1);
    expect(violations(() => checkLimits(config('https://evilpreview.example.org'), { allowedHosts: allowed }))).toHaveLength(1);
    expect(violations(() => checkLimits(config('https://api.example.com.evil.net'), { allowedHosts: allowed }))).toHaveLength(1);
  });

  test('absolute step URLs to other hosts, and URLs starting with a template, are violations', () => {
    const steps = [
      '      - { name: home, get: / }',
      '      - { name: same, get: "https://api.example.com/v2" }',
      '      - { name: other, post: "https://collector.evil.net/x" }',
      '      - { name: templated, get: "{{ nextUrl }}" }',
      '      - { name: templated host, get: "https://{{ host }}/x" }',
    ].join('\n') + '\n';
    expect(violations(() => checkLimits(config('https://api.example.com', steps), { allowedHosts: ['api.example.com'] }))).toEqual([
      'scenarios[0].steps[2] (other): host "collector.evil.net" is not an allowed host (allowed: api.example.com)',
      'scenarios[0].steps[3] (templated): the URL starts with a template, so its host cannot be checked against the allowed hosts; start it with "/" or a fixed https://host',
      'scenarios[0].steps[4] (templated host): the host of "https://{{ host }}/x" cannot be checked against the allowed hosts',
    ]);
  });

  test('rate and duration limits name each phase and field', () => {
    expect(violations(() => checkLimits(config('http://127.0.0.1:1'), { maxRate: 40, maxDurationMs: 30_000, allowedHosts: [] }))).toEqual([
      'target: host "127.0.0.1:1" is not an allowed host (allowed: none)',
      'load.phases[0].rampTo (phase-1): 50 req/s is above the allowed maximum of 40 req/s',
      'load.phases[1].rate (phase-2): 50 req/s is above the allowed maximum of 40 req/s',
      'load.phases: the run lasts 60s, above the allowed maximum of 30s',
    ]);
  });

  test('relative URLs that URL parsing turns into another host are violations', () => {
    const steps = [
      '      - { name: plain, get: /items }',
      '      - { name: backslash, get: "/\\\\127.0.0.2:9/x" }',
      '      - { name: tab, get: "/\\t/127.0.0.2:9/x" }',
      '      - { name: newline, get: "/a\\n/b" }',
      '      - { name: templated path, get: "/items/{{ id }}" }',
    ].join('\n') + '\n';
    const problems = violations(() => checkLimits(config('http://127.0.0.1:8080', steps), { allowedHosts: ['127.0.0.1:8080'] }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['scenarios[0].steps[1] (backslash)', 'scenarios[0].steps[2] (tab)', 'scenarios[0].steps[3] (newline)']);
    expect(problems[0]).toContain('backslash or a control character');
  });

  test('max-rate leaves the closed model to the engine, which throttles it', () => {
    const closed = loadConfigText(
      'name: s\ntarget: http://127.0.0.1:1\nload:\n  model: closed\n  phases:\n    - { duration: 10s, vus: 10 }\nscenarios:\n  - name: a\n    steps:\n      - { name: home, get: / }\n',
      { env: {} },
    );
    expect(violations(() => checkLimits(closed, { maxRate: 5 }))).toEqual([]);
  });
});
