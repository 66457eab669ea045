// Escaping for every string that comes from outside (endpoint names, URLs, error messages, labels,
// commit refs) before it goes into Markdown or HTML. GitHub renders comments as GFM with inline HTML
// allowed, so text is HTML-escaped first and then Markdown punctuation is neutralised; mentions get
// an entity for "@" so nobody is pinged. Formatting numbers is format.ts's job.

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

/**
 * Inline Markdown text, safe in a table cell, a heading or a list item: no HTML, no table break,
 * no links or images, no emphasis or code spans, no mentions or issue refs, on one line.
 * Characters become numeric entities, which GFM decodes back to the same visible text.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = text.replace(/\r\n|[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  // Parentheses and "!" mean nothing once "[" and "]" are entities; ":" only matters in "://" autolinks.
  const entities = oneLine.replace(/[&<>"|`\\[\]*_~#@]|:(?=\/\/)/g, (ch) => `&#${ch.charCodeAt(0)};`);
  // GitHub finds mentions and issue refs in the rendered text, where entities are already decoded:
  // a zero-width joiner after "@" (and "#" before a digit) keeps "@team" from pinging anyone.
  return entities.replace(/&#64;/g, '&#64;\u200d').replace(/&#35;(?=\d)/g, '&#35;\u200d');
}

/** A URL for a Markdown link: only http(s), with characters that could end the link percent-encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()<>\s"'`|[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A Markdown link, or just the escaped text when the URL is not safe. */
export function markdownLink(text: string, url: string | undefined): string {
  const safe = safeUrl(url);
  return safe === undefined ? escapeMarkdown(text) : `[${escapeMarkdown(text)}](${safe})`;
}

/** Text inside a Mermaid quoted string: no quotes, no newlines, no HTML. */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/["\r\n`<>&;#]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** JSON for a <script type="application/json"> block: `<`, `>`, `&` and line separators become \u escapes so "</script>" or "<!--" cannot end it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
