// A JSONPath subset (after Goessner's 2007 JSONPath and RFC 9535), compiled once: `$`, `.name`,
// `['name']` / `["name"]`, `[0]`, `[-1]` (from the end), `.*` / `[*]`, and descent `..name` / `..*` /
// `..[0]`. No filters, slices, unions or scripts: a path the subset cannot read is a syntax error that
// names the position. A path without `*` or `..` is definite (at most one match) and is walked by a
// loop with no allocation. Captures take the first match; expectations compare all matches.

import { TemplateSyntaxError } from './template-expression.js';

type Selector =
  | { readonly kind: 'key'; readonly key: string; readonly descend: boolean }
  | { readonly kind: 'index'; readonly index: number; readonly descend: boolean }
  | { readonly kind: 'wildcard'; readonly descend: boolean };

/** Returned by `first()` when nothing matches (undefined is not a JSON value, but be explicit). */
export const NOT_FOUND: unique symbol = Symbol('JSONPath: not found');

export interface CompiledJsonPath {
  readonly source: string;
  /** No wildcard or descent: the path names at most one value. */
  readonly isDefinite: boolean;
  /** The first match in document order, or NOT_FOUND. */
  first(root: unknown): unknown;
  /** Every match in document order (empty when none). */
  all(root: unknown): unknown[];
}

const NAME_CHAR = /[^\s.[\]'"*()?@,]/;

/** Compiles `path`; throws TemplateSyntaxError naming the problem and its position. */
export function compileJsonPath(path: string): CompiledJsonPath {
  const fail = (problem: string, at: number): never => {
    throw new TemplateSyntaxError(`JSONPath ${JSON.stringify(path)}: ${problem} at position ${at}`);
  };
  if (path[0] !== '$') fail('expected "$" at the start', 0);
  const selectors: Selector[] = [];
  let pos = 1;
  const readName = (): string => {
    const start = pos;
    while (pos < path.length && NAME_CHAR.test(path[pos]!)) pos++;
    if (pos === start) fail(`expected a name, got ${pos < path.length ? JSON.stringify(path[pos]) : 'the end'}`, pos);
    return path.slice(start, pos);
  };
  const readBracket = (descend: boolean): Selector => {
    const open = pos;
    pos++; // '['
    let selector: Selector;
    const quote = path[pos];
    if (quote === "'" || quote === '"') {
      let key = '';
      pos++;
      while (pos < path.length && path[pos] !== quote) {
        if (path[pos] === '\\' && pos + 1 < path.length) pos++;
        key += path[pos++];
      }
      if (pos >= path.length) fail(`unclosed ${quote} of the name that starts`, open + 1);
      pos++;
      selector = { kind: 'key', key, descend };
    } else if (path[pos] === '*') {
      pos++;
      selector = { kind: 'wildcard', descend };
    } else {
      const digits = /^-?\d+/.exec(path.slice(pos));
      if (!digits) fail(`expected an index, '*' or a quoted name after "["${path.slice(pos).startsWith('?') ? ' (filters are not supported)' : ''}`, pos);
      pos += digits![0].length;
      selector = { kind: 'index', index: Number(digits![0]), descend };
    }
    if (path[pos] !== ']') fail(`expected "]"${path[pos] === ',' || path[pos] === ':' ? ' (unions and slices are not supported)' : ''}`, pos);
    pos++;
    return selector;
  };
  while (pos < path.length) {
    const char = path[pos];
    if (char === '[') {
      selectors.push(readBracket(false));
    } else if (char === '.') {
      const descend = path[pos + 1] === '.';
      pos += descend ? 2 : 1;
      if (path[pos] === '*') {
        pos++;
        selectors.push({ kind: 'wildcard', descend });
      } else if (descend && path[pos] === '[') {
        selectors.push(readBracket(true));
      } else {
        selectors.push({ kind: 'key', key: readName(), descend });
      }
    } else {
      fail(`unexpected ${JSON.stringify(char)}; expected ".", ".." or "["`, pos);
    }
  }
  return new JsonPath(path, selectors);
}

class JsonPath implements CompiledJsonPath {
  readonly isDefinite: boolean;
  constructor(
    readonly source: string,
    private readonly selectors: readonly Selector[],
  ) {
    this.isDefinite = selectors.every((selector) => selector.kind !== 'wildcard' && !selector.descend);
  }

  first(root: unknown): unknown {
    if (this.isDefinite) {
      let node = root;
      for (const selector of this.selectors) {
        node = child(node, selector);
        if (node === NOT_FOUND) return NOT_FOUND;
      }
      return node;
    }
    let found: unknown = NOT_FOUND;
    visit(root, this.selectors, 0, (value) => {
      found = value;
      return true;
    });
    return found;
  }

  all(root: unknown): unknown[] {
    const matches: unknown[] = [];
    visit(root, this.selectors, 0, (value) => {
      matches.push(value);
      return false;
    });
    return matches;
  }
}

/** One definite step: the member or element, or NOT_FOUND. */
function child(node: unknown, selector: Selector): unknown {
  if (node === null || typeof node !== 'object') return NOT_FOUND;
  if (selector.kind === 'key') {
    if (Array.isArray(node) || !Object.hasOwn(node, selector.key)) return NOT_FOUND;
    return (node as Record<string, unknown>)[selector.key];
  }
  if (selector.kind === 'index') {
    if (!Array.isArray(node)) return NOT_FOUND;
    const index = selector.index < 0 ? node.length + selector.index : selector.index;
    return index >= 0 && index < node.length ? node[index] : NOT_FOUND;
  }
  return NOT_FOUND;
}

/** Walks the selectors from `index`; `emit` returns true to stop. Returns true once stopped. */
function visit(node: unknown, selectors: readonly Selector[], index: number, emit: (value: unknown) => boolean): boolean {
  if (index === selectors.length) return emit(node);
  const selector = selectors[index]!;
  if (selector.descend) return descend(node, selectors, index, emit);
  return select(node, selector, selectors, index, emit);
}

function select(node: unknown, selector: Selector, selectors: readonly Selector[], index: number, emit: (value: unknown) => boolean): boolean {
  if (selector.kind === 'wildcard') {
    if (node === null || typeof node !== 'object') return false;
    const values = Array.isArray(node) ? node : Object.values(node);
    for (const value of values) if (visit(value, selectors, index + 1, emit)) return true;
    return false;
  }
  const value = child(node, selector);
  return value === NOT_FOUND ? false : visit(value, selectors, index + 1, emit);
}

/** `..selector`: apply the selector to this node, then to every descendant, in document order. */
function descend(node: unknown, selectors: readonly Selector[], index: number, emit: (value: unknown) => boolean): boolean {
  if (select(node, selectors[index]!, selectors, index, emit)) return true;
  if (node === null || typeof node !== 'object') return false;
  const values = Array.isArray(node) ? node : Object.values(node);
  for (const value of values) if (descend(value, selectors, index, emit)) return true;
  return false;
}
