import { contentTerms, splitSentences } from '@parley/text';
import type { EverydaySignal } from './everyday-signal';

/** How one content word of a question fared in the passages retrieval found for it. */
export interface SenseWord {
  stem: string;
  /** The word's everyday ratio (ln P_general / P_corpus), as the everyday signal read it. */
  ratio: number;
  weight: number;
  /** Some retrieved passage holds the word. */
  found: boolean;
  /** Some sentence of the passages holds it beside another word of the question: they use it in the question's sense. */
  inContext: boolean;
}

/**
 * The question's everyday signal read again against what retrieval found. The guard judges the words by the corpus
 * as a whole; the passages show how the corpus actually uses the few words it shares with the question. A word the
 * passages hold only alone (no other word of the question beside it in any passage: "organ" among passages on
 * organs of power when the question is about a church choir) is a corpus word in another sense and counts 0, however
 * political its ratio; a word that no passage holds counts its everyday ratio when above 0 (the everyday words
 * retrieval found nothing for); a word held in context counts its full ratio.
 */
export interface SenseSignal {
  /** Weighted mean of the words' counted ratios (0 with no content word). */
  score: number;
  /** Share of the question's information (weights) in words the passages hold beside another question word. */
  inContext: number;
  /** Share of the question's information in everyday words (ratio > 0) that no passage holds. */
  unmatchedEveryday: number;
  /** The highest everyday ratio of a word no passage holds (names aside; 0 when none is above 0). */
  mostEverydayAbsent: number;
  words: SenseWord[];
}

/**
 * The sense signal of a question's words (`everyday`, as the topic guard read them) against retrieved passages.
 * A word of `names` (a name the question capitalises: a place, a person) never counts as everyday life: a question
 * about a person or a place the sources do not reach is one the sources cannot answer, not an everyday one.
 */
export function senseSignal(
  everyday: EverydaySignal,
  passages: readonly string[],
  names: ReadonlySet<string> = new Set(),
  context: 'sentence' | 'passage' = 'passage',
): SenseSignal {
  const held = passages.map((p) => new Set(contentTerms(p)));
  // The span within which another word of the question shows the sense: the passage (by default) or a sentence.
  const spans =
    context === 'passage'
      ? held
      : passages.flatMap((p) => splitSentences(p).map((s) => new Set(contentTerms(p.slice(s.start, s.end)))));
  const stems = everyday.words.map((w) => w.stem);
  const words: SenseWord[] = everyday.words.map((w) => ({
    stem: w.stem,
    ratio: w.ratio,
    weight: w.weight,
    found: held.some((h) => h.has(w.stem)),
    inContext: spans.some((h) => h.has(w.stem) && stems.some((s) => s !== w.stem && h.has(s))),
  }));
  const mass = words.reduce((a, w) => a + w.weight, 0);
  if (mass === 0) return { score: 0, inContext: 0, unmatchedEveryday: 0, mostEverydayAbsent: 0, words };
  const counted = (w: SenseWord) =>
    names.has(w.stem) ? Math.min(0, w.inContext ? w.ratio : 0) : w.inContext ? w.ratio : Math.max(0, w.ratio);
  const share = (pick: (w: SenseWord) => boolean) =>
    words.filter(pick).reduce((a, w) => a + w.weight, 0) / mass;
  return {
    score: words.reduce((a, w) => a + w.weight * counted(w), 0) / mass,
    inContext: share((w) => w.inContext),
    unmatchedEveryday: share((w) => !w.found && w.ratio > 0 && !names.has(w.stem)),
    mostEverydayAbsent: Math.max(
      0,
      ...words.filter((w) => !w.found && !names.has(w.stem)).map((w) => w.ratio),
    ),
    words,
  };
}
