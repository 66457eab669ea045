// The config hash that results carry, and deep freezing. The hash is sha256 over canonical JSON
// (sorted keys) of the normalised config with secret header values replaced, and the target, the
// labels and the after-run push settings left out: a PR's preview URL and a build label change with
// every run while the test stays the same, and a secret must not be recoverable by guessing against
// its hash.

import { createHash } from 'node:crypto';
import type { PerfConfig } from './types.js';

export const SECRET_PLACEHOLDER = '<secret>';

type Hashable = Omit<PerfConfig, 'source'>;

export function configHash(config: Hashable, options: { readonly csvPathsAsWritten?: readonly string[] } = {}): string {
  const secrets = new Set(config.http.secretHeaders.map((name) => name.toLowerCase()));
  const maskHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secrets.has(name.toLowerCase()) ? SECRET_PLACEHOLDER : value]));
  const hashed = {
    ...config,
    target: undefined,
    labels: undefined,
    environmentSecrets: undefined,
    // Where results are sent does not change the test, and the URLs are secrets.
    notify: undefined,
    exports: undefined,
    http: { ...config.http, headers: maskHeaders(config.http.headers) },
    // Absolute feeder paths differ between a laptop and a runner; the path as written does not.
    data: config.data.map((feeder, index) => ({ ...feeder, csvPath: options.csvPathsAsWritten?.[index] ?? feeder.csvPath })),
    scenarios: config.scenarios.map((scenario) => ({
      ...scenario,
      steps: scenario.steps.map((step) => (step.kind === 'request' ? { ...step, headers: maskHeaders(step.headers) } : step)),
    })),
  };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}

/** JSON with object keys sorted and undefined members dropped, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
