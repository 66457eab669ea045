// Where a target host lives (loopback, private or public network), for meta.targetClass: a baseline
// taken against another class of target is not comparable. Works on the literal host; names other
// than localhost are not resolved (a DNS lookup would make the class depend on the runner).

import { isIPv4, isIPv6 } from 'node:net';
import type { TargetClass } from '../results/types.js';

export function targetClassOf(target: string): TargetClass {
  let host = new URL(target).hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (isIPv4(host)) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
    return 'public';
  }
  if (isIPv6(host)) {
    if (host === '::1') return 'loopback';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return targetClassOf(`http://${mapped[1]}`);
    const first = parseInt(host.split(':')[0] || '0', 16);
    if ((first & 0xfe00) === 0xfc00) return 'private';
    return 'public';
  }
  return 'public';
}

/** scheme://host:port only: no credentials, path or query. */
export function targetOrigin(target: string): string {
  return new URL(target).origin;
}
