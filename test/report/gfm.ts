// Test helper: parses Markdown as GitHub does (GFM tables, autolinks) with mdast-util-from-markdown and
// gives back tables as rows of cell text, links, and HTML nodes, so tests can check content, not bytes.

import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Root, Table } from 'mdast';

export function parseGfm(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

export function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child as Nodes, visit);
}

export function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') return node.value;
  if ('children' in node) return node.children.map((child) => textOf(child as Nodes)).join('');
  return '';
}

export function tables(root: Root): string[][][] {
  const found: string[][][] = [];
  walk(root, (node) => {
    if (node.type === 'table') found.push((node as Table).children.map((row) => row.children.map((cell) => textOf(cell))));
  });
  return found;
}

export function nodesOfType(root: Root, type: Nodes['type']): Nodes[] {
  const found: Nodes[] = [];
  walk(root, (node) => {
    if (node.type === type) found.push(node);
  });
  return found;
}
