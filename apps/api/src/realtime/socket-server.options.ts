import type { ServerOptions } from 'socket.io';
import { corsOrigins, loadConfig } from '@parley/config';
import { MAX_SOCKET_PACKET_BYTES } from '@parley/contracts';

/** How long a dropped client's session (rooms, missed packets) is kept for connection state recovery. */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/**
 * Options of the one socket.io server both gateways share (decorator options are static, so the
 * CORS callback reads the cached configuration; the handshake middleware checks Origin again with
 * the injected one and answers with a coded error).
 */
export const SOCKET_SERVER_OPTIONS: Partial<ServerOptions> = {
  serveClient: false,
  maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
  // Middlewares run again on recovery: a removed student or a deleted session must not come back.
  connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
  cors: {
    origin: (origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) =>
      callback(null, !origin || corsOrigins(loadConfig()).includes(origin)),
    credentials: false,
  },
};

/**
 * Browsers always send Origin cross-site, so a handshake from a page elsewhere is refused unless its origin
 * is listed; a same-origin page (the web app served by this api) and non-browser clients are allowed.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
