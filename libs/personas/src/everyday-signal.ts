import { isStopword, stem, words } from '@parley/text';
import type { CorpusProfile } from './corpus-profile';
import type { GeneralEnglish } from './general-english';

/** How one content word of a question weighs in the everyday signal. */
export interface WordEvidence {
  stem: string;
  /** ln P_general / P_corpus: above 0 when the word is more at home in everyday English than in the corpus. */
  ratio: number;
  /** The ratio as it counts: a corpus word that the corpus never uses beside the question's other words counts 0. */
  counted: number;
  /** Information of the word in general English (nats, capped): rarer words say more about the subject. */
  weight: number;
  /** True when the corpus uses the word beside another word of the question more often than chance. */
  anchored: boolean;
  /** True when it does so significantly (see `CorpusProfile.together`). */
  tied: boolean;
}

/** The everyday signal of a question: the weighted mean of its words' counted ratios (0 with no content word). */
export interface EverydaySignal {
  score: number;
  words: WordEvidence[];
}

// Information above this (nats) adds nothing: a word rarer than about 1 in 10^7 is as telling as it gets.
const MAX_WEIGHT = 16;

/**
 * How much likelier the question's content words are under everyday English than under the personas' corpus.
 * The corpus probability is smoothed towards the general one by `priorWords` pseudo-words (Dirichlet smoothing),
 * so a small corpus gives weak evidence either way and a word neither knows is neutral. A corpus word ("party",
 * "strike") counts as corpus evidence only where the corpus uses it in the question's sense: when the question
 * holds an everyday word and the corpus never uses the corpus word beside any other word of the question more than
 * chance would ("birthday party"), it counts 0. Numbers are left to the anachronism guard. With `weighAbsence`, the
 * ratio of a word the corpus lacks is scaled by the chance that the corpus would hold it (see below).
 */
export function everydaySignal(
  question: string,
  english: GeneralEnglish,
  corpus: CorpusProfile,
  priorWords: number,
  weighAbsence = false,
  absentRatio?: (word: string, own: number) => number,
): EverydaySignal {
  // One word per stem (the first), for the spelling-aware general count.
  const byStem = new Map<string, string>();
  for (const word of words(question))
    if (word.length >= 3 && !isStopword(word) && !/^\d+$/.test(word) && !byStem.has(stem(word)))
      byStem.set(stem(word), word);
  const stems = [...byStem.keys()];
  const evidence = stems.map((s) => {
    const word = byStem.get(s) as string;
    const general = english.probability(word);
    const inCorpus = (corpus.count(s) + priorWords * general) / (corpus.total + priorWords);
    const log = Math.log(general / inCorpus);
    // A word everyday English does not know (a name, a term of art) is no evidence of everyday life.
    let ratio = english.wordCount(word) === 0 ? Math.min(0, log) : log;
    // With `weighAbsence`, a word the corpus lacks is evidence only as far as the corpus, were it everyday English,
    // would have held it: P(seen at least once) = 1 − e^(−N·p). A rare word ("aggrieved") missing from a small
    // corpus says little; a common one ("breakfast") missing says much.
    if (weighAbsence && corpus.count(s) === 0 && ratio > 0) ratio *= 1 - Math.exp(-corpus.total * general);
    // With `absentRatio`, a word the corpus lacks is judged by the words nearest it in meaning instead (see
    // `TopicGuard`): the corpus is silent on "bravery" but speaks of "courage".
    if (absentRatio && corpus.count(s) === 0 && english.wordCount(word) > 0) ratio = absentRatio(word, ratio);
    const together = stems.filter((other) => other !== s).map((other) => corpus.together(s, other));
    const anchored = together.some((t) => t.more);
    const tied = together.some((t) => t.significantly);
    return {
      stem: s,
      ratio,
      counted: ratio,
      weight: Math.min(-Math.log(general), MAX_WEIGHT),
      anchored,
      tied,
    };
  });
  const everyday = evidence.some((w) => w.ratio > 0);
  for (const w of evidence) if (w.ratio < 0 && everyday && !w.anchored) w.counted = 0;
  const mass = evidence.reduce((sum, w) => sum + w.weight, 0);
  const score = mass > 0 ? evidence.reduce((sum, w) => sum + w.weight * w.counted, 0) / mass : 0;
  return { score, words: evidence };
}
