// The variables one virtual user (closed model) or one in-flight slot (open model) sees while it runs
// an iteration: values captured by earlier steps, and one row per data feeder, picked when the
// iteration begins. Templates read it; captures write it. Resetting is a Map.clear() and one pick per
// feeder, so it is cheap enough to do before every iteration. Feeders themselves (the rows) are
// loaded once and shared by every scope; see feeder.ts.

import type { UniformSource } from './rng.js';

/** A feeder row: column name → value. Shared and frozen; never copied per iteration. */
export type FeederRow = Readonly<Record<string, string>>;

/** What a scope needs from a feeder: a row per iteration, sequential or random. */
export interface RowSource {
  readonly name: string;
  pick(source: UniformSource): FeederRow;
}

export class VarScope {
  private readonly captured = new Map<string, unknown>();
  private readonly feeders: readonly RowSource[];
  private readonly feederIndex = new Map<string, number>();
  /** The row of each feeder for the current iteration; undefined before the first iteration. */
  private readonly rows: (FeederRow | undefined)[];

  constructor(feeders: readonly RowSource[] = []) {
    this.feeders = feeders;
    this.rows = new Array<FeederRow | undefined>(feeders.length).fill(undefined);
    feeders.forEach((feeder, index) => this.feederIndex.set(feeder.name, index));
  }

  /** Forgets the previous iteration's captures and picks one row from every feeder. */
  beginIteration(rng: UniformSource): void {
    this.captured.clear();
    for (let i = 0; i < this.feeders.length; i++) this.rows[i] = this.feeders[i]!.pick(rng);
  }

  /** Stores a captured value; JSON captures keep their type (a number stays a number). */
  set(name: string, value: unknown): void {
    this.captured.set(name, value);
  }

  /** The captured value, or undefined when no earlier step of this iteration captured it. */
  get(name: string): unknown {
    return this.captured.get(name);
  }

  /** The current row's value of `feeder.column`, or undefined (unknown feeder or column, or no row yet). */
  column(feeder: string, column: string): string | undefined {
    const index = this.feederIndex.get(feeder);
    if (index === undefined) return undefined;
    const row = this.rows[index];
    return row === undefined ? undefined : row[column];
  }

  /** Whether a feeder of this name exists (for messages that tell a missing row from a missing feeder). */
  hasFeeder(feeder: string): boolean {
    return this.feederIndex.has(feeder);
  }
}
