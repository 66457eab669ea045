// One problem found in a config: the field path, what is wrong, and (once located) the line. The
// loader collects every problem before it throws, so users fix a file in one pass.

export type FieldPath = readonly (string | number)[];

export interface Problem {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key rather than its value (unknown keys: the key itself is the mistake). */
  readonly atKey?: boolean;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `load.phases[1].rate`, `expect.json["$.id"]`; an empty path is the document itself. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (PLAIN_KEY.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text === '' ? '(top level)' : text;
}

/** A short, safe rendering of a found value for "expected …, got …". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

export class ProblemList {
  readonly items: Problem[] = [];
  add(path: FieldPath, message: string, atKey = false): void {
    this.items.push(atKey ? { path, message, atKey } : { path, message });
  }
  get size(): number {
    return this.items.length;
  }
}
