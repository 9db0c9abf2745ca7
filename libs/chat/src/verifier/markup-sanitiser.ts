import { scanQuotes } from '@parley/text';

// A poisoned passage or a manipulated model may emit markup, links or addresses; answers are plain text.
const ACTIVE_ELEMENT = /<(script|style|iframe|object|embed|svg|math|template|noscript)\b[\s\S]*?<\/\1\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const UNCLOSED_TAG = /<\/?[A-Za-z][^<>\n]*$/gm;
const MARKDOWN_IMAGE = /!\[[^\]\n]*\]\([^)\n]*\)/g;
const MARKDOWN_LINK = /\[([^\]\n]*)\]\([^)\n]*\)/g;
const URL = /(?:\b(?:https?|ftp|file|javascript|vbscript|data|mailto):|\bwww\.)[^\s<>"“”‘’[\]]+/giu;

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

/** The addresses (URLs, `www.` hosts, script and data URIs) in `text`, without trailing punctuation. */
export function findUrls(text: string): string[] {
  return [...text.matchAll(URL)].map((m) => trimUrl(m[0]));
}

/** `text` without the addresses `keep` rejects, tidied where something was cut. */
export function removeUrls(text: string, keep: (url: string) => boolean): { text: string; removed: boolean } {
  let removed = false;
  const out = text.replace(URL, (whole) => {
    const url = trimUrl(whole);
    if (keep(url)) return whole;
    removed = true;
    return whole.slice(url.length);
  });
  return { text: removed ? tidy(out) : out, removed };
}

function trimUrl(url: string): string {
  return url.replace(/[.,;:!?)\]'’]+$/, '');
}

/** Collapses the gaps and orphaned punctuation left where words were cut out. */
export function tidy(text: string): string {
  return text
    .replace(/\(\s*\)/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,;:!?])/g, '$1');
}

/**
 * Prepares a draft for reading: markup stripped everywhere; outside quotations, unmatched double
 * quotation marks and addresses `knownUrl` rejects removed. Repeated until nothing changes, since one
 * removal can pair up marks or form a tag that was not there before; so sentence boundaries are
 * decided on the text the answer will show.
 */
export function sanitiseDraft(draft: string, knownUrl: (url: string) => boolean): string {
  let previous: string;
  let text = draft.replace(/\r\n?/g, '\n');
  do {
    previous = text;
    text = stripMarkup(text);
    let out = '';
    let at = 0;
    for (const q of scanQuotes(text)) {
      out += cleanOutside(text.slice(at, q.start), knownUrl) + text.slice(q.start, q.end);
      at = q.end;
    }
    text = out + cleanOutside(text.slice(at), knownUrl);
  } while (text !== previous);
  return text;
}

function cleanOutside(text: string, knownUrl: (url: string) => boolean): string {
  const unquoted = text.replace(/[“”"«»]/g, '');
  return removeUrls(unquoted, knownUrl).text;
}
