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
import { DEFAULT_TUNING, type RetrievalTuning } from './retrieval-tuning';

export interface SearchOptions {
  persona: string | null;
  query: string;
  asOf?: string | null;
  k?: number;
  mode?: SearchMode;
  /** Overrides of the default tuning for this call only (evaluation, fitting, benchmarks). */
  tuning?: Partial<RetrievalTuning>;
}

/** Finds the passages of a persona's documents that bear on a question. */
@Injectable()
export class RetrievalService {
  constructor(
    private readonly repository: HybridSearchRepository,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  get embedderId(): string {
    return this.embedder.id;
  }

  /** The k passages that bear most on the question, best first, ties broken by chunk id. */
  async search(options: SearchOptions): Promise<Passage[]> {
    const mode = options.mode ?? 'hybrid';
    const tuning: RetrievalTuning = { ...DEFAULT_TUNING, ...options.tuning };
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
    const terms = mode === 'vector' ? [] : await this.textTerms(options.query, tuning);
    const rows = await this.repository.search({
      embedder: this.embedder.id,
      dims: this.embedder.dimension,
      queryVector,
      textQuery: orQuery(terms.map((t) => t.term)),
      terms,
      persona: options.persona,
      asOf: options.asOf ?? null,
      k: options.k ?? 10,
      candidates: Math.max(tuning.candidates, options.k ?? 10),
      // The legs on their own are the modes `vector` and `text`, each at weight 1.
      vectorWeight: mode === 'text' ? 0 : mode === 'vector' ? 1 : tuning.vectorWeight,
      textWeight: mode === 'vector' ? 0 : 1,
      passageWeight: tuning.passageWeight,
      documentWeight: tuning.documentWeight,
      efSearch: tuning.efSearch,
      metadataTerms: tuning.metadataTerms,
      vectorAllCandidates: tuning.vectorAllCandidates,
    });
    return rows.map(toPassage);
  }

  /**
   * The question's content words plus, when the embedder can, their nearest corpus words: paraphrased
   * questions ("liberty", "confidential") then still meet passages that say "freedom", "secret".
   */
  private async textTerms(query: string, tuning: RetrievalTuning): Promise<SearchTerm[]> {
    const words = contentWords(query);
    const terms = new Map<string, SearchTerm>();
    for (const w of words) {
      const embeddable =
        tuning.coverageWeighting > 0 && this.embedder.represents ? await this.embedder.represents(w) : true;
      terms.set(w, { term: w, weight: 1, asked: true, embeddable });
    }
    const { expansions, expansionMinSimilarity, expansionWeight } = tuning;
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
