import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorCode } from './error-code';
import { toErrorBody, type ErrorBody } from './error-body';

function fromHttpException(e: HttpException): ErrorBody {
  const status = e.getStatus();
  const code =
    status === 404
      ? ErrorCode.NotFound
      : status === 413
        ? ErrorCode.PayloadTooLarge
        : status === 429
          ? ErrorCode.RateLimited
          : status < 500
            ? ErrorCode.BadRequest
            : ErrorCode.Internal;
  const message = status < 500 ? e.message : 'Something went wrong on our side.';
  return { statusCode: status, code, message };
}

/** Seconds a client told 503 `busy` waits before asking again (the `Retry-After` header). */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** Maps every error to `{ statusCode, code, message }`; never leaks a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // body-parser errors (bad JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: number; type?: string })?.status;
    let body: ErrorBody;
    if (exception instanceof HttpException) body = fromHttpException(exception);
    else if (typeof status === 'number' && status >= 400 && status < 500) {
      const tooLarge = status === 413;
      body = {
        statusCode: status,
        code: tooLarge ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest,
        message: tooLarge ? 'The request body is too large.' : 'The request body is not valid JSON.',
      };
    } else body = toErrorBody(exception);
    // A client at capacity says when to come back; the wait is short because the queue drains in seconds.
    if (body.code === ErrorCode.Busy) res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }
}
