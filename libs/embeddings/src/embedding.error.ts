import { AppError, ErrorCode } from '@parley/core';

/** The embedding service failed or refused us; the exception filter answers 503 `model_unavailable`. */
export class EmbeddingServiceError extends AppError {
  constructor(
    message: string,
    /** HTTP status of the failing response, when there was one. */
    readonly status?: number,
    cause?: unknown,
  ) {
    super(ErrorCode.ModelUnavailable, message, status === undefined ? undefined : { status });
    this.name = 'EmbeddingServiceError';
    if (cause !== undefined) this.cause = cause;
  }
}
