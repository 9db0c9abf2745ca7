import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { isAppError } from './app-error';
import { ErrorCode } from './error-code';
import { toErrorBody, unreported, type ErrorBody } from './error-body';

function fromHttpException(e: HttpException): ErrorBody {
  const status = e.getStatus();
  const code =
    status === 404
      ? ErrorCode.NotFound
      : status === 413
        ? ErrorCode.PayloadTooLarge
        : status === 415
          ? ErrorCode.UnsupportedMediaType
          : status === 429
            ? ErrorCode.RateLimited
            : status < 500
              ? ErrorCode.BadRequest
              : ErrorCode.Internal;
  const message = status < 500 ? e.message : 'Something went wrong on our side.';
  return { statusCode: status, code, message };
}

/** body-parser refuses a body as too large (413), in a charset or encoding it does not read (415), or as bad JSON. */
function fromBodyParser(status: number): ErrorBody {
  if (status === 413)
    return { statusCode: 413, code: ErrorCode.PayloadTooLarge, message: 'The request body is too large.' };
  if (status === 415)
    return {
      statusCode: 415,
      code: ErrorCode.UnsupportedMediaType,
      message: 'Send the body as JSON in UTF-8, without a content encoding.',
    };
  return { statusCode: status, code: ErrorCode.BadRequest, message: 'The request body is not valid JSON.' };
}
/** Seconds a client told 503 `busy` waits before asking again (the `Retry-After` header). */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** Maps every error to `{ statusCode, code, message }`; never leaks a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = unreported(thrown);
    const res = host.switchToHttp().getResponse<Response>();
    // body-parser errors (bad JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: number; type?: string })?.status;
    let body: ErrorBody;
    if (exception instanceof HttpException) body = fromHttpException(exception);
    else if (typeof status === 'number' && status >= 400 && status < 500) body = fromBodyParser(status);
    else body = toErrorBody(exception);
    // A client at capacity says when to come back; the wait is short because the queue drains in seconds.
    if (body.code === ErrorCode.Busy) res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfterMs = isAppError(exception) ? exception.details?.retryAfterMs : undefined;
    if (typeof retryAfterMs === 'number')
      res.setHeader('Retry-After', String(retryAfterSeconds(retryAfterMs)));
    res.status(body.statusCode).json(body);
  }
}

/** `Retry-After` counts whole seconds: round up, and never say 0 to a client that was just refused. */
function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
