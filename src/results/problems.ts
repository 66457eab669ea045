// The problem collector the results, history and verdict readers share: each check names the JSON
// path, what was expected and what was found. It keeps the first problems and counts the rest, so
// a huge malformed file costs bounded memory to report.

import { inspectEncodedHistogram } from './histogram.js';

type Json = Record<string, unknown>;

/** Problems kept in full; beyond these only the count grows. */
const KEPT = 100;

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly optional?: boolean;
}

export class Problems {
  readonly list: string[] = [];
  private extra = 0;

  get count(): number {
    return this.list.length + this.extra;
  }
  push(text: string): void {
    if (this.list.length < KEPT) this.list.push(text);
    else this.extra++;
  }
  add(path: string, expected: string, found: unknown): void {
    if (this.list.length >= KEPT) {
      this.extra++;
      return;
    }
    // JSON.stringify gives undefined for functions and symbols; JSON never holds those, but a
    // caller's value might, and "(undefined)" helps no one.
    const json = found === undefined ? undefined : JSON.stringify(found);
    const shown = found === undefined ? 'nothing' : (json ?? String(found)).slice(0, 60);
    this.push(`${path}: expected ${expected}, got ${shown}`);
  }
  object(value: unknown, path: string): Json | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.add(path, 'an object', value);
    return undefined;
  }
  string(value: unknown, path: string, optional = false): void {
    if (optional && value === undefined) return;
    if (typeof value !== 'string') this.add(path, 'a string', value);
  }
  /** True when the value passed. */
  number(value: unknown, path: string, rule: NumberRule = {}): value is number {
    if (rule.optional && value === undefined) return false;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.max === undefined || value <= rule.max) &&
      (!rule.integer || Number.isInteger(value));
    if (!ok) {
      const bounds = [rule.min === undefined ? '' : ` ≥ ${rule.min}`, rule.max === undefined ? '' : ` ≤ ${rule.max}`].filter(Boolean).join(' and');
      this.add(path, `${rule.integer ? 'an integer' : 'a number'}${bounds}`, value);
    }
    return ok;
  }
  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.add(path, 'true or false', value);
  }
  array(value: unknown, path: string, length?: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.add(path, length === undefined ? 'an array' : `an array of ${length}`, value);
      return undefined;
    }
    if (length !== undefined && value.length !== length) {
      this.push(`${path}: expected ${length} entries (one per second), got ${value.length}`);
      return undefined;
    }
    return value;
  }
  /** Per-second counts; returns them when every one passed, for checks across series. */
  counts(value: unknown, path: string, length: number, max: number): number[] | undefined {
    const items = this.array(value, path, length);
    if (!items) return undefined;
    let ok = true;
    items.forEach((item, i) => {
      if (!this.number(item, `${path}[${i}]`, { min: 0, max, integer: true })) ok = false;
    });
    return ok ? (items as number[]) : undefined;
  }
  /** One encoded histogram or null, fully checked; returns its count (0 for null), or undefined when bad. */
  histogram(value: unknown, path: string, maxCount: number): number | undefined {
    if (value === null) return 0;
    if (typeof value !== 'string') {
      this.add(path, 'an encoded histogram (base64) or null', value);
      return undefined;
    }
    const inspected = inspectEncodedHistogram(value, maxCount);
    if ('problem' in inspected) {
      this.push(`${path}: not a histogram this tool writes: ${inspected.problem}`);
      return undefined;
    }
    return inspected.totalCount;
  }
  /** Per-second histograms; returns the sum of their counts, or undefined when any is bad. */
  histograms(value: unknown, path: string, length: number, maxPerSecond: number): number | undefined {
    const items = this.array(value, path, length);
    if (!items) return undefined;
    let total: number | undefined = 0;
    items.forEach((item, i) => {
      const count = this.histogram(item, `${path}[${i}]`, maxPerSecond);
      total = count === undefined || total === undefined ? undefined : total + count;
    });
    return total;
  }
}
