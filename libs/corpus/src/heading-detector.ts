import { countWords, spaceSeparated } from '@parley/text';
// Words that stay lower-case inside a title ("The State and Revolution", "Report on the Work of …").
const SMALL_WORDS = new Set(
  (
    'a an the and but or nor for so yet of in on at to by up as from with into onto upon over than via vs per ' +
    'off out de la le les du des von van der den und et'
  ).split(' '),
);

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|' +
  'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTH = new RegExp(`^(?:${MONTHS})\\.?$`, 'i');
// Words that may sit in a dating line besides the date itself: "January 14 (Morning)", "Old Style".
const DATE_WORDS = new Set([
  'and',
  'the',
  'of',
  'morning',
  'evening',
  'night',
  'afternoon',
  'old',
  'new',
  'style',
]);

const MAX_HEADING_WORDS = 20;
const MAX_HEADING_CHARS = 160;

// "Chapter I", "CHAPTER 2:", "Part Three", "§ 3"; then bare "II.", "1.", "4", "a)", "1)". Bare Roman numerals
// must be capitals, or "civil" and "ill" would count as numbers.
const NAMED_NUMBERING =
  /^(?:chapter|part|book|section|appendix|article|lecture|letter|speech|§)\s*(?:[ivxlc]+|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b[.:)]?/i;
const BARE_NUMBERING = /^(?:[IVXLC]+\b|\d+\b|[a-z]\))[.:)]?/;

const TRAILING_CLOSERS = /["'”’»)\]]+$/;
const LEADING_OPENERS = /^["'“‘„«([–—-]+/;

/** True when every significant word is capitalised, allowing one lapse in a title of six words or more. */
function isTitleCase(text: string): boolean {
  const ws = spaceSeparated(text);
  let lapses = 0;
  let capitals = 0;
  for (const [i, raw] of ws.entries()) {
    const w = raw.replace(LEADING_OPENERS, '');
    const first = w[0];
    if (first === undefined || !/\p{L}/u.test(first)) continue;
    if (/\p{Lu}/u.test(first)) {
      capitals++;
      continue;
    }
    const bare = w.replace(/[^\p{L}’']+$/u, '').toLowerCase();
    if (i === 0 || !SMALL_WORDS.has(bare)) lapses++;
  }
  return capitals > 0 && lapses <= (ws.length >= 6 ? 1 : 0);
}

const isAllCaps = (text: string): boolean => /\p{L}.*\p{L}/su.test(text) && !/\p{Ll}/u.test(text);

/**
 * Whether a paragraph has the shape of a heading: one short line, no sentence-final punctuation, and written
 * in Title Case, in CAPITALS, or as a numbering ("Chapter I", "II.", "1. The Eve of Revolution", "a) Nature").
 */
export function isHeadingLike(paragraph: string): boolean {
  const line = paragraph.trim();
  if (line.length === 0 || line.length > MAX_HEADING_CHARS || line.includes('\n')) return false;
  if (countWords(line) > MAX_HEADING_WORDS) return false;
  // Table rows are kept as ` | ` separated cells; they are data, not titles.
  if (line.includes(' | ')) return false;
  const numbering = NAMED_NUMBERING.exec(line) ?? BARE_NUMBERING.exec(line);
  const rest = numbering ? line.slice(numbering[0].length).trim() : line;
  if (numbering && rest.length === 0) return true;
  const bare = line.replace(TRAILING_CLOSERS, '');
  // A final stop ends a sentence, unless it closes an initial or abbreviation ("… of the R.C.P.(B.)").
  if (/[,;:!]$/.test(bare) || (bare.endsWith('.') && !/(?:^|[^\p{L}])\p{Lu}\.$/u.test(bare))) return false;
  // "Why?" alone is a rhetorical question; "What Is Internationalism?" is a title.
  if (bare.endsWith('?') && countWords(line) < 3) return false;
  if (!/\p{L}/u.test(rest)) return false;
  // A heading starts with a capital, a digit or an opening mark, never mid-sentence in lower case.
  if (!numbering && /^\p{Ll}/u.test(line)) return false;
  return isAllCaps(rest) || isTitleCase(rest);
}

/**
 * Reads a dating line: "August 1917", "March 18", "January 14 (24)", "Petrograd, April 26, 1917", "Moscow
 * December 17, 1918". `placed` says a place (or a name) precedes the date. Null for anything else.
 */
export function readDateLine(paragraph: string): { placed: boolean } | null {
  const ws = spaceSeparated(paragraph.trim().replace(/[(),.;\-–/]/g, ' '));
  if (ws.length === 0 || ws.length > 10) return null;
  let dated = false;
  let placed = false;
  for (const [i, w] of ws.entries()) {
    if (MONTH.test(w) || /^\d{4}$/.test(w)) {
      dated = true;
    } else if (/^\d{1,2}$/.test(w) || DATE_WORDS.has(w.toLowerCase())) {
      // day numbers and the odd filler word ("Morning", "Old Style")
    } else if (i === 0 && /^\p{Lu}/u.test(w)) {
      placed = true;
    } else {
      return null;
    }
  }
  return dated ? { placed } : null;
}

const SIGNATURE =
  /^(?:By\s+)?(?:(?:[A-Z]\.\s?){1,3}(?:[A-Z][\p{L}’'-]+|[A-Z]{2,})|(?:The\s+)?Author)(?:[\s,]+(.*))?$/u;

/**
 * A signature line closing a text: "N. Lenin", "The Author", "By J. V. Stalin", "L. TROTSKY Moscow, May 29,
 * 1920". A lone Roman-numeral initial ("V. Conclusion") is taken for a numbered heading, not a signature.
 */
export function isSignatureLine(paragraph: string): boolean {
  const line = paragraph.trim();
  const m = SIGNATURE.exec(line);
  if (!m) return false;
  if (/^[IVX]\.\s?\S+$/.test(line)) return false;
  return m[1] === undefined || readDateLine(m[1]) !== null;
}
