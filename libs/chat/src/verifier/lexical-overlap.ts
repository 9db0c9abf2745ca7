// The same function-word list and crude stemmer as the llm lib's lexical terms (libs may not import
// each other's internals, and the verifier must not depend on the answerer it checks).
const STOPWORDS = new Set(
  `a about above after again against all almost also although am among an and another any anyone anything are
  around as at be became because become been before being below between both but by can cannot could did do does
  doing done down during each either else enough even ever every for from further get gets got had has have having
  he her here hers herself him himself his how however i if in into is it its itself just least less let like made
  make many may me might more most much must my myself neither never no nor not now of off often on once one only
  or other others otherwise our ours ourselves out over own per perhaps quite rather really same shall she should
  since so some such than that the their theirs them themselves then there therefore these they this those though
  through thus to too toward towards under until up upon us very via was we were what whatever when whenever where
  whether which while who whom whose why will with within without would yes yet you your yours yourself yourselves
  ask asked answer believe comrade comrades consider describe explain feel felt know knew mean meant opinion please
  regard regarding say said tell think thought view views want wanted wrote write written dont doesnt didnt isnt
  arent wasnt cant wont wouldnt shouldnt couldnt`.split(/\s+/),
);

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
  gladly willingly happy glad honest honestly frankly sources source written own`.split(/\s+/),
);

// Above this many words a sentence is not "framing", whatever its vocabulary.
const MAX_FRAMING_WORDS = 16;

// Truncating to a fixed prefix after stripping inflections conflates bureaucracy/bureaucratic,
// organise/organisation, and needs no dictionary.
const STEM_LENGTH = 6;

/** The words of `text`, lower-cased, possessives removed, in order. */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return found.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}

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
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
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
  return found.every((w) => STOPWORDS.has(w) || FRAMING_WORDS.has(w) || extra.has(w));
}
