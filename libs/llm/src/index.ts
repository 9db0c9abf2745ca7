export * from './chat-model';
export * from './llm.error';
export * from './openai-chat.model';
export * from './llm.module';
export * from './extractive-templates';
export * from './extractive.answerer';
export { isPersonaSpeaker, type ExtractivePassage, type PersonaRef, type Voice } from './passage-sentences';
export * from './relevance-model';
