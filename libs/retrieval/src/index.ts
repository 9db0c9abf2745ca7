export {
  DEFAULT_TEXT_CANDIDATES,
  HybridSearchRepository,
  SEARCH_MODES,
  anyLexemeQuery,
  candidateLexemes,
  type Bm25SearchParams,
  type HybridSearchParams,
  type HybridSearchRow,
  type QueryPlan,
  type SearchMode,
  type SearchTerm,
} from './hybrid-search.repository';
export { contentWords, inFirstPerson, orQuery, toTextQuery } from './query-text';
export {
  DEFAULT_TUNING,
  RetrievalService,
  type RetrievalTuning,
  type SearchOptions,
} from './retrieval.service';
export { RetrievalModule } from './retrieval.module';
