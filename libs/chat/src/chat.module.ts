import { Module } from '@nestjs/common';
import { CorpusModule } from '@parley/corpus';
import { EmbeddingsModule } from '@parley/embeddings';
import { CHAT_MODEL, LlmModule, type ChatModel } from '@parley/llm';
import { PersonasModule, PromptRenderer } from '@parley/personas';
import { RetrievalModule } from '@parley/retrieval';
import { AnswerGenerator } from './answer-generator';
import { ANSWER_PIPELINE } from './chat.types';
import { ChatService } from './chat.service';
import { ConversationRepository } from './conversation.repository';
import { ConversationRetentionService } from './conversation-retention.service';
import { TopicCorpus } from './topic-corpus';
import { DRAFTER, type Drafter } from './drafting/drafter';
import { ExtractiveDrafter } from './drafting/extractive.drafter';
import { ModelDrafter } from './drafting/model.drafter';
import { PassageReader } from './passage-reader';
import { RefusalChecks } from './refusal-checks';

/** The model when one is configured, else the offline extractive answer. */
function drafter(model: ChatModel | null, prompts: PromptRenderer): Drafter {
  return model ? new ModelDrafter(model, prompts) : new ExtractiveDrafter();
}

@Module({
  imports: [CorpusModule, EmbeddingsModule, LlmModule, PersonasModule, RetrievalModule],
  providers: [
    ConversationRepository,
    AnswerGenerator,
    TopicCorpus,
    PassageReader,
    RefusalChecks,
    {
      provide: DRAFTER,
      useFactory: drafter,
      inject: [{ token: CHAT_MODEL, optional: true }, PromptRenderer],
    },
    ChatService,
    ConversationRetentionService,
    { provide: ANSWER_PIPELINE, useExisting: ChatService },
  ],
  exports: [ChatService, TopicCorpus, ANSWER_PIPELINE, ConversationRepository, ConversationRetentionService],
})
export class ChatModule {}
