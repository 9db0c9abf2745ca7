import { Module } from '@nestjs/common';
import { CorpusModule } from '@parley/corpus';
import { EmbeddingsModule } from '@parley/embeddings';
import { LlmModule } from '@parley/llm';
import { PersonasModule } from '@parley/personas';
import { RetrievalModule } from '@parley/retrieval';
import { AnswerGenerator } from './answer-generator';
import { ANSWER_PIPELINE } from './chat.types';
import { ChatService } from './chat.service';
import { ConversationRepository } from './conversation.repository';
import { ConversationRetentionService } from './conversation-retention.service';
import { TopicCorpus } from './topic-corpus';

@Module({
  imports: [CorpusModule, EmbeddingsModule, LlmModule, PersonasModule, RetrievalModule],
  providers: [
    ConversationRepository,
    AnswerGenerator,
    TopicCorpus,
    ChatService,
    ConversationRetentionService,
    { provide: ANSWER_PIPELINE, useExisting: ChatService },
  ],
  exports: [ChatService, TopicCorpus, ANSWER_PIPELINE, ConversationRepository, ConversationRetentionService],
})
export class ChatModule {}
