import { io, type Socket } from 'socket.io-client';
import { SocketErrorSchema, type SocketError } from '@parley/contracts';

/** Client → server event names of the `/classroom` namespace (docs/realtime.md). */
export const ClientEvent = {
  resync: 'resync',
  ask: 'ask',
  thread: 'thread',
  lock: 'room:lock',
  broadcast: 'broadcast',
  pin: 'exchange:pin',
  remove: 'participant:remove',
  end: 'session:end',
  debateMotion: 'debate:motion',
  debateNext: 'debate:next',
  moderate: 'moderation:decide',
} as const;

export type AckResult<T> = { ok: true; value: T } | { ok: false; error: SocketError };

export function connectClassroom(token: string): Socket {
  return io('/classroom', {
    auth: { token },
    transports: ['websocket', 'polling'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
}

const TIMEOUT_MS = 15_000;

/** Emits with an ack and resolves with the ack body; a timeout or disconnect becomes a coded error. */
export function emitWithAck<T extends object>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<AckResult<T>> {
  return socket
    .timeout(TIMEOUT_MS)
    .emitWithAck(event, payload)
    .then(
      (ack: unknown): AckResult<T> => {
        const body = ack as { ok?: boolean; error?: unknown };
        if (body && body.ok === true) return { ok: true, value: body as T };
        const parsed = SocketErrorSchema.safeParse(body?.error);
        return {
          ok: false,
          error: parsed.success
            ? parsed.data
            : { code: 'bad_response', message: 'Unexpected reply from the server.' },
        };
      },
      (): AckResult<T> => ({
        ok: false,
        error: { code: 'network', message: 'No reply from the server: the connection may be down.' },
      }),
    );
}
