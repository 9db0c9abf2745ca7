// Markup in a text that is meant to be plain: HTML (tags, comments, script-like elements), markdown images and links.
// A poisoned passage or a manipulated model may emit markup; answers and the quotes in them are plain text.
const ACTIVE_ELEMENT = /<(script|style|iframe|object|embed|svg|math|template|noscript)\b[\s\S]*?<\/\1\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const UNCLOSED_TAG = /<\/?[A-Za-z][^<>\n]*$/gm;
const MARKDOWN_IMAGE = /!\[[^\]\n]*\]\([^)\n]*\)/g;
const MARKDOWN_LINK = /\[([^\]\n]*)\]\([^)\n]*\)/g;

/**
 * Removes HTML (tags, comments, script-like elements with their content) and markdown images,
 * and replaces markdown links by their text (a link on a bare number becomes the marker `[n]`).
 * Text between tags is kept: it is then verified like any other words.
 */
export function stripMarkup(text: string): string {
  return text
    .replace(ACTIVE_ELEMENT, '')
    .replace(HTML_COMMENT, '')
    .replace(HTML_TAG, '')
    .replace(UNCLOSED_TAG, '')
    .replace(MARKDOWN_IMAGE, '')
    .replace(MARKDOWN_LINK, (_whole, label: string) =>
      /^\s*\d+\s*$/.test(label) ? `[${label.trim()}]` : label,
    );
}

/** Where `text` holds markup `stripMarkup` would remove or rewrite. */
export function markupRanges(text: string): { start: number; end: number }[] {
  const patterns = [ACTIVE_ELEMENT, HTML_COMMENT, HTML_TAG, UNCLOSED_TAG, MARKDOWN_IMAGE, MARKDOWN_LINK];
  return patterns.flatMap((re) =>
    [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
  );
}

/** True when `text` holds anything `stripMarkup` would remove. */
export function containsMarkup(text: string): boolean {
  return stripMarkup(text) !== text;
}
