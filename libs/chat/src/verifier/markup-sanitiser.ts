import { scanQuotes, stripMarkup } from '@parley/text';

// A poisoned passage or a manipulated model may emit links or addresses; answers are plain text.
const URL = /(?:\b(?:https?|ftp|file|javascript|vbscript|data|mailto):|\bwww\.)[^\s<>"“”‘’[\]]+/giu;

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
