export { type ChatMessage, type ChatModel, type ChatOptions, type ChatRole } from './chat-model';
export { LlmError, isLlmError, type LlmErrorKind } from './llm.error';
export {
  OpenAIChatModel,
  type OpenAIChatModelOptions,
  type OpenAIChatModelTuning,
} from './openai-chat.model';
export { CHAT_MODEL, LlmModule, chatModelFromConfig } from './llm.module';
export {
  FALLBACK_CONTINUATION_QUOTE,
  FALLBACK_SPEAKER_QUOTE,
  frameAnswer,
  pickVariant,
  renderTemplate,
  spokenTitle,
  type ExtractiveTemplates,
  type FrameInput,
  type FramedQuote,
  type TemplateValues,
} from './extractive-templates';
export {
  EXTRACTIVE_MIN_RELEVANCE,
  ExtractiveAnswerer,
  type ExtractiveAnswer,
  type ExtractiveInput,
  type ExtractiveOptions,
  type ExtractiveQuote,
  type ScoredSentence,
  type SentenceSimilarity,
} from './extractive.answerer';
export {
  RELEVANCE_FEATURES,
  RelevanceModelSchema,
  fitRelevanceModel,
  relevanceProbability,
  type FitOptions,
  type LabelledFeatures,
  type RelevanceFeature,
  type RelevanceFeatures,
  type RelevanceModel,
} from './relevance-model';
export { isPersonaSpeaker, type ExtractivePassage, type PersonaRef, type Voice } from './passage-sentences';
