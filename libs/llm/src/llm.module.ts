import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import type { ChatModel } from './chat-model';
import { OpenAIChatModel } from './openai-chat.model';

/** Injection token for `ChatModel | null`: null means offline, answers are extractive. */
export const CHAT_MODEL = Symbol('CHAT_MODEL');

/** The configured chat model when OPENAI_API_KEY is set, else null. */
export function chatModelFromConfig(config: AppConfig): ChatModel | null {
  return config.OPENAI_API_KEY ? OpenAIChatModel.fromConfig(config) : null;
}

/** Provides `CHAT_MODEL`; relies on the global ConfigModule for `APP_CONFIG`. */
@Module({
  providers: [{ provide: CHAT_MODEL, inject: [APP_CONFIG], useFactory: chatModelFromConfig }],
  exports: [CHAT_MODEL],
})
export class LlmModule {}
