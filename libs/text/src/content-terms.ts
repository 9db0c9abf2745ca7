import { FRAMING_WORDS, STOPWORDS } from './lexicon.loader';
import { stem } from './stemmer';
import { words } from './words';

// Above this many words a sentence is not "framing", whatever its vocabulary.
const MAX_FRAMING_WORDS = 16;

/** True when `word` (lower-case) carries no subject: a stopword. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Stems of the content words of `text` (no stopwords, nothing shorter than 3 letters), in order, repeats kept. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem);
}

/** The distinct stems of the content words of `text`. */
export function contentTermSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/** Share of `sentence`'s content terms found in `source`'s, in [0, 1]; 0 when the sentence has none. */
export function overlapShare(sentence: ReadonlySet<string>, source: ReadonlySet<string>): number {
  if (sentence.size === 0) return 0;
  let shared = 0;
  for (const t of sentence) if (source.has(t)) shared++;
  return shared / sentence.size;
}

/**
 * True for a sentence that makes no claim: short, no digits, no quotation marks or markup, and every word a
 * stopword, framing vocabulary or one of `extraWords` (e.g. the persona's names).
 */
export function isFramingSentence(sentence: string, extraWords: readonly string[] = []): boolean {
  if (/[\d“”"«»]/.test(sentence) || /[[\]<>/\\@]/.test(sentence)) return false;
  const found = words(sentence);
  if (found.length === 0 || found.length > MAX_FRAMING_WORDS) return false;
  const extra = new Set(extraWords.flatMap(words));
  return found.every((w) => STOPWORDS.has(w) || FRAMING_WORDS.has(w) || extra.has(w));
}
