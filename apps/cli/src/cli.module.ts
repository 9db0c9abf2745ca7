import { Module } from '@nestjs/common';
import { ChatModule } from '@parley/chat';
import { ConfigModule } from '@parley/config';
import { CorpusModule } from '@parley/corpus';
import { DatabaseModule } from '@parley/database';
import { EmbeddingsModule } from '@parley/embeddings';
import { PersonasModule } from '@parley/personas';
import { RetrievalModule } from '@parley/retrieval';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    EmbeddingsModule,
    CorpusModule,
    RetrievalModule,
    PersonasModule,
    ChatModule,
  ],
})
export class CliModule {}
