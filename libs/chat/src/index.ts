export * from './chat.types';
export * from './chat.service';
export * from './chat.module';
export * from './answer-generator';
export * from './answer-policy';
export * from './conversation.repository';
export * from './verifier';
export * from './conversation-retention.service';
export { hashConversationSecret } from './conversation-secret';
