import { Inject, Injectable } from '@nestjs/common';
import type { Passage } from '@parley/contracts';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { HybridSearchRepository, type HybridSearchRow, type SearchMode } from './hybrid-search.repository';
import { toTextQuery } from './query-text';

export interface SearchOptions {
  persona: string | null;
  query: string;
  asOf?: string | null;
  k?: number;
  mode?: SearchMode;
  maxPerDocument?: number;
}

export interface RetrievalTuning {
  candidates: number;
  vectorWeight: number;
  textWeight: number;
  efSearch: number;
}

export const DEFAULT_TUNING: RetrievalTuning = {
  candidates: 50,
  vectorWeight: 1,
  textWeight: 1,
  efSearch: 100,
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
    const queryVector =
      mode === 'text'
        ? new Array<number>(this.embedder.dimension).fill(0)
        : await this.embedder.embedQuery(options.query);
    const rows = await this.repository.search({
      embedder: this.embedder.id,
      dims: this.embedder.dimension,
      queryVector,
      textQuery: mode === 'vector' ? '' : toTextQuery(options.query),
      persona: options.persona,
      asOf: options.asOf ?? null,
      k: options.k ?? 10,
      candidates: Math.max(this.tuning.candidates, options.k ?? 10),
      maxPerDocument: options.maxPerDocument ?? 2,
      vectorWeight: mode === 'text' ? 0 : this.tuning.vectorWeight,
      textWeight: mode === 'vector' ? 0 : this.tuning.textWeight,
      efSearch: this.tuning.efSearch,
    });
    return rows.map(toPassage);
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
