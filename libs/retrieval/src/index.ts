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
  type TextScoring,
} from './hybrid-search.repository';
export {
  feedbackTerms,
  type FeedbackLexeme,
  type FeedbackOptions,
  type FeedbackTerm,
} from './feedback-terms';
export { contentWords, inFirstPerson, orQuery, toTextQuery } from './query-text';
export { RetrievalService, type SearchOptions } from './retrieval.service';
export {
  DEFAULT_TUNING,
  RetrievalTuningOverrideSchema,
  RetrievalTuningSchema,
  effectiveTuning,
  parseTuningOverride,
  type RetrievalTuning,
} from './retrieval-tuning';
export { RetrievalModule } from './retrieval.module';
export {
  RERANK_FEATURES,
  RerankModelSchema,
  fitRerankModel,
  rerankFeatures,
  rerankOrder,
  rerankScore,
  type LabelledCandidate,
  type QuestionLexeme,
  type RerankCandidate,
  type RerankFeature,
  type RerankFeatures,
  type RerankModel,
} from './rerank-model';
export {
  RERANK_MODEL_PATH,
  RerankModelFileSchema,
  readRerankModelFile,
  type RerankModelFile,
} from './rerank-model.file';
