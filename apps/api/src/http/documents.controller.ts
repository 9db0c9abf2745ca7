import { Controller, Get, Inject, Param } from '@nestjs/common';
import { SourceDocumentSchema, type SourceDocument } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { CorpusRepository } from '@parley/corpus';
import { Returns } from './response-contract';

@Controller('api/documents')
export class DocumentsController {
  constructor(@Inject(CorpusRepository) private readonly corpus: CorpusRepository) {}

  /** A document by stable id or by URL-encoded corpus path (`lenin%2Fthe-state-and-revolution.txt`). */
  @Get(':id')
  @Returns(SourceDocumentSchema)
  async get(@Param('id') id: string): Promise<SourceDocument> {
    if (id.length > 300) throw new AppError(ErrorCode.ValidationFailed, 'id: too long');
    // Postgres text cannot hold NUL; no id or corpus path has control characters.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(id))
      throw new AppError(ErrorCode.ValidationFailed, 'id: control characters');
    const doc = await this.corpus.findDocument(id);
    if (!doc) throw new AppError(ErrorCode.UnknownDocument, `No document "${id}".`);
    // The row's ingest bookkeeping (date range, content hash) is not part of the document's contract.
    return {
      id: doc.id,
      source: doc.source,
      persona: doc.persona,
      title: doc.title,
      author: doc.author,
      date: doc.date,
      published: doc.published,
      kind: doc.kind,
      translator: doc.translator,
      url: doc.url,
      license: doc.license,
      sha256: doc.sha256,
      text: doc.text,
    };
  }
}
