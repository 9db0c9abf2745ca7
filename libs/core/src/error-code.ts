/** Every failure a user can cause or see has one of these codes; the exception filter maps them to HTTP and socket.io errors. */
export enum ErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  UnknownPersona = 'unknown_persona',
  UnknownDocument = 'unknown_document',
  UnknownConversation = 'unknown_conversation',
  AsOfOutOfRange = 'as_of_out_of_range',
  PayloadTooLarge = 'payload_too_large',
  NotFound = 'not_found',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  RateLimited = 'rate_limited',
  UnsupportedMediaType = 'unsupported_media_type',
  ClassroomLocked = 'classroom_locked',
  ClassroomFull = 'classroom_full',
  ClassroomEnded = 'classroom_ended',
  UnknownClassroom = 'unknown_classroom',
  InvalidJoinCode = 'invalid_join_code',
  DisplayNameReserved = 'display_name_reserved',
  DatabaseUnavailable = 'database_unavailable',
  ModelUnavailable = 'model_unavailable',
  ShuttingDown = 'shutting_down',
  /** This instance is at capacity (answer queue full, or no database connection free in time); retry shortly. */
  Busy = 'busy',
  Internal = 'internal_error',
}

/** HTTP status for each code, chosen exhaustively so a new code cannot be forgotten. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.ValidationFailed:
    case ErrorCode.AsOfOutOfRange:
    case ErrorCode.DisplayNameReserved:
      return 400;
    case ErrorCode.Unauthorized:
    case ErrorCode.InvalidJoinCode:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.ClassroomLocked:
    case ErrorCode.ClassroomFull:
      return 403;
    case ErrorCode.UnknownPersona:
    case ErrorCode.UnknownDocument:
    case ErrorCode.UnknownConversation:
    case ErrorCode.UnknownClassroom:
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.ClassroomEnded:
      return 410;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.DatabaseUnavailable:
    case ErrorCode.ModelUnavailable:
    case ErrorCode.ShuttingDown:
    case ErrorCode.Busy:
      return 503;
    case ErrorCode.Internal:
      return 500;
  }
}
