import { contentTerms } from '@parley/text';

/**
 * What the personas' own writings talk about, by stem: how often each content word occurs, and which paragraphs
 * hold it, so that the guard can ask whether two words of a question are ever used together there.
 */
export class CorpusProfile {
  private readonly counts = new Map<string, number>();
  // Paragraph numbers holding each stem, ascending and distinct.
  private readonly postings = new Map<string, number[]>();
  /** Occurrences of all content words. */
  readonly total: number;
  /** Number of paragraphs read. */
  readonly paragraphs: number;

  constructor(paragraphs: Iterable<string>) {
    let total = 0;
    let n = 0;
    for (const text of paragraphs) {
      for (const s of contentTerms(text)) {
        total += 1;
        this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
        const list = this.postings.get(s);
        if (!list) this.postings.set(s, [n]);
        else if (list[list.length - 1] !== n) list.push(n);
      }
      n += 1;
    }
    this.total = total;
    this.paragraphs = n;
  }

  /** Paragraphs split on blank lines, for texts that are not chunked already. */
  static fromTexts(texts: Iterable<string>): CorpusProfile {
    return new CorpusProfile(
      (function* () {
        for (const t of texts) yield* t.split(/\n\s*\n/).filter((p) => p.trim());
      })(),
    );
  }

  /** Occurrences of a stem. */
  count(stem: string): number {
    return this.counts.get(stem) ?? 0;
  }

  /** Every stem read, with its occurrences. */
  stems(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }

  /** Number of paragraphs holding a stem. */
  paragraphsWith(stem: string): number {
    return this.postings.get(stem)?.length ?? 0;
  }

  /** Number of paragraphs holding both stems. */
  paragraphsWithBoth(a: string, b: string): number {
    const x = this.postings.get(a);
    const y = this.postings.get(b);
    if (!x || !y) return 0;
    // Merge of two ascending lists: each step advances one index, so it ends within |x| + |y| steps.
    let i = 0;
    let j = 0;
    let shared = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        shared += 1;
        i += 1;
        j += 1;
      } else if (x[i] < y[j]) i += 1;
      else j += 1;
    }
    return shared;
  }

  /**
   * How the corpus uses two stems together: `more` when they share more paragraphs than their frequencies predict
   * by more than one (one chance meeting of two rare words is not enough); `significantly` when they share at least
   * two and more than predicted by two standard deviations (one-sided, about 2 %), so that a frequent word ("party")
   * is not tied to every word it happens to meet.
   */
  together(a: string, b: string): { more: boolean; significantly: boolean } {
    if (this.paragraphs === 0) return { more: false, significantly: false };
    const expected = (this.paragraphsWith(a) * this.paragraphsWith(b)) / this.paragraphs;
    const shared = this.paragraphsWithBoth(a, b);
    return {
      more: shared > expected + 1,
      significantly: shared >= 2 && shared - expected > 2 * Math.sqrt(expected),
    };
  }
}
