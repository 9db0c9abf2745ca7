import type { SearchTerm } from './hybrid-search.repository';
import type { RelatedLemma } from './wordnet';

/** A word's lexeme as the corpus's tsvectors hold it (Postgres's English stem) and the chunks holding it. */
export interface TermLexeme {
  lexeme: string;
  df: number;
  /** df over the corpus's chunks (omitted: 0). */
  share?: number;
}

/**
 * The WordNet expansion terms of a question: for each question word, up to `perWord` of the words WordNet relates to
 * it (`related`, heaviest first), keeping only words the corpus holds (df > 0) whose lexeme is none of the question's
 * own and not already taken for that word; each weighs `weight` × its WordNet weight. A word proposed for two
 * question words keeps its heaviest weight (the query takes a lexeme's largest weight anyway). `lexemes` maps every
 * question word and proposed word to its lexeme; a word without one (a stop word) is never added. With `maxShare`,
 * only question words held by at most that share of the chunks are expanded (0: only words the corpus lacks).
 */
export function wordNetSearchTerms(
  words: readonly string[],
  related: ReadonlyMap<string, readonly RelatedLemma[]>,
  lexemes: ReadonlyMap<string, TermLexeme>,
  p: { weight: number; perWord: number; maxShare?: number },
): SearchTerm[] {
  if (p.weight <= 0 || p.perWord <= 0) return [];
  const asked = new Set<string>();
  for (const w of words) {
    const l = lexemes.get(w);
    if (l) asked.add(l.lexeme);
  }
  const byLexeme = new Map<string, SearchTerm>();
  for (const w of words) {
    if (p.maxShare !== undefined && (lexemes.get(w)?.share ?? 0) > p.maxShare) continue;
    const taken = new Set<string>();
    for (const r of related.get(w) ?? []) {
      if (taken.size >= p.perWord) break;
      const l = lexemes.get(r.lemma);
      if (!l || l.df <= 0 || asked.has(l.lexeme) || taken.has(l.lexeme)) continue;
      taken.add(l.lexeme);
      const weight = p.weight * r.weight;
      const before = byLexeme.get(l.lexeme);
      if (!before || before.weight < weight)
        byLexeme.set(l.lexeme, { term: r.lemma, weight, asked: false, embeddable: true });
    }
  }
  return [...byLexeme.values()];
}
