/** A failed request, carrying the api's error code (`rate_limited`, `validation_failed`…) or `network` when the server was unreachable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.code === 'network';
  }
}

export function networkError(): ApiError {
  return new ApiError(0, 'network', 'Cannot reach Parley.');
}

/** A short message for people, chosen by error code; the server's message is used when it is the clearest. */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (e.code) {
    case 'network':
      return 'Cannot reach Parley: the connection was lost. Reconnecting…';
    case 'rate_limited':
      return 'You are asking too quickly. Wait a few seconds, then try again.';
    case 'stream_interrupted':
      return 'The answer was cut off because the connection dropped.';
    case 'classroom_locked':
      return 'The teacher has paused questions for now. You can ask again when the room is unlocked.';
    case 'classroom_ended':
      return 'This class session has ended.';
    case 'busy':
      return 'Parley is busy answering other questions. Please try again in a moment.';
    case 'model_unavailable':
    case 'database_unavailable':
    case 'shutting_down':
      return 'Parley is temporarily unavailable. Please try again in a moment.';
    case 'internal_error':
      return 'Parley had a problem answering. Please try again in a moment.';
    default:
      return e.message || 'Something went wrong. Please try again.';
  }
}
