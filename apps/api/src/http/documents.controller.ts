import { Controller, Get, Inject, Param } from '@nestjs/common';
import { AppError, ErrorCode } from '@parley/core';
import { CorpusRepository, type DocumentWithText } from '@parley/corpus';

@Controller('api/documents')
export class DocumentsController {
  constructor(@Inject(CorpusRepository) private readonly corpus: CorpusRepository) {}

  /** A document by stable id or by URL-encoded corpus path (`lenin%2Fthe-state-and-revolution.txt`). */
  @Get(':id')
  async get(@Param('id') id: string): Promise<DocumentWithText> {
    if (id.length > 300) throw new AppError(ErrorCode.ValidationFailed, 'id: too long');
    // Postgres text cannot hold NUL; no id or corpus path has control characters.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(id))
      throw new AppError(ErrorCode.ValidationFailed, 'id: control characters');
    const doc = await this.corpus.findDocument(id);
    if (!doc) throw new AppError(ErrorCode.UnknownDocument, `No document "${id}".`);
    return doc;
  }
}
