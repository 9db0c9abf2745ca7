import type { Socket } from 'socket.io';
import { AppError, ErrorCode } from '@parley/core';
import { isOriginAllowed } from './socket-server.options';

/** Refuses a handshake from a browser page whose origin is not allowed. */
export function assertOrigin(socket: Socket, allowedOrigins: string[]): void {
  const { origin, host } = socket.handshake.headers;
  if (!isOriginAllowed(origin, host, allowedOrigins)) {
    throw new AppError(ErrorCode.Forbidden, 'Connections from this origin are not allowed.');
  }
}

/** The token a client sends as `io(url, { auth: { token } })`. */
export function handshakeToken(socket: Socket): unknown {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  return auth?.token;
}
