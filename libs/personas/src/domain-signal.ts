import type { CorpusProfile } from './corpus-profile';
import type { WordEvidence } from './everyday-signal';
import type { GeneralEnglish } from './general-english';
import { LEXICOGRAPHER_FILES, type DomainShare, type WordNetDomains } from './wordnet-domains';

/** How one word of a question weighs in the domain signal. */
export interface DomainWordEvidence {
  stem: string;
  /** Its senses' lexicographer files as the question uses them, the likeliest first (at most three, for logs). */
  files: string[];
  /** Σ over files of P(file | word, question) · ln P_general(file) / P_corpus(file). */
  score: number;
}

/** The domain signal of a question: the weighted mean of its WordNet-known words' scores (0 when none is known). */
export interface DomainSignal {
  score: number;
  words: DomainWordEvidence[];
}

/**
 * How much more general English than the corpus uses each of WordNet's lexicographer files (noun.food,
 * noun.animal, noun.group, ...): every stem's count, in SUBTLEX and in the corpus, is shared out over its senses'
 * files, and each file gets ln P_general(file) / P_corpus(file) (the corpus side smoothed towards the general one by
 * `priorWords` pseudo-words). No domain is picked by hand: the files the corpus under-uses come out positive.
 */
export class DomainProfile {
  private readonly ratios: Float64Array;

  constructor(
    private readonly wordnet: WordNetDomains,
    english: GeneralEnglish,
    corpus: CorpusProfile,
    priorWords: number,
  ) {
    const general = massByFile(wordnet, english.stems());
    const inCorpus = massByFile(wordnet, corpus.stems());
    const gTotal = sum(general);
    const cTotal = sum(inCorpus);
    this.ratios = new Float64Array(LEXICOGRAPHER_FILES.length);
    for (let f = 0; f < this.ratios.length; f++) {
      // A file neither side uses is neutral: the general share is add-one smoothed, the corpus share drawn to it.
      const pg = (general[f] + 1) / (gTotal + LEXICOGRAPHER_FILES.length);
      const pc = (inCorpus[f] + priorWords * pg) / (cTotal + priorWords);
      this.ratios[f] = Math.log(pg / pc);
    }
  }

  /** ln P_general / P_corpus of a lexicographer file (by number); above 0 when the corpus under-uses it. */
  ratio(file: number): number {
    return this.ratios[file] ?? 0;
  }

  /** Every file by name with its ratio, most everyday first (for logs and the bench). */
  table(): { file: string; ratio: number }[] {
    return LEXICOGRAPHER_FILES.map((file, i) => ({ file, ratio: this.ratios[i] })).sort(
      (a, b) => b.ratio - a.ratio,
    );
  }

  /**
   * The domain signal of a question's words (as the everyday signal read them, with its weights). A word with
   * senses in several files takes them in the proportions the question's other words favour: each file's share is
   * multiplied by the other words' mean share of that file plus `contextPrior`, so "cell" beside "battery" and
   * "phone" leans to noun.artifact, beside "party" and "factory" to noun.group. A large `contextPrior` leaves the
   * senses at their WordNet frequencies.
   */
  signal(words: readonly WordEvidence[], contextPrior: number): DomainSignal {
    const senses = words.map((w) => this.wordnet.domains(w.stem));
    const out: DomainWordEvidence[] = [];
    let mass = 0;
    let total = 0;
    words.forEach((w, i) => {
      const own = senses[i];
      if (own.length === 0) return;
      const others = senses.filter((s, j) => j !== i && s.length > 0);
      const context = new Map<number, number>();
      for (const other of others)
        for (const { file, share } of other)
          context.set(file, (context.get(file) ?? 0) + share / others.length);
      const weighted = own.map(({ file, share }) => ({
        file,
        share: share * ((context.get(file) ?? 0) + contextPrior),
      }));
      const norm = weighted.reduce((a, d) => a + d.share, 0);
      const score = norm > 0 ? weighted.reduce((a, d) => a + (d.share / norm) * this.ratio(d.file), 0) : 0;
      out.push({ stem: w.stem, files: topFiles(weighted), score });
      mass += w.weight;
      total += w.weight * score;
    });
    return { score: mass > 0 ? total / mass : 0, words: out };
  }
}

function massByFile(wordnet: WordNetDomains, stems: Iterable<[string, number]>): Float64Array {
  const mass = new Float64Array(LEXICOGRAPHER_FILES.length);
  for (const [s, count] of stems)
    for (const { file, share } of wordnet.domains(s)) mass[file] += count * share;
  return mass;
}

function sum(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0);
}

function topFiles(shares: readonly DomainShare[]): string[] {
  return [...shares]
    .sort((a, b) => b.share - a.share)
    .slice(0, 3)
    .map((d) => LEXICOGRAPHER_FILES[d.file]);
}
