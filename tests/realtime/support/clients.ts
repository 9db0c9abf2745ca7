import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import type {
  ClassroomEvent,
  CreateClassroomRequest,
  CreateClassroomResponse,
  JoinClassroomResponse,
} from '@parley/contracts';
import { EXILE, FOUNDER } from '../../support/fixture-corpus';

export type ClientSocket = Socket;

type CreateBody = Partial<Omit<CreateClassroomRequest, 'personas'>> & { personas?: string[] };

export async function createClassroom(url: string, body: CreateBody = {}): Promise<CreateClassroomResponse> {
  const res = await request(url)
    .post('/api/classrooms')
    .send({ title: 'Revolutions, period 3', personas: [FOUNDER, EXILE], ...body })
    .expect(201);
  return res.body as CreateClassroomResponse;
}

export async function joinClassroom(
  url: string,
  code: string,
  displayName: string,
): Promise<JoinClassroomResponse> {
  const res = await request(url).post('/api/classrooms/join').send({ code, displayName }).expect(201);
  return res.body as JoinClassroomResponse;
}

export interface ConnectOptions {
  origin?: string;
  transports?: ('websocket' | 'polling')[];
}

/** A real socket.io client, connected (or rejected with the server's coded error). */
export function connect(
  url: string,
  namespace: '/chat' | '/classroom',
  token: unknown,
  options: ConnectOptions = {},
): Promise<ClientSocket> {
  const socket = io(`${url}${namespace}`, {
    auth: { token },
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(new Error(e.message), { data: e.data }));
    });
  });
}

/** The coded error a refused handshake carries. */
export async function connectError(
  url: string,
  namespace: '/chat' | '/classroom',
  token: unknown,
  options: ConnectOptions = {},
) {
  try {
    const socket = await connect(url, namespace, token, options);
    socket.close();
  } catch (e) {
    return (e as { data?: { code: string; message: string } }).data;
  }
  throw new Error('the handshake was accepted');
}

export interface AckResult {
  ok: boolean;
  error?: { code: string; message: string; retryAfterMs?: number };
  [key: string]: unknown;
}

export function emitAck(
  socket: ClientSocket,
  event: string,
  payload: unknown = {},
  timeoutMs = 10_000,
): Promise<AckResult> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckResult>;
}

export interface Received {
  type: string;
  payload: unknown;
}

/** Records every event a socket receives; waits for the ones a test expects. */
export class Inbox {
  readonly received: Received[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(readonly socket: ClientSocket) {
    socket.onAny((type: string, payload: unknown) => {
      this.received.push({ type, payload });
      this.waiters = this.waiters.filter((w) => {
        if (!w.check()) return true;
        w.resolve();
        return false;
      });
    });
  }

  of<T = unknown>(type: string): T[] {
    return this.received.filter((r) => r.type === type).map((r) => r.payload as T);
  }

  /** Persisted classroom events, in arrival order. */
  events(): ClassroomEvent[] {
    return this.received
      .map((r) => r.payload as ClassroomEvent)
      .filter((p) => p && typeof p === 'object' && typeof p.id === 'number' && typeof p.type === 'string');
  }

  async waitFor<T = unknown>(
    type: string,
    predicate: (payload: T) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<T> {
    const find = () => this.of<T>(type).find(predicate);
    await this.until(() => find() !== undefined, timeoutMs, `event ${type}`);
    return find() as T;
  }

  async until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

/** Resolves when the socket is disconnected by the server. */
export function disconnected(socket: ClientSocket, timeoutMs = 10_000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for disconnect')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A fresh token for the /chat namespace, as the web app gets one. */
export async function chatToken(url: string): Promise<string> {
  const res = await request(url).post('/api/realtime/chat-tokens').expect(201);
  return (res.body as { token: string }).token;
}
