import { Test } from '@nestjs/testing';
import { APP_CONFIG, ConfigModule, parseConfig } from '@parley/config';
import type { ChatModel } from './chat-model';
import { CHAT_MODEL, LlmModule } from './llm.module';
import { OpenAIChatModel } from './openai-chat.model';

async function resolveChatModel(env: NodeJS.ProcessEnv): Promise<ChatModel | null> {
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, LlmModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(parseConfig(env))
    .compile();
  return moduleRef.get<ChatModel | null>(CHAT_MODEL);
}

describe('LlmModule', () => {
  it('provides no chat model when OPENAI_API_KEY is unset, so answers stay extractive', async () => {
    expect(await resolveChatModel({})).toBeNull();
  });

  it('provides the OpenAI-compatible model named after OPENAI_MODEL when a key is set', async () => {
    const model = await resolveChatModel({ OPENAI_API_KEY: 'k', OPENAI_MODEL: 'llama3' });
    expect(model).toBeInstanceOf(OpenAIChatModel);
    expect(model?.id).toBe('openai:llama3');
  });
});
