// Parses perf.yml text with the `yaml` package and maps field paths back to line numbers, so every
// problem can say where it is. Knows nothing of what the fields mean.

import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { FieldPath } from './problems.js';

export interface ParsedYaml {
  readonly value: unknown;
  /** 1-based line of the value at `path` (or of its key when `atKey`), else of its nearest located parent. */
  lineOf(path: FieldPath, atKey?: boolean): number | undefined;
  /** YAML syntax errors, each with its line, already worded for users. */
  readonly syntaxErrors: readonly { readonly message: string; readonly line: number }[];
}

const FLOW_HINT =
  ' (inside { … } or [ … ], a value that holds [ ] { } , ": " or ${VAR} must be quoted, e.g. { id: "$.items[0].id", rate: "${RATE}" })';

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors: { message: string; line: number }[] = [];
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
  const value: unknown = syntaxErrors.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;

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
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
