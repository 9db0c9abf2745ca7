import { Controller, Get, Inject, Param } from '@nestjs/common';
import {
  PersonaDetailSchema,
  PersonaIdSchema,
  PersonaListSchema,
  type PersonaDetail,
  type PersonaSummary,
} from '@parley/contracts';
import { parseOrThrow } from '@parley/core';
import { CorpusRepository } from '@parley/corpus';
import { PersonaRegistry, type Persona } from '@parley/personas';
import { Returns } from './response-contract';

function summary(p: Persona, documents: number): PersonaSummary {
  return {
    id: p.id,
    name: p.name,
    born: p.born,
    died: p.died,
    asOf: p.defaultAsOf,
    description: p.description,
    starters: p.starters,
    documents,
  };
}

@Controller('api/personas')
export class PersonasController {
  constructor(
    @Inject(PersonaRegistry) private readonly personas: PersonaRegistry,
    @Inject(CorpusRepository) private readonly corpus: CorpusRepository,
  ) {}

  @Get()
  @Returns(PersonaListSchema)
  async list(): Promise<PersonaSummary[]> {
    const counts = await this.corpus.personaCounts();
    return this.personas.list().map((p) => summary(p, counts.get(p.id)?.documents ?? 0));
  }

  @Get(':id')
  @Returns(PersonaDetailSchema)
  async get(@Param('id') raw: string): Promise<PersonaDetail> {
    const persona = this.personas.get(parseOrThrow(PersonaIdSchema, raw));
    const documents = await this.corpus.listDocuments(persona.id);
    return {
      ...summary(persona, documents.length),
      biography: persona.biography,
      topics: persona.topics,
      sources: documents.map((d) => ({
        id: d.id,
        source: d.source,
        title: d.title,
        author: d.author,
        date: d.date,
        kind: d.kind,
        translator: d.translator,
        url: d.url,
        license: d.license,
      })),
    };
  }
}
