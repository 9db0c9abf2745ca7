import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import {
  CLASSROOM_EVENT_TYPES,
  ClassroomEventSchema,
  ExchangeCitationsEventSchema,
  ExchangeDeltaEventSchema,
  type ClassroomEvent,
  type ClassroomView,
  type Exchange,
  type SocketError,
} from '@parley/contracts';
import { classroomReducer, initialClassroomState, type ClassroomState } from './classroom-state';
import type { StoredSession } from './classroom-session';
import { ClientEvent, connectClassroom, emitWithAck, type AckResult } from './classroom-socket';

export type SocketStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface ClassroomActions {
  ask(persona: string, message: string): Promise<AckResult<{ exchange: Exchange }>>;
  lock(locked: boolean): Promise<AckResult<object>>;
  broadcast(text: string): Promise<AckResult<object>>;
  pin(exchangeId: string, pinned: boolean): Promise<AckResult<object>>;
  remove(participantId: string): Promise<AckResult<object>>;
  end(): Promise<AckResult<object>>;
  setMotion(motion: string, personas?: string[]): Promise<AckResult<object>>;
  nextTurn(): Promise<AckResult<object>>;
  moderate(exchangeId: string, decision: 'release' | 'dismiss'): Promise<AckResult<object>>;
}

export interface Classroom {
  state: ClassroomState;
  status: SocketStatus;
  /** Why the server refused this participant (expired token, removed, unknown session). */
  refusal: SocketError | null;
  actions: ClassroomActions;
}

interface ResyncValue {
  classroom: ClassroomView;
  events: ClassroomEvent[];
  more: boolean;
}

/**
 * A live session over socket.io: resyncs from the event log on every (re)connection, so a dropped connection
 * loses nothing; live events arriving during a resync are held back and applied after it, in id order.
 */
export function useClassroom(session: StoredSession): Classroom {
  const [state, dispatch] = useReducer(classroomReducer, initialClassroomState);
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [refusal, setRefusal] = useState<SocketError | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const lastId = useRef(0);
  lastId.current = state.lastEventId;

  useEffect(() => {
    const socket = connectClassroom(session.token);
    socketRef.current = socket;
    const self = session.participantId;
    let resyncing = false;
    let held: ClassroomEvent[] = [];

    const apply = (event: ClassroomEvent) => dispatch({ type: 'event', event, self });

    async function resync() {
      resyncing = true;
      held = [];
      let after = lastId.current;
      try {
        for (;;) {
          const r = await emitWithAck<ResyncValue>(socket, ClientEvent.resync, { after, limit: 500 });
          if (!r.ok) {
            if (r.error.code !== 'network') setRefusal(r.error);
            return;
          }
          for (const e of r.value.events) apply(e);
          after = r.value.events.at(-1)?.id ?? after;
          dispatch({ type: 'snapshot', classroom: r.value.classroom });
          if (!r.value.more) break;
        }
      } finally {
        resyncing = false;
        for (const e of held.sort((a, b) => a.id - b.id)) apply(e);
        held = [];
      }
    }

    socket.on('connect', () => {
      setStatus('connected');
      setRefusal(null);
      void resync();
    });
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return setStatus('reconnecting');
      // The server closed this socket on purpose (removed, session ended or deleted): one more handshake
      // either says why (connect_error with a code) or, if it was not meant for us, simply resumes.
      setStatus('refused');
      window.setTimeout(() => socket.connect(), 300);
    });
    socket.on('session:deleted', () => {
      setRefusal({ code: 'unknown_classroom', message: 'This session was deleted.' });
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const data = err.data as { code?: string; message?: string } | undefined;
      if (data?.code && data.code !== 'rate_limited') {
        setRefusal({ code: data.code, message: data.message ?? err.message });
        setStatus('refused');
        socket.disconnect();
      } else {
        setStatus('reconnecting');
      }
    });
    for (const type of CLASSROOM_EVENT_TYPES) {
      socket.on(type, (payload: unknown) => {
        const parsed = ClassroomEventSchema.safeParse(payload);
        if (!parsed.success) return;
        const event = parsed.data as ClassroomEvent;
        if (resyncing) held.push(event);
        else apply(event);
      });
    }
    socket.on('exchange:delta', (payload: unknown) => {
      const d = ExchangeDeltaEventSchema.safeParse(payload);
      if (d.success) dispatch({ type: 'delta', exchangeId: d.data.exchangeId, text: d.data.text });
    });
    socket.on('exchange:citations', (payload: unknown) => {
      const c = ExchangeCitationsEventSchema.safeParse(payload);
      if (c.success)
        dispatch({ type: 'citations', exchangeId: c.data.exchangeId, citations: c.data.citations });
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [session.token, session.participantId]);

  const send = useCallback(<T extends object>(event: string, payload: unknown): Promise<AckResult<T>> => {
    const socket = socketRef.current;
    if (!socket?.connected) {
      return Promise.resolve({
        ok: false,
        error: { code: 'network', message: 'Not connected. Reconnecting…' },
      });
    }
    return emitWithAck<T>(socket, event, payload);
  }, []);

  const actions = useMemo<ClassroomActions>(
    () => ({
      ask: async (persona, message) => {
        const r = await send<{ exchange: Exchange }>(ClientEvent.ask, { persona, message });
        if (r.ok) dispatch({ type: 'exchange', exchange: r.value.exchange });
        return r;
      },
      lock: (locked) => send(ClientEvent.lock, { locked }),
      broadcast: (text) => send(ClientEvent.broadcast, { text }),
      pin: (exchangeId, pinned) => send(ClientEvent.pin, { exchangeId, pinned }),
      remove: (participantId) => send(ClientEvent.remove, { participantId }),
      end: () => send(ClientEvent.end, {}),
      setMotion: (motion, personas) =>
        send(ClientEvent.debateMotion, personas ? { motion, personas } : { motion }),
      nextTurn: () => send(ClientEvent.debateNext, {}),
      moderate: async (exchangeId, decision) => {
        const r = await send(ClientEvent.moderate, { exchangeId, decision });
        if (r.ok) dispatch({ type: 'alert-handled', exchangeId });
        return r;
      },
    }),
    [send],
  );

  return { state, status, refusal, actions };
}
