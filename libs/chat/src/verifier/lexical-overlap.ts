import { FUNCTION_WORDS, words } from '@parley/core';

export { words };

// Words a persona or the extractive answerer uses to introduce its sources without saying anything
// about the subject ("Comrade, let me answer with my own words." / "And further:"). Together with the
// stopwords, a sentence made only of these makes no claim and may stand without a marker.
const FRAMING_WORDS = new Set(
  `words word writings works speeches speech letters letter quote quotes quoting quoted cite cites citing
  recall remember repeat repeated reply replied respond responded answered answering addressed touched
  return returned put plainly simply briefly directly follows
  following question questions matter subject point topic spoke speak speaks spoken wrote writes writing
  argued argue argues stated put puts indeed moreover furthermore besides finally first firstly
  second secondly third lastly again elsewhere place places time times occasion occasions already earlier later
  once twice well good friend friends reader readers listen hear look see note noted allow permit let lets shall
  gladly willingly happy glad honest honestly frankly sources source written own record records document
  documents add adds prefer says set figures`.split(/\s+/),
);

// Above this many words a sentence is not "framing", whatever its vocabulary.
const MAX_FRAMING_WORDS = 16;

// Truncating to a fixed prefix after stripping inflections conflates bureaucracy/bureaucratic,
// organise/organisation, and needs no dictionary.
const STEM_LENGTH = 6;

/** Reduces a lower-case word to a stem shared by its inflected and derived forms. */
export function stem(word: string): string {
  let w = word;
  if (/^\d+$/.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w.slice(0, STEM_LENGTH);
}

/** Stems of the content words of `text` (no stopwords, nothing shorter than 3 letters), distinct. */
export function contentTerms(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w))
      .map(stem),
  );
}

/** Share of `sentence`'s content terms found in `source`'s, in [0, 1]; 0 when the sentence has none. */
export function overlapShare(sentence: ReadonlySet<string>, source: ReadonlySet<string>): number {
  if (sentence.size === 0) return 0;
  let shared = 0;
  for (const t of sentence) if (source.has(t)) shared++;
  return shared / sentence.size;
}

/**
 * The default test for an unmarked sentence that may stay: short, no digits, no quotation marks,
 * and every word a function word, framing vocabulary or one of `extraWords` (e.g. the persona's names).
 */
export function isFramingSentence(sentence: string, extraWords: readonly string[] = []): boolean {
  if (/[\d“”"«»]/.test(sentence) || /[[\]<>/\\@]/.test(sentence)) return false;
  const found = words(sentence);
  if (found.length === 0 || found.length > MAX_FRAMING_WORDS) return false;
  const extra = new Set(extraWords.flatMap(words));
  return found.every((w) => FUNCTION_WORDS.has(w) || FRAMING_WORDS.has(w) || extra.has(w));
}
