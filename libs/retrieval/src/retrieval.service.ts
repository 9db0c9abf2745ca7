import { Inject, Injectable } from '@nestjs/common';
import type { Passage } from '@parley/contracts';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import {
  HybridSearchRepository,
  type HybridSearchRow,
  type SearchMode,
  type SearchTerm,
} from './hybrid-search.repository';
import { contentWords, inFirstPerson, orQuery } from './query-text';

export interface SearchOptions {
  persona: string | null;
  query: string;
  asOf?: string | null;
  k?: number;
  mode?: SearchMode;
}

export interface RetrievalTuning {
  candidates: number;
  vectorWeight: number;
  textWeight: number;
  /** Weight of a chunk's best sentence-window BM25 score beside its whole-chunk score (0: chunk only). */
  passageWeight: number;
  efSearch: number;
  /** Neighbours added per question word (0 disables query expansion). */
  expansions: number;
  /** Cosine a neighbour needs to be added. */
  expansionMinSimilarity: number;
  /** Weight of an expansion term relative to the question's own words. */
  expansionWeight: number;
  /**
   * 1: the vector leg's votes are scaled by the share of the question's idf mass the embedder represents;
   * 0: they count in full.
   */
  coverageWeighting: number;
}

export const DEFAULT_TUNING: RetrievalTuning = {
  candidates: 50,
  vectorWeight: 1,
  textWeight: 1,
  passageWeight: 2,
  efSearch: 100,
  expansions: 3,
  expansionMinSimilarity: 0.6,
  expansionWeight: 0.5,
  coverageWeighting: 1,
};

/** Finds the passages of a persona's documents that bear on a question. */
@Injectable()
export class RetrievalService {
  private tuning: RetrievalTuning = DEFAULT_TUNING;

  constructor(
    private readonly repository: HybridSearchRepository,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  get embedderId(): string {
    return this.embedder.id;
  }

  /** Overrides fusion settings (benchmarks and evaluation). */
  tune(tuning: Partial<RetrievalTuning>): void {
    this.tuning = { ...this.tuning, ...tuning };
  }

  async search(options: SearchOptions): Promise<Passage[]> {
    const mode = options.mode ?? 'hybrid';
    if (mode === 'bm25') {
      const rows = await this.repository.searchBm25({
        words: contentWords(options.query),
        persona: options.persona,
        asOf: options.asOf ?? null,
        k: options.k ?? 10,
      });
      return rows.map(toPassage);
    }
    const queryVector =
      mode === 'text'
        ? new Array<number>(this.embedder.dimension).fill(0)
        : await this.embedder.embedQuery(inFirstPerson(options.query));
    const terms = mode === 'vector' ? [] : await this.textTerms(options.query);
    const rows = await this.repository.search({
      embedder: this.embedder.id,
      dims: this.embedder.dimension,
      queryVector,
      textQuery: orQuery(terms.map((t) => t.term)),
      terms,
      persona: options.persona,
      asOf: options.asOf ?? null,
      k: options.k ?? 10,
      candidates: Math.max(this.tuning.candidates, options.k ?? 10),
      vectorWeight: mode === 'text' ? 0 : this.tuning.vectorWeight,
      textWeight: mode === 'vector' ? 0 : this.tuning.textWeight,
      passageWeight: this.tuning.passageWeight,
      efSearch: this.tuning.efSearch,
    });
    return rows.map(toPassage);
  }

  /**
   * The question's content words plus, when the embedder can, their nearest corpus words: paraphrased
   * questions ("liberty", "confidential") then still meet passages that say "freedom", "secret".
   */
  private async textTerms(query: string): Promise<SearchTerm[]> {
    const words = contentWords(query);
    const terms = new Map<string, SearchTerm>();
    for (const w of words) {
      const embeddable =
        this.tuning.coverageWeighting > 0 && this.embedder.represents
          ? await this.embedder.represents(w)
          : true;
      terms.set(w, { term: w, weight: 1, asked: true, embeddable });
    }
    const { expansions, expansionMinSimilarity, expansionWeight } = this.tuning;
    if (expansions > 0 && this.embedder.similarWords) {
      for (const w of words) {
        for (const n of await this.embedder.similarWords(w, expansions, expansionMinSimilarity)) {
          if (!terms.has(n.word))
            terms.set(n.word, {
              term: n.word,
              weight: expansionWeight * n.similarity,
              asked: false,
              embeddable: true,
            });
        }
      }
    }
    return [...terms.values()];
  }
}

function toPassage(row: HybridSearchRow, index: number): Passage {
  return {
    rank: index + 1,
    chunkId: row.chunk_id,
    documentId: row.document_id,
    source: row.source,
    persona: row.persona,
    title: row.title,
    author: row.author,
    date: row.date,
    url: row.url,
    heading: row.heading,
    speaker: row.speaker,
    start: row.start_offset,
    end: row.end_offset,
    text: row.text,
    scores: { vector: row.vector_score, text: row.text_score, fused: row.fused },
  };
}
