import { Controller, Get, Inject, Query } from '@nestjs/common';
import { SearchQuerySchema, SearchResponseSchema, type SearchResponse } from '@parley/contracts';
import { parseOrThrow } from '@parley/core';
import { PersonaRegistry } from '@parley/personas';
import { RetrievalService } from '@parley/retrieval';
import { Returns } from './response-contract';

@Controller('api/search')
export class SearchController {
  constructor(
    @Inject(RetrievalService) private readonly retrieval: RetrievalService,
    @Inject(PersonaRegistry) private readonly personas: PersonaRegistry,
  ) {}

  @Get()
  @Returns(SearchResponseSchema)
  async search(@Query() query: unknown): Promise<SearchResponse> {
    const q = parseOrThrow(SearchQuerySchema, query);
    const persona = this.personas.get(q.persona);
    const asOf = this.personas.resolveAsOf(persona.id, q.asOf);
    const passages = await this.retrieval.search({ persona: persona.id, query: q.q, asOf, k: q.k });
    return { persona: persona.id, query: q.q, asOf, embedder: this.retrieval.embedderId, passages };
  }
}
