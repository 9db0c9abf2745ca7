/** A half-open character range `[start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

// Words that end with a period without ending a sentence. Lower-case, without the period.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'messrs', 'mme', 'mlle', 'dr', 'prof', 'st', 'mt', 'rev', 'hon', 'gen', 'col', 'lt', 'capt',
  'sgt', 'gov', 'jr', 'sr', 'vol', 'vols', 'no', 'nos', 'p', 'pp', 'ch', 'chap', 'art', 'sec', 'fig', 'cf', 'vs',
  'viz', 'ibid', 'op', 'cit', 'ed', 'eds', 'trans', 'approx', 'dept', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb',
  'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'comp', 'cp', 'esp', 'fol', 'ff',
]); // prettier-ignore

/** Characters that may open a sentence: a capital, a digit, an opening quote or bracket, markdown emphasis. */
export const SENTENCE_OPENER = /[\p{Lu}\p{N}“"‘'«(*_]/u;

/**
 * True when the single period at `at` ends the word before it rather than the sentence: an
 * abbreviation, an initial (`V. I. Lenin`), a dotted acronym (`U.S.`, `e.g.`).
 */
export function isAbbreviationPeriod(text: string, from: number, at: number): boolean {
  let i = at;
  while (i > from && !/\s/.test(text[i - 1])) i--;
  const word = text.slice(i, at).replace(/^[“"‘'«([*_]+/, '');
  if (word === '') return false;
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^\p{Lu}$/u.test(word)) return true;
  return /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word);
}

/**
 * Splits plain text (a passage) into trimmed sentence ranges. A blank line always ends a sentence;
 * `.`, `!`, `?` or `…` (with closing quotes or brackets) does when followed by space and a sentence opener,
 * unless the period belongs to an abbreviation.
 */
export function splitPlainSentences(text: string): TextRange[] {
  const ranges: TextRange[] = [];
  let start = 0;
  const push = (end: number) => {
    const r = trimRange(text, start, end);
    if (r.end > r.start) ranges.push(r);
  };
  for (const m of text.matchAll(/[.!?…]+[”"’'»)\]]*(?=\s|$)|\n[ \t]*\n/g)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('\n')) {
      push(m.index);
      start = end;
      continue;
    }
    const next = text.slice(end).trimStart();
    const closes = next === '' || SENTENCE_OPENER.test(next[0]);
    const abbreviation = m[0] === '.' && isAbbreviationPeriod(text, start, m.index);
    if (closes && !abbreviation) {
      push(end);
      start = end;
    }
  }
  push(text.length);
  return ranges;
}

/** `[start, end)` without leading and trailing whitespace. */
export function trimRange(text: string, start: number, end: number): TextRange {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}

/**
 * An answer cut into pieces that each end a sentence (with the markers after it), to be sent one at a
 * time; joined they give back `text` exactly. A cut never falls inside a “quotation”.
 */
export function sentencePieces(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  const end = /[.!?…]+[”"’'»)\]]*(?:[ \t]*\[\^?\d{1,4}\])*\s+|\n[ \t]*\n\s*/gu;
  for (const m of text.matchAll(end)) {
    const at = m.index + m[0].length;
    if (at >= text.length || !SENTENCE_OPENER.test(text[at])) continue;
    if (m[0].startsWith('.') && !m[0].startsWith('..') && isAbbreviationPeriod(text, from, m.index)) continue;
    if (insideQuotation(text, at)) continue;
    pieces.push(text.slice(from, at));
    from = at;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function insideQuotation(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return (before.match(/“/g)?.length ?? 0) > (before.match(/”/g)?.length ?? 0);
}
