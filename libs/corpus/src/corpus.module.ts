import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '@parley/embeddings';
import { CorpusRepository } from './corpus.repository';
import { EmbeddingRepository } from './embedding.repository';
import { IngestRunRepository } from './ingest-run.repository';
import { IngestService } from './ingest.service';

@Module({
  imports: [EmbeddingsModule],
  providers: [CorpusRepository, EmbeddingRepository, IngestRunRepository, IngestService],
  exports: [CorpusRepository, EmbeddingRepository, IngestRunRepository, IngestService],
})
export class CorpusModule {}
