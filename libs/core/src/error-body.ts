import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AppError, errorMessage } from './app-error';
import { ErrorCode, httpStatusFor } from './error-code';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
}

const logger = new Logger('Errors');

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '08006',
  '08003',
  '08001',
]);

/** True when an error means the database could not be reached (as opposed to a bad query). */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  const message = String((e as { message?: unknown }).message ?? '');
  return (
    (typeof code === 'string' && CONNECTION_ERRORS.has(code)) ||
    /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      message,
    )
  );
}

// The same error may be described twice (by the pipeline for its SSE event, then by the HTTP filter):
// remember each body so it is logged once and keeps one correlation id.
const described = new WeakMap<object, ErrorBody>();

/**
 * A failure its pipeline has already reported to the client (as an SSE or socket `error` event), thrown so that
 * callers know not to report it again. `failure` is what was thrown; its public body is the one already sent.
 */
export class ReportedError extends Error {
  constructor(
    readonly failure: unknown,
    readonly body: ErrorBody,
  ) {
    super(body.message, { cause: failure });
    this.name = 'ReportedError';
  }
}

/** What was thrown, seen through a `ReportedError` to the failure it reports. */
export function unreported(e: unknown): unknown {
  return e instanceof ReportedError ? e.failure : e;
}

/** Turns any thrown value into the public error body; unknown errors are logged once with a correlation id. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof ReportedError) return e.body;
  if (e && typeof e === 'object') {
    const known = described.get(e);
    if (known) return known;
    const body = describe(e);
    described.set(e, body);
    return body;
  }
  return describe(e);
}

function describe(e: unknown): ErrorBody {
  if (e instanceof AppError) {
    return { statusCode: httpStatusFor(e.code), code: e.code, message: e.message };
  }
  if (isDatabaseUnavailable(e)) {
    logger.error(`database unavailable: ${errorMessage(e)}`);
    return {
      statusCode: 503,
      code: ErrorCode.DatabaseUnavailable,
      message: 'The database is not reachable right now. Please try again shortly.',
    };
  }
  const correlationId = randomUUID();
  logger.error(`unexpected error ${correlationId}: ${(e as Error)?.stack ?? String(e)}`);
  return {
    statusCode: 500,
    code: ErrorCode.Internal,
    message: 'Something went wrong on our side.',
    correlationId,
  };
}
