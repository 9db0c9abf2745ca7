import { Inject, Injectable } from '@nestjs/common';
import type { Passage } from '@parley/contracts';
import { sigmoid } from '@parley/core';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import {
  HybridSearchRepository,
  type HybridSearchRow,
  type SearchMode,
  type SearchTerm,
} from './hybrid-search.repository';
import { feedbackTerms } from './feedback-terms';
import { contentWords, inFirstPerson, orQuery } from './query-text';
import { DEFAULT_TUNING, type RetrievalTuning } from './retrieval-tuning';
import {
  bareCandidate,
  rerankFeatures,
  rerankOrder,
  rerankScore,
  type RerankCandidate,
  type RerankFeatures,
  type RerankModel,
} from './rerank-model';
import { readRerankModelFile } from './rerank-model.file';
import { WordNet, type RelatedLemma } from './wordnet';
import { wordNetSearchTerms } from './wordnet-terms';

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
    const k = options.k ?? 10;
    if (mode === 'bm25') return (await this.bm25Rows(options, k)).map(toPassage);
    const model = mode === 'hybrid' && tuning.rerank > 0 ? this.rerankModel() : null;
    if (!model) return (await this.fusedRows(options, tuning, mode, k)).map(toPassage);
    const { rows, features } = await this.rerankCandidates(options);
    return rerankOrder(model, features)
      .slice(0, k)
      .map((i, rank) => {
        const p = toPassage(rows[i], rank);
        return { ...p, scores: { ...p.scores, fused: sigmoid(rerankScore(model, features[i])) } };
      });
  }

  /**
   * The re-ranker's candidates: the union of the hybrid's top N (without re-ranking) and plain BM25's top N
   * (N = `candidates`), hybrid order first then BM25's, each with its features (see `rerankFeatures`). Public for
   * the fit (`npm run eval -- --fit-rerank`).
   */
  async rerankCandidates(
    options: SearchOptions,
  ): Promise<{ rows: HybridSearchRow[]; candidates: RerankCandidate[]; features: RerankFeatures[] }> {
    const tuning: RetrievalTuning = { ...DEFAULT_TUNING, ...options.tuning };
    const depth = Math.max(tuning.candidates, options.k ?? 10);
    const queryVector = await this.embedder.embedQuery(inFirstPerson(options.query));
    const words = contentWords(options.query);
    const [hybrid, bm25, lexemes] = [
      await this.fusedRows(options, tuning, 'hybrid', depth, queryVector),
      await this.bm25Rows(options, depth),
      await this.repository.questionLexemes(words),
    ];
    const rows: HybridSearchRow[] = [];
    const at = new Map<string, number>();
    const candidates: RerankCandidate[] = [];
    const add = (r: HybridSearchRow) => {
      if (at.has(r.chunk_id)) return at.get(r.chunk_id) as number;
      at.set(r.chunk_id, rows.length);
      rows.push(r);
      candidates.push(bareCandidate(r.chunk_id, r.document_id, r.text));
      return rows.length - 1;
    };
    hybrid.forEach((r, i) => {
      const c = candidates[add(r)];
      c.hybridRank = i + 1;
      c.hybridFused = r.fused;
      c.textScore = r.text_score;
    });
    bm25.forEach((r, i) => {
      const c = candidates[add(r)];
      c.bm25Rank = i + 1;
      c.bm25Score = r.fused;
    });
    const evidence = await this.repository.candidateEvidence({
      ids: rows.map((r) => r.chunk_id),
      lexemes: lexemes.map((l) => l.lexeme),
      embedder: this.embedder.id,
      dims: this.embedder.dimension,
      queryVector,
    });
    for (const e of evidence) {
      const c = candidates[at.get(e.chunk_id) as number];
      c.tokens = e.tokens;
      c.cosine = e.cosine;
      c.textLexemes = e.text_lexemes;
      c.titleLexemes = e.title_lexemes;
    }
    rows.forEach((r, i) => (r.vector_score = candidates[i].cosine));
    return { rows, candidates, features: rerankFeatures(options.query, lexemes, candidates, depth) };
  }

  /** The fitted re-ranking model (`prompts/rerank-model.yaml`), read once; null when there is none. */
  private rerankModel(): RerankModel | null {
    if (this.model === undefined) this.model = readRerankModelFile()?.model ?? null;
    return this.model;
  }

  private model: RerankModel | null | undefined;

  private async bm25Rows(options: SearchOptions, k: number): Promise<HybridSearchRow[]> {
    return this.repository.searchBm25({
      words: contentWords(options.query),
      persona: options.persona,
      asOf: options.asOf ?? null,
      k,
    });
  }

  /** The fused search (or one of its legs) without re-ranking. */
  private async fusedRows(
    options: SearchOptions,
    tuning: RetrievalTuning,
    mode: Exclude<SearchMode, 'bm25'>,
    k: number,
    vector?: number[],
  ): Promise<HybridSearchRow[]> {
    const queryVector =
      mode === 'text'
        ? new Array<number>(this.embedder.dimension).fill(0)
        : (vector ?? (await this.embedder.embedQuery(inFirstPerson(options.query))));
    const asked = mode === 'vector' ? [] : await this.textTerms(options.query, tuning);
    const feedback =
      mode === 'vector' || tuning.feedbackChunks === 0
        ? []
        : await this.feedbackTerms(options, tuning, mode, queryVector);
    const terms = [...asked, ...feedback];
    return this.repository.search({
      embedder: this.embedder.id,
      dims: this.embedder.dimension,
      queryVector,
      textQuery: orQuery(terms.map((t) => t.term)),
      terms,
      persona: options.persona,
      asOf: options.asOf ?? null,
      k,
      candidates: Math.max(tuning.candidates, k),
      // The legs on their own are the modes `vector` and `text`, each at weight 1.
      vectorWeight: mode === 'text' ? 0 : mode === 'vector' ? 1 : tuning.vectorWeight,
      textWeight: mode === 'vector' ? 0 : 1,
      passageWeight: tuning.passageWeight,
      documentWeight: tuning.documentWeight,
      efSearch: tuning.efSearch,
      metadataTerms: tuning.metadataTerms,
      vectorAllCandidates: tuning.vectorAllCandidates,
      vectorConfidence: tuning.vectorConfidence,
      textK1: tuning.textK1,
      textB: tuning.textB,
    });
  }

  /**
   * Pseudo-relevance feedback: the first pass (the text leg, or the hybrid with `feedbackHybrid`; the text leg in
   * mode `text`) ranks the question's passages without feedback, and the telling words of its best
   * `feedbackChunks` (RM3, see `feedbackTerms`) join the final query as weighted terms that were not asked. A
   * passage that says what the best ones say in other words than the question's can then be found.
   */
  private async feedbackTerms(
    options: SearchOptions,
    tuning: RetrievalTuning,
    mode: Exclude<SearchMode, 'bm25' | 'vector'>,
    queryVector: number[],
  ): Promise<SearchTerm[]> {
    const firstPass = mode === 'hybrid' && tuning.feedbackHybrid > 0 ? 'hybrid' : 'text';
    const top = await this.fusedRows(
      options,
      { ...tuning, feedbackChunks: 0 },
      firstPass,
      tuning.feedbackChunks,
      queryVector,
    );
    const rows = await this.repository.feedbackLexemes({
      ids: top.map((r) => r.chunk_id),
      words: contentWords(options.query),
      persona: options.persona,
      asOf: options.asOf ?? null,
    });
    const lexemes = rows.map((r) => ({
      chunkId: r.chunk_id,
      lexeme: r.lexeme,
      n: r.n,
      tokens: r.tokens,
      df: r.df,
      asked: r.asked,
    }));
    return feedbackTerms(lexemes, {
      scores: new Map(top.map((r) => [r.chunk_id, r.fused])),
      corpusChunks: rows[0]?.corpus_chunks ?? 0,
      terms: tuning.feedbackTerms,
      weight: tuning.feedbackWeight,
      maxDfShare: tuning.feedbackMaxDf,
    }).map((t) => ({ term: t.lexeme, weight: t.weight, asked: false, embeddable: true, stemmed: true }));
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
    if (tuning.wordnetWeight > 0 && tuning.wordnetTerms > 0) {
      for (const t of await this.wordNetTerms(words, tuning)) {
        const before = terms.get(t.term);
        if (!before || (!before.asked && before.weight < t.weight)) terms.set(t.term, t);
      }
    }
    return [...terms.values()];
  }

  /**
   * The question's WordNet expansions (`wordNetSearchTerms`): synonyms (and near relations) of its words that the
   * corpus holds, weighted by `wordnetWeight` and by how likely both words are used in the linking sense. The
   * database is opened at the first question that asks for it.
   */
  private async wordNetTerms(words: string[], tuning: RetrievalTuning): Promise<SearchTerm[]> {
    const wordnet = WordNet.open();
    const related = new Map<string, RelatedLemma[]>();
    const proposed = new Set<string>();
    for (const w of words) {
      // A few more than the cap per word, since some will be absent from the corpus or stem like a question word.
      const list = wordnet
        .related(w, tuning.wordnetRelations === 1 ? 1 : 0)
        .slice(0, 8 * tuning.wordnetTerms + 8);
      related.set(w, list);
      list.forEach((r) => proposed.add(r.lemma));
    }
    if (proposed.size === 0) return [];
    const lexemes = await this.repository.termLexemes([...words, ...proposed]);
    return wordNetSearchTerms(words, related, lexemes, {
      weight: tuning.wordnetWeight,
      perWord: tuning.wordnetTerms,
      maxShare: tuning.wordnetMaxShare,
    });
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
