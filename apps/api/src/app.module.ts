import { Module } from '@nestjs/common';
import { ChatModule } from '@parley/chat';
import { ConfigModule } from '@parley/config';
import { CorpusModule } from '@parley/corpus';
import { DatabaseModule } from '@parley/database';
import { EmbeddingsModule } from '@parley/embeddings';
import { LlmModule } from '@parley/llm';
import { PersonasModule } from '@parley/personas';
import { RetrievalModule } from '@parley/retrieval';
import { ChatController } from './http/chat.controller';
import { ConversationsController } from './http/conversations.controller';
import { DocumentsController } from './http/documents.controller';
import { HealthController } from './http/health.controller';
import { HealthService } from './http/health.service';
import { PersonasController } from './http/personas.controller';
import { SearchController } from './http/search.controller';
import { RealtimeModule } from './realtime/realtime.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    EmbeddingsModule,
    CorpusModule,
    RetrievalModule,
    PersonasModule,
    ChatModule,
    // Only so /health can say who writes answers (the model or the extractive answerer).
    LlmModule,
    RealtimeModule.forRoot({ pipeline: ChatModule }),
  ],
  controllers: [
    HealthController,
    PersonasController,
    DocumentsController,
    SearchController,
    ChatController,
    ConversationsController,
  ],
  providers: [HealthService],
})
export class AppModule {}
