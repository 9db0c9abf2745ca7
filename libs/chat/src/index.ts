export {
  ANSWER_PIPELINE,
  type AnswerEvent,
  type AnswerPipeline,
  type AskOptions,
  type DebateTurnContext,
} from './chat.types';
export { ChatService } from './chat.service';
export { ChatModule } from './chat.module';
export { passageCitation } from './verifier';
export { AnswerGenerator, readFurther, type GenerateInput, type GeneratedAnswer } from './answer-generator';
export {
  AnswerPolicySchema,
  DEFAULT_ANSWER_POLICY,
  configuredAnswerPolicy,
  type AnswerPolicy,
} from './answer-policy';
export {
  ConversationRepository,
  type CompletedAnswer,
  type ConversationRow,
  type MessageRow,
} from './conversation.repository';
export {
  FUZZY_MIN_SIMILARITY,
  MIN_OVERLAP_SHARE,
  verifyAnswer,
  verifyInvariants,
  type RemovalReason,
  type RemovedSentence,
  type VerifiedAnswer,
  type VerifierPassage,
  type VerifyAnswerInput,
} from './verifier';
export { ConversationRetentionService } from './conversation-retention.service';
export { hashConversationSecret } from './conversation-secret';
export { TopicCorpus } from './topic-corpus';
export { DRAFTER, type Draft, type Drafter, type DraftRequest } from './drafting/drafter';
export { NO_ANSWER } from './drafting/model.drafter';
export { PassageReader, type Reading } from './passage-reader';
export { atMostPerDocument } from './passage-diversity';
export {
  RELEVANCE_MODEL_PATH,
  RelevanceModelFileSchema,
  readRelevanceModelFile,
} from './relevance-model.file';
