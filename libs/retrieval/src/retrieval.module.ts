import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '@parley/embeddings';
import { HybridSearchRepository } from './hybrid-search.repository';
import { RetrievalService } from './retrieval.service';

@Module({
  imports: [EmbeddingsModule],
  providers: [HybridSearchRepository, RetrievalService],
  exports: [RetrievalService],
})
export class RetrievalModule {}
