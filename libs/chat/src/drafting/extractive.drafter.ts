import type { Draft, Drafter, DraftRequest } from './drafter';

/** The offline drafter: the extractive answer the relevance gate already read, as it is. */
export class ExtractiveDrafter implements Drafter {
  readonly id = 'extractive';
  readonly streams = false;

  draft(request: DraftRequest): Promise<Draft> {
    return Promise.resolve({
      text: request.extract.text,
      sources: request.extract.sources,
      generator: this.id,
      notice: null,
      streamed: false,
      declined: false,
    });
  }
}
