// Parses perf.yml text with the `yaml` package and maps field paths back to line numbers, so every
// problem can say where it is. Knows nothing of what the fields mean. Hostile input is bounded here:
// duplicate keys are found in one linear pass (yaml's own `uniqueKeys` check is quadratic: 300k keys
// took minutes), aliases are capped (billion laughs), and the value is walked once with a node and
// depth budget, since aliases can share or even contain their own anchors.

import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { FieldPath } from './problems.js';

/** Maxima of a perf.yml file as a whole: far above any real config, low enough to stay fast. */
export const MAX_CONFIG_BYTES = 256 * 1024;
export const MAX_CONFIG_NODES = 50_000;
export const MAX_CONFIG_DEPTH = 64;
/** Aliases resolved while building the value (yaml's maxAliasCount); an alias bomb stops here. */
export const MAX_CONFIG_ALIASES = 1000;

export interface ParsedYaml {
  readonly value: unknown;
  /** 1-based line of the value at `path` (or of its key when `atKey`), else of its nearest located parent. */
  lineOf(path: FieldPath, atKey?: boolean): number | undefined;
  /** YAML syntax errors, each with its line, already worded for users. */
  readonly syntaxErrors: readonly { readonly message: string; readonly line?: number }[];
}

const FLOW_HINT =
  ' (inside { … } or [ … ], a value that holds [ ] { } , ": " or ${VAR} must be quoted, e.g. { id: "$.items[0].id", rate: "${RATE}" })';

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const syntaxErrors: { message: string; line?: number }[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    syntaxErrors.push({ message: `the file is ${bytes} bytes, above the maximum of ${MAX_CONFIG_BYTES} bytes for a config` });
    return { value: undefined, lineOf: () => undefined, syntaxErrors };
  }
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  // One mistake usually sets off a cascade of follow-on errors on the lines after it, so only the
  // first is reported; fixing it reveals the next real one.
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    const firstLine = first.message.split('\n')[0] ?? first.message;
    const sourceLine = text.split(/\r?\n/)[line - 1] ?? '';
    const flow = /[{[]/.test(sourceLine) ? FLOW_HINT : '';
    syntaxErrors.push({ message: `YAML syntax: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}${flow}`, line });
  }
  if (syntaxErrors.length === 0) checkKeys(doc, (message, node) => syntaxErrors.push({ message, ...lineAt(node) }));
  let value: unknown;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
    } catch (error) {
      // yaml's answer to an alias bomb ("Excessive alias count"); anything else is a bug to report.
      if (!(error instanceof ReferenceError)) throw error;
      syntaxErrors.push({ message: `YAML: aliases expand too far (more than the maximum of ${MAX_CONFIG_ALIASES} resolved)` });
    }
  }
  if (syntaxErrors.length === 0) {
    const tooBig = measure(value);
    if (tooBig) syntaxErrors.push({ message: tooBig });
  }
  if (syntaxErrors.length > 0) value = undefined;

  function lineAt(node: unknown): { line?: number } {
    const line = offsetLine(node);
    return line === undefined ? {} : { line };
  }

  function lineOf(path: FieldPath, atKey = false): number | undefined {
    let node: unknown = doc.contents;
    let line = offsetLine(node);
    for (let index = 0; index < path.length; index++) {
      const part = path[index]!;
      const isLast = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(part));
        if (!pair) return line;
        if (isLast && atKey) return offsetLine(pair.key) ?? line;
        node = pair.value;
        line = offsetLine(pair.value) ?? offsetLine(pair.key) ?? line;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        line = offsetLine(node) ?? line;
      } else {
        return line;
      }
    }
    return line;
  }

  function offsetLine(node: unknown): number | undefined {
    if (!isNode(node)) return undefined;
    const range = (node as Node).range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  }

  return { value, lineOf, syntaxErrors };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return scalarKey(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** The property name toJS gives a scalar key (null and ~ become ""). */
function scalarKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Duplicate keys (one Set per map: linear) and keys that are not plain scalars, each with its node. */
function checkKeys(doc: Document.Parsed, report: (message: string, node: unknown) => void): void {
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (isCollection(pair.key) || isAlias(pair.key)) {
          report('YAML: a key must be plain text, not a list, map or alias', pair.key);
          continue;
        }
        const text = isScalar(pair.key) ? scalarKey(pair.key.value) : scalarKey(pair.key);
        if (seen.has(text)) report(`YAML: duplicate key ${JSON.stringify(text)}`, pair.key);
        seen.add(text);
      }
    },
  });
}

/**
 * One walk over the built value with a node and depth budget. Aliases make it a graph, not a tree:
 * a shared anchor counts each time it is reached, and one inside its own anchor is a cycle, which
 * the depth budget ends.
 */
function measure(root: unknown): string | undefined {
  // Counted when pushed, so the stack itself never outgrows the budget.
  let nodes = 1;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_CONFIG_DEPTH) return `YAML: nested deeper than ${MAX_CONFIG_DEPTH} levels (or an alias used inside its own anchor)`;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    nodes += children.length;
    if (nodes > MAX_CONFIG_NODES) return `YAML: more than ${MAX_CONFIG_NODES} values (each use of an alias counts); that is the maximum for a config`;
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}
