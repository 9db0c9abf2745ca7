import { AppError, ErrorCode } from '@parley/core';

/**
 * Why a model call failed:
 * - `timeout`: no response, or no stream chunk, within the configured time;
 * - `http`: an error status (after retries) or a failed connection;
 * - `cut`: the stream ended or broke before the model reported a finish reason;
 * - `auth`: the provider rejected the credentials (401/403); retrying cannot help;
 * - `aborted`: the caller cancelled through its AbortSignal.
 */
export type LlmErrorKind = 'timeout' | 'http' | 'cut' | 'auth' | 'aborted';

const MESSAGES: Record<LlmErrorKind, string> = {
  timeout: 'The language model did not answer in time.',
  http: 'The language model service returned an error.',
  cut: 'The language model stopped in the middle of its answer.',
  auth: 'The language model service rejected our credentials.',
  aborted: 'The request to the language model was cancelled.',
};

/** A model failure the pipeline can act on; if it escapes, the filter answers 503 `model_unavailable`. */
export class LlmError extends AppError {
  /** HTTP status of the failing response, when there was one. */
  readonly status: number | undefined;
  /** How many requests were made before giving up. */
  readonly attempts: number;
  /** The provider's own message, for logs only. */
  readonly detail: string | undefined;

  constructor(
    readonly kind: LlmErrorKind,
    options: { status?: number; attempts?: number; cause?: unknown; detail?: string } = {},
  ) {
    super(ErrorCode.ModelUnavailable, MESSAGES[kind], {
      kind,
      ...(options.status !== undefined && { status: options.status }),
      ...(options.attempts !== undefined && { attempts: options.attempts }),
    });
    this.name = 'LlmError';
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
    // Provider messages can quote the request; they stay in `detail` for logs, never in `message`.
    this.detail = options.detail;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** True for any `LlmError`, optionally of one kind. */
export function isLlmError(e: unknown, kind?: LlmErrorKind): e is LlmError {
  return e instanceof LlmError && (kind === undefined || e.kind === kind);
}
