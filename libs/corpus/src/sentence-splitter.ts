/** A half-open range `[start, end)` of character offsets into a text. */
export interface Span {
  start: number;
  end: number;
}

// Abbreviations after which a full stop never ends a sentence (compared lower-case, without the stop).
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'messrs',
  'mme',
  'mlle',
  'dr',
  'prof',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'maj',
  'adm',
  'gov',
  'rev',
  'hon',
  'st',
  'jr',
  'sr',
  'co',
  'ltd',
  'inc',
  'bros',
  'corp',
  'dept',
  'vs',
  'viz',
  'cf',
  'ibid',
  'op',
  'cit',
  'loc',
  'ed',
  'eds',
  'trans',
  'transl',
  'esp',
  'approx',
  'ca',
  'incl',
  'ff',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

// Abbreviations that precede a number (`No. 5`, `p. 12`, `vol. II`); before a word they are ordinary words
// ("the answer is no. We …", "the art. The …") and the stop may end a sentence.
const NUMBER_ABBREVIATIONS = new Set([
  'no',
  'nos',
  'p',
  'pp',
  'vol',
  'vols',
  'ch',
  'chap',
  'art',
  'arts',
  'sec',
  'sect',
  'para',
  'paras',
  'fig',
  'figs',
  'pt',
]);

// Words that commonly open an English sentence. After "etc." or a dotted acronym ("U.S.A.") the stop ends the
// sentence only when one of these follows: "… and so on, etc. The next …" but not "the U.S. Senate".
const SENTENCE_OPENERS = new Set(
  (
    'a an the this that these those it its we i he she they you our their his her my your what when where why how ' +
    'who whom whose which and but or nor so yet thus hence therefore here there in on at of from for to with by ' +
    'as if now then such all besides moreover however furthermore not no yes let one each every only even still ' +
    'after before since while although though nevertheless consequently accordingly finally first second third ' +
    'meanwhile indeed naturally again also'
  ).split(' '),
);

// Characters that may follow the stop and still belong to the sentence: closing quotes and brackets.
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '}']);
// Characters that may open a sentence before its first letter.
const OPENERS = new Set(['"', "'", '“', '‘', '„', '«', '‹', '(', '[']);

function isWhitespace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  // Fast path for ASCII; the regex decides the rest with the same notion of whitespace as `trim()`.
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(ch);
}
const isUpper = (ch: string | undefined): boolean => ch !== undefined && /\p{Lu}/u.test(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isTokenChar = (ch: string): boolean => /[\p{L}\p{N}.'’-]/u.test(ch);

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

const isRomanNumeral = (word: string): boolean => /^[IVXLC]+$/.test(word);

/** Whether the full stop at `stop` (followed by whitespace and a capital or digit at `next`) ends a sentence. */
function fullStopEnds(text: string, stop: number, next: number, floor: number, limit: number): boolean {
  const token = tokenBefore(text, stop, floor);
  if (token.length === 0) return true;
  // Single letters are initials ("V. I. Lenin", "J. P. Cannon"); short Roman numerals are ordinals ("Nicholas II.").
  if (token.length === 1 && /\p{L}/u.test(token)) return false;
  if (/^[IVX]+$/.test(token)) return false;
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  const nextWord = wordAt(text, next, limit);
  if (NUMBER_ABBREVIATIONS.has(lower)) return !(isDigit(nextWord[0]) || isRomanNumeral(nextWord));
  // "i.e.", "e.g.", "a.m." never end a sentence here; other dotted forms (etc., U.S.A.) only before a usual opener.
  if (/^(?:i\.e|e\.g|a\.m|p\.m|n\.b|q\.v|et al)$/.test(lower)) return false;
  if (lower === 'etc' || token.includes('.')) return SENTENCE_OPENERS.has(nextWord.toLowerCase());
  return true;
}

/**
 * Splits `text[from, to)` into sentences, conservatively: a boundary needs `.`, `?` or `!` (plus any closing
 * quotes or brackets), then whitespace, then a capital or digit; abbreviations, initials, ellipses and
 * Roman numerals do not end sentences. When in doubt it does not split, so a span may hold two sentences but a
 * sentence is never cut. Spans are trimmed of surrounding whitespace and cover every non-space character.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  while (start < to && isWhitespace(text[start])) start++;
  const terminal = /[.?!]+/g;
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
  let end = to;
  while (end > start && isWhitespace(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
  return spans;
}

/**
 * Splits one over-long sentence at its clause boundaries (`;` or `:` followed by whitespace), the last resort
 * for a sentence too long to be a passage. Returns the sentence whole when it has no such boundary.
 */
export function splitClauses(text: string, span: Span): Span[] {
  const spans: Span[] = [];
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

/** The number of whitespace-separated words in `text[from, to)`. */
export function countWords(text: string, from = 0, to = text.length): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const space = isWhitespace(text[i]);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
