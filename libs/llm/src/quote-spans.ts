import { containsMarkup, countWords } from '@parley/text';
import { sameVoice, type PassageSentence } from './passage-sentences';

/** A run of whole sentences `first..last` of one passage, optionally cut short at `end`. */
export interface QuoteSpan {
  passageIndex: number;
  first: number;
  last: number;
  /** The sentence the span was built around (the one chosen for the question); `last` when unset. */
  focus?: number;
  /** Set when the span had to be cut to fit the word budget. */
  end?: number;
}

// Openers that lean on the previous sentence: quoting "This is why..." alone would lose its subject.
const DANGLING_WORDS = new Set(
  `it its they them their he she his her but and or nor yet so hence thus therefore however moreover furthermore
  nevertheless nonetheless consequently accordingly besides also otherwise then here there's`.split(/\s+/),
);
const DEMONSTRATIVES = new Set(['this', 'that', 'these', 'those', 'such']);
// After a demonstrative, these mark it as a pronoun ("This is") rather than a determiner ("This question").
const PRONOUN_FOLLOWERS = new Set(
  `is was are were be been has have had will would shall should can could may might must does did do not also
  alone too only means meant shows showed proves proved explains in of at for by on which`.split(/\s+/),
);
const MAX_CONTEXT_SENTENCES = 2;

/** True when the sentence opens with a word that needs the previous sentence to make sense. */
export function isDangling(sentence: string): boolean {
  const [first, second] = (sentence.match(/[\p{L}’']+|[,.;:]/gu) ?? []).map((w) => w.toLowerCase());
  if (first === undefined) return false;
  if (DANGLING_WORDS.has(first)) return true;
  return (
    DEMONSTRATIVES.has(first) &&
    (second === undefined || PRONOUN_FOLLOWERS.has(second) || /^[,.;:]$/.test(second))
  );
}

/** True when sentence `index` can be quoted together with the one before it (same paragraph, same speaker). */
export function hasQuotablePredecessor(list: readonly PassageSentence[], index: number): boolean {
  return index > 0 && list[index].continuesParagraph && sameVoice(list[index - 1].voice, list[index].voice);
}

/**
 * True when the sentence asks rather than states ("Where, then, is the money to come from?"): in a speech or a
 * polemic the next sentence usually gives the answer, and the question quoted alone answers nothing.
 */
export function isQuestion(sentence: string): boolean {
  return /\?[\s"'”’»)\]]*$/u.test(sentence);
}

/**
 * Sentence `index`, extended back by up to two sentences while it opens with a dependent word, and forward by up to
 * two while it ends in a question that the same speaker goes on to answer in the same paragraph.
 */
export function withContext(
  text: string,
  list: readonly PassageSentence[],
  passageIndex: number,
  index: number,
): QuoteSpan {
  const sentence = (k: number) => text.slice(list[k].start, list[k].end);
  // Context is never taken from a sentence that holds markup: such a sentence cannot be quoted at all.
  let first = index;
  for (let k = 0; k < MAX_CONTEXT_SENTENCES; k++) {
    if (!isDangling(sentence(first))) break;
    if (!hasQuotablePredecessor(list, first) || containsMarkup(sentence(first - 1))) break;
    first--;
  }
  let last = index;
  for (let k = 0; k < MAX_CONTEXT_SENTENCES; k++) {
    if (!isQuestion(sentence(last))) break;
    if (last + 1 >= list.length || !hasQuotablePredecessor(list, last + 1)) break;
    if (containsMarkup(sentence(last + 1))) break;
    last++;
  }
  return { passageIndex, first, last, focus: index };
}

export function overlaps(a: QuoteSpan, b: QuoteSpan): boolean {
  return a.passageIndex === b.passageIndex && a.first <= b.last && b.first <= a.last;
}

/** Joins spans that overlap or follow each other within a paragraph, so a quote is never split needlessly. */
export function mergeSpans(
  spans: readonly QuoteSpan[],
  sentences: readonly PassageSentence[][],
): QuoteSpan[] {
  const sorted = [...spans].sort((a, b) => a.passageIndex - b.passageIndex || a.first - b.first);
  const result: QuoteSpan[] = [];
  for (const span of sorted) {
    const previous = result[result.length - 1];
    const continues =
      previous !== undefined &&
      previous.passageIndex === span.passageIndex &&
      span.first === previous.last + 1 &&
      sentences[span.passageIndex][span.first].continuesParagraph;
    // A span cut to fit the budget ends mid-sentence, so nothing can be joined to it.
    const joinable = previous?.end === undefined && span.end === undefined;
    if (previous && joinable && (overlaps(previous, span) || continues)) {
      previous.last = Math.max(previous.last, span.last);
    } else result.push({ ...span });
  }
  return result;
}

export function spanStart(span: QuoteSpan, sentences: readonly PassageSentence[][]): number {
  return sentences[span.passageIndex][span.first].start;
}

export function spanEnd(span: QuoteSpan, sentences: readonly PassageSentence[][]): number {
  return span.end ?? sentences[span.passageIndex][span.last].end;
}

/** The span within `maxWords`: as is if it fits, else without its context, else cut at a clause boundary. */
export function fitToBudget(
  span: QuoteSpan,
  text: string,
  sentences: readonly PassageSentence[][],
  maxWords: number,
): QuoteSpan {
  const list = sentences[span.passageIndex];
  if (countWords(text.slice(list[span.first].start, list[span.last].end)) <= maxWords) return span;
  const focus = span.focus ?? span.last;
  const alone: QuoteSpan = { ...span, first: focus, last: focus };
  const sentence = list[alone.last];
  if (countWords(text.slice(sentence.start, sentence.end)) <= maxWords) return alone;
  return { ...alone, end: clauseCut(text, sentence.start, sentence.end, maxWords) };
}

/** End offset of the longest prefix of `[from, to)` within `maxWords` that ends at a clause boundary. */
function clauseCut(text: string, from: number, to: number, maxWords: number): number {
  const re = /\S+/g;
  re.lastIndex = from;
  let hardEnd = from;
  let clauseEnd = -1;
  for (let n = 0; n < maxWords; n++) {
    const m = re.exec(text);
    if (!m || m.index >= to) break;
    hardEnd = Math.min(m.index + m[0].length, to);
    if (/[,;:—–]$/.test(m[0])) clauseEnd = hardEnd - 1;
  }
  return clauseEnd > from ? clauseEnd : hardEnd;
}
