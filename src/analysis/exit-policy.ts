// The exit policy shared by the CLI and the action: only a `fail` that fail-on names fails the job
// (verdicts are three-way); inconclusive never does. Parsing of the fail-on text lives here too,
// so both edges accept exactly the same spellings.

import { UsageError } from '../errors.js';
import { EXIT_CODES } from '../errors.js';
import type { Verdict } from './types.js';

export type FailOnKind = 'slo' | 'regression';

/** Accepts "slo,regression" (either order, spaces allowed), "slo", "regression" or "none". */
export function parseFailOn(text: string, source = '--fail-on'): ReadonlySet<FailOnKind> {
  const words = text
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length > 0);
  if (words.length === 1 && words[0] === 'none') return new Set();
  const kinds = new Set<FailOnKind>();
  for (const word of words) {
    if (word !== 'slo' && word !== 'regression') {
      throw new UsageError(`${source}: expected "slo", "regression", "slo,regression" or "none", got "${text}"`);
    }
    kinds.add(word);
  }
  if (kinds.size === 0) throw new UsageError(`${source}: expected "slo", "regression", "slo,regression" or "none", got "${text}"`);
  return kinds;
}

/** True when the verdict fails something that fail-on names. */
export function verdictFails(verdict: Pick<Verdict, 'slo' | 'regression'>, failOn: ReadonlySet<FailOnKind>): boolean {
  return (failOn.has('slo') && verdict.slo === 'fail') || (failOn.has('regression') && verdict.regression === 'fail');
}

export function exitCodeForVerdict(verdict: Pick<Verdict, 'slo' | 'regression'>, failOn: ReadonlySet<FailOnKind>): number {
  return verdictFails(verdict, failOn) ? EXIT_CODES['verdict-fail'] : EXIT_CODES.ok;
}
