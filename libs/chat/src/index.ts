export * from './chat.types';
export * from './chat.service';
export * from './chat.module';
export * from './answer-generator';
export * from './answer-policy';
export * from './conversation.repository';
export * from './verifier';
export * from './conversation-retention.service';
export { hashConversationSecret } from './conversation-secret';
export { DRAFTER, type Draft, type Drafter, type DraftRequest } from './drafting/drafter';
export { NO_ANSWER } from './drafting/model.drafter';
export type { Reading } from './passage-reader';
export {
  RELEVANCE_MODEL_PATH,
  RelevanceModelFileSchema,
  readRelevanceModelFile,
} from './relevance-model.file';
