/** A half-open character range `[start, end)` of some text. */
export interface TextSpan {
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

// Sentence-final punctuation, then any closing quotes or brackets, then whitespace or the end.
const TERMINATOR = /[.!?…]+[”"’'»)\]]*(?=\s|$)/g;
const OPENERS = /[“"‘'«([]/;

/**
 * Splits text into trimmed sentence spans (offsets into `text`). A blank line always ends a sentence;
 * a period does not when it follows an abbreviation, an initial (`V. I. Lenin`), a dotted acronym
 * or a list number opening the sentence, or when the next word starts in lower case.
 */
export function splitSentences(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const paragraph of paragraphs(text)) {
    let start = paragraph.start;
    const body = text.slice(paragraph.start, paragraph.end);
    for (const m of body.matchAll(TERMINATOR)) {
      const end = paragraph.start + m.index + m[0].length;
      if (isBoundary(text, start, paragraph.start + m.index, m[0], end, paragraph.end)) {
        pushTrimmed(spans, text, start, end);
        start = end;
      }
    }
    pushTrimmed(spans, text, start, paragraph.end);
  }
  return spans;
}

function paragraphs(text: string): TextSpan[] {
  const result: TextSpan[] = [];
  let start = 0;
  for (const m of text.matchAll(/\n[ \t]*\n\s*/g)) {
    result.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  result.push({ start, end: text.length });
  return result;
}

function pushTrimmed(spans: TextSpan[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
}

function isBoundary(
  text: string,
  sentenceStart: number,
  at: number,
  terminator: string,
  end: number,
  paragraphEnd: number,
): boolean {
  const next = text.slice(end, paragraphEnd).trimStart();
  if (next === '') return true;
  const first = next[0];
  const startsLikeSentence = /[\p{Lu}\p{N}]/u.test(first) || OPENERS.test(first);
  if (!startsLikeSentence) return false;
  if (!terminator.startsWith('.') || terminator.startsWith('..')) return true;
  const word = wordBefore(text, sentenceStart, at);
  if (word === '') return true;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial: "V. I. Lenin", "J. P. Cannon".
  if (/^\p{Lu}$/u.test(word)) return false;
  // A dotted acronym or abbreviation: "U.S.", "e.g.", "R.S.D.L.P.".
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word)) return false;
  // A list number opening its sentence: "1. The workers ...".
  if (/^\d+$/.test(word) && text.slice(sentenceStart, at).trim() === word) return false;
  return true;
}

/** The run of non-space characters before `at`, without leading quotes or brackets. */
function wordBefore(text: string, sentenceStart: number, at: number): string {
  let i = at;
  while (i > sentenceStart && !/\s/.test(text[i - 1])) i--;
  return text.slice(i, at).replace(/^[“"‘'«([]+/, '');
}
