import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeMermaidLabel, jsonForScript, markdownLink, safeUrl } from '../../src/report/escape.js';
import { parseGfm, nodesOfType, tables, textOf } from './gfm.js';

describe('escapeMarkdown', () => {
  const hostile = ['<img src=x onerror=alert(1)>', 'a | b', '@team and @octocat/reviewers', '`code`', '[x](https://evil.example)', '![i](https://evil.example/i.png)', '<!-- hide', '**bold** _em_ ~~s~~', 'line\nbreak\r\nand more', 'issue #12', '\\| escaped pipe'];

  it('keeps every hostile string inside one table cell and reads back as the same text', () => {
    const markdown = ['| name | n |', '|---|---|', ...hostile.map((text) => `| ${escapeMarkdown(text)} | 1 |`)].join('\n');
    const root = parseGfm(markdown);
    const [table] = tables(root);
    expect(table).toHaveLength(hostile.length + 1);
    for (const row of table?.slice(1) ?? []) expect(row).toHaveLength(2);
    const expected = hostile.map((text) => text.replace(/\r\n|\n/g, ' ').replace(/@/g, '@\u200d').replace(/#(?=\d)/g, '#\u200d'));
    expect(table?.slice(1).map((row) => row[0])).toEqual(expected);
    expect(nodesOfType(root, 'html')).toEqual([]);
    // A bare URL may be autolinked by GFM, but only ever showing itself: no text can disguise a link.
    for (const link of nodesOfType(root, 'link')) expect(link.type === 'link' && link.url).toBe(textOf(link));
    expect(nodesOfType(root, 'image')).toEqual([]);
    expect(nodesOfType(root, 'inlineCode')).toEqual([]);
    expect(nodesOfType(root, 'strong')).toEqual([]);
    expect(nodesOfType(root, 'emphasis')).toEqual([]);
    expect(nodesOfType(root, 'delete')).toEqual([]);
  });

  it('breaks mentions and issue refs in the rendered text', () => {
    const text = textOf(parseGfm(escapeMarkdown('ping @team about #12')));
    expect(text).not.toMatch(/@\w/);
    expect(text).not.toMatch(/#\d/);
  });
});

describe('other escapes', () => {
  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('keeps only http(s) URLs and percent-encodes what could end a link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://example.test/a b)c')).toBe('https://example.test/a%20b%29c');
    expect(markdownLink('report', 'data:text/html,x')).toBe('report');
    expect(markdownLink('report', 'https://example.test/r')).toBe('[report](https://example.test/r)');
  });
  it('keeps Mermaid labels inside their quotes', () => {
    expect(escapeMermaidLabel('a "quoted"\nname <b>')).toBe('a quoted name b');
  });
  it('writes JSON a script block cannot be closed by', () => {
    expect(jsonForScript({ a: '</script>&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
  });
});
