import { ABBREVIATIONS, NUMBER_ABBREVIATIONS, SENTENCE_OPENERS } from './lexicon.loader';
import { isWhitespace, trimSpan, type TextSpan } from './text-span';

// Characters that may follow the stop and still belong to the sentence: closing quotes and brackets.
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '}']);
// Characters that may open a sentence before its first letter: quotes, brackets, markdown emphasis.
const OPENERS = new Set(['"', "'", '“', '‘', '„', '«', '‹', '(', '[', '*', '_']);

/** Characters that may open a sentence: a capital, a digit, an opening quote or bracket, markdown emphasis. */
export const SENTENCE_OPENER = /[\p{Lu}\p{N}“"‘'„«‹([*_]/u;

const isUpper = (ch: string | undefined): boolean => ch !== undefined && /\p{Lu}/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isTokenChar = (ch: string): boolean => /[\p{L}\p{N}.'’-]/u.test(ch);
const isRomanNumeral = (word: string): boolean => /^[IVXLC]+$/.test(word);

/** The word just before position `stop` (letters, digits, inner dots and apostrophes), at most 30 characters. */
function tokenBefore(text: string, stop: number, floor: number): string {
  let i = stop;
  while (i > floor && stop - i < 30 && isTokenChar(text[i - 1])) i--;
  return text.slice(i, stop).replace(/^[.'’-]+/, '');
}

/** The word starting at `at` after any opening quotes or brackets. */
function wordAt(text: string, at: number, limit: number): string {
  let i = at;
  while (i < limit && OPENERS.has(text[i])) i++;
  const start = i;
  while (i < limit && /[\p{L}\p{N}]/u.test(text[i])) i++;
  return text.slice(start, i);
}

/** True when a sentence can start at `at`: a capital or a digit, perhaps behind opening quotes or brackets. */
function opensSentence(text: string, at: number, limit: number): boolean {
  let i = at;
  while (i < limit && OPENERS.has(text[i])) i++;
  return i < limit && (isUpper(text[i]) || isDigit(text[i]));
}

/**
 * True when the single full stop at `stop` ends the word before it rather than a sentence, whatever follows:
 * an abbreviation, a reference abbreviation (`No.`, `p.`), an initial (`V. I. Lenin`), a dotted form (`U.S.`, `e.g.`).
 * `from` bounds the look-back (the start of the current sentence).
 */
export function isAbbreviationPeriod(text: string, from: number, stop: number): boolean {
  const token = tokenBefore(text, stop, from);
  if (token.length === 0) return false;
  if (token.length === 1 && /\p{L}/u.test(token)) return true;
  const lower = token.toLowerCase();
  return ABBREVIATIONS.has(lower) || NUMBER_ABBREVIATIONS.has(lower) || token.includes('.');
}

/** Whether the full stop at `stop` (followed by whitespace and a capital or digit at `next`) ends a sentence. */
function fullStopEnds(text: string, stop: number, next: number, floor: number, limit: number): boolean {
  const token = tokenBefore(text, stop, floor);
  if (token.length === 0) return true;
  // Single letters are initials ("V. I. Lenin", "J. P. Cannon"); short Roman numerals are ordinals ("Nicholas II.").
  if (token.length === 1 && /\p{L}/u.test(token)) return false;
  if (/^[IVX]+$/.test(token)) return false;
  // A list number opening its sentence: "1. The workers …".
  if (
    /^\d+$/.test(token) &&
    text
      .slice(floor, stop)
      .trim()
      .replace(/^[(*_]+/, '') === token
  )
    return false;
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  const nextWord = wordAt(text, next, limit);
  if (NUMBER_ABBREVIATIONS.has(lower)) return !(isDigit(nextWord[0]) || isRomanNumeral(nextWord));
  // "i.e.", "e.g.", "a.m." never end a sentence here; other dotted forms (etc., U.S.A.) only before a usual opener.
  if (/^(?:i\.e|e\.g|a\.m|p\.m|n\.b|q\.v|et al)$/.test(lower)) return false;
  if (lower === 'etc' || token.includes('.')) return SENTENCE_OPENERS.has(nextWord.toLowerCase());
  return true;
}

/** Where the next blank line (a line holding only spaces or tabs) begins at or after `from`, or `to`. */
function nextBlankLine(text: string, from: number, to: number): { at: number; after: number } {
  const blank = /\n[ \t]*\n/g;
  blank.lastIndex = from;
  const m = blank.exec(text);
  if (m === null || m.index >= to) return { at: to, after: to };
  return { at: m.index, after: Math.min(m.index + m[0].length, to) };
}

/** The sentences of one paragraph `[from, to)` (no blank line inside), appended to `spans`. */
function splitParagraph(text: string, from: number, to: number, spans: TextSpan[]): void {
  let start = from;
  while (start < to && isWhitespace(text[start])) start++;
  const terminal = /[.?!…]+/g;
  terminal.lastIndex = start;
  for (let m = terminal.exec(text); m !== null && m.index < to; m = terminal.exec(text)) {
    const runEnd = Math.min(m.index + m[0].length, to);
    let end = runEnd;
    while (end < to && CLOSERS.has(text[end])) end++;
    if (end >= to || !isWhitespace(text[end])) continue;
    let next = end;
    while (next < to && isWhitespace(text[next])) next++;
    if (next >= to || !opensSentence(text, next, to)) continue;
    const run = m[0];
    // An ellipsis ("...", ". . .") more often marks an omission inside a quoted sentence than its end.
    if (run.length > 1 && run.includes('.')) continue;
    if (run === '.' && text[m.index - 1] === ' ' && text[m.index - 2] === '.') continue;
    if (run === '.' && !fullStopEnds(text, m.index, next, start, to)) continue;
    spans.push({ start, end });
    start = next;
    terminal.lastIndex = next;
  }
  const last = trimSpan(text, start, to);
  if (last.end > last.start) spans.push(last);
}

/**
 * Splits `text[from, to)` into sentences. A blank line always ends one; otherwise a boundary needs `.`, `?`, `!`
 * or `…` (plus any closing quotes or brackets), then whitespace, then a capital or digit (perhaps behind an opening
 * quote, bracket or emphasis mark). Abbreviations, initials, ellipses, list numbers and Roman numerals do not end
 * sentences. When in doubt it does not split, so a span may hold two sentences but a sentence is never cut.
 * Spans are trimmed of surrounding whitespace, in order, and cover every non-space character of the range.
 */
export function splitSentences(text: string, from = 0, to = text.length): TextSpan[] {
  const spans: TextSpan[] = [];
  // Each step moves `at` past a blank line or to `to`, so the loop ends.
  for (let at = from; at < to;) {
    const blank = nextBlankLine(text, at, to);
    splitParagraph(text, at, blank.at, spans);
    at = blank.after;
  }
  return spans;
}

/**
 * Splits one over-long sentence at its clause boundaries (`;` or `:` followed by whitespace), the last resort
 * for a sentence too long to be a passage. Returns the sentence whole when it has no such boundary.
 */
export function splitClauses(text: string, span: TextSpan): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = span.start;
  const boundary = /[;:](?=\s)/g;
  boundary.lastIndex = span.start;
  for (let m = boundary.exec(text); m !== null && m.index < span.end; m = boundary.exec(text)) {
    let next = m.index + 1;
    while (next < span.end && isWhitespace(text[next])) next++;
    if (next >= span.end) break;
    spans.push({ start, end: m.index + 1 });
    start = next;
    boundary.lastIndex = next;
  }
  spans.push({ start, end: span.end });
  return spans;
}
