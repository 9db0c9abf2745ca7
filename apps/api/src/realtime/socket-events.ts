import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { MAX_EVENT_PAYLOAD_BYTES, type SocketError } from '@parley/contracts';
import { AppError, ErrorCode, isAppError, parseOrThrow, toErrorBody, unreported } from '@parley/core';

export type AckFn = (response: unknown) => void;

/** The coded error a client sees; `rate_limited` says when to retry. */
export function toSocketError(e: unknown): SocketError {
  const { code, message } = toErrorBody(e);
  const failure = unreported(e);
  const retryAfterMs = isAppError(failure) ? failure.details?.retryAfterMs : undefined;
  return typeof retryAfterMs === 'number' ? { code, message, retryAfterMs } : { code, message };
}

/** Refuses a payload over the per-event cap before it is parsed. */
export function assertPayloadSize(payload: unknown): void {
  if (payload === undefined) return;
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8');
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, 'The payload is not plain JSON.');
  }
  if (size > MAX_EVENT_PAYLOAD_BYTES) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `The payload is larger than ${MAX_EVENT_PAYLOAD_BYTES} bytes.`,
    );
  }
}

/**
 * Runs one client event: size cap, zod validation, the handler; acks `{ ok: true, ...result }` or
 * `{ ok: false, error }`. Without an ack callback a failure is emitted as `request:error`.
 */
export async function handleEvent<S extends z.ZodType, R extends object>(
  socket: Socket,
  event: string,
  ack: AckFn | undefined,
  schema: S,
  payload: unknown,
  run: (input: z.infer<S>) => Promise<R | void>,
): Promise<void> {
  try {
    assertPayloadSize(payload);
    const input = parseOrThrow(schema, payload ?? {});
    const result = await run(input);
    if (typeof ack === 'function') ack({ ok: true, ...(result ?? {}) });
  } catch (e) {
    const error = toSocketError(e);
    if (typeof ack === 'function') ack({ ok: false, error });
    else socket.emit('request:error', { event, ...error });
  }
}

/**
 * Answers an event that no handler subscribes to with `not_found` (ack, or `request:error`), so a client
 * awaiting an ack is not left hanging; `known` is the namespace's contract (`CHAT_CLIENT_EVENTS`…).
 */
export function refuseUnknownEvents(socket: Socket, known: readonly string[]): void {
  socket.use(([event, ...args], next) => {
    if (typeof event === 'string' && known.includes(event)) return next();
    const error = { code: ErrorCode.NotFound, message: `There is no event "${String(event)}" here.` };
    const ack: unknown = args[args.length - 1];
    if (typeof ack === 'function') (ack as AckFn)({ ok: false, error });
    else socket.emit('request:error', { event: String(event), ...error });
  });
}

/** A handshake refusal: the client's `connect_error` carries `data: { code, message }`. */
export function handshakeError(e: unknown): Error & { data: SocketError } {
  const error = toSocketError(e);
  return Object.assign(new Error(error.message), { data: error });
}

/** The client's address (for per-address rate limits). */
export function socketAddress(socket: Socket): string {
  return socket.handshake.address || 'unknown';
}
