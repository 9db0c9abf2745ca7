import type { Citation, ClassroomEvent, ClassroomView, Exchange, ParticipantDto } from '@parley/contracts';

export interface LiveAnswer {
  text: string;
  citations: Citation[];
}

export interface Broadcast {
  id: number;
  at: string;
  text: string;
}

export interface ModerationAlert {
  id: number;
  at: string;
  exchangeId: string;
  participantId: string;
  displayName: string;
  persona: string;
  text: string;
  categories: string[];
}

export interface Notice {
  id: number;
  exchangeId: string;
  message: string;
}

/** Everything a participant knows about a session, rebuilt from its event log and kept current by live events. */
export interface ClassroomState {
  classroom: ClassroomView | null;
  participants: Record<string, ParticipantDto & { removed?: boolean }>;
  /** Exchange ids in the order they were asked. */
  order: string[];
  exchanges: Record<string, Exchange>;
  /** Text and passages of answers still streaming, by exchange id (not persisted server-side). */
  live: Record<string, LiveAnswer>;
  broadcasts: Broadcast[];
  alerts: ModerationAlert[];
  notices: Notice[];
  lastEventId: number;
  /** This participant was removed by the teacher. */
  removed: boolean;
}

export const initialClassroomState: ClassroomState = {
  classroom: null,
  participants: {},
  order: [],
  exchanges: {},
  live: {},
  broadcasts: [],
  alerts: [],
  notices: [],
  lastEventId: 0,
  removed: false,
};

export type ClassroomAction =
  | { type: 'snapshot'; classroom: ClassroomView }
  | { type: 'event'; event: ClassroomEvent; self: string }
  | { type: 'delta'; exchangeId: string; text: string }
  | { type: 'citations'; exchangeId: string; citations: Citation[] }
  | { type: 'exchange'; exchange: Exchange }
  | { type: 'thread'; exchanges: Exchange[] }
  | { type: 'alert-handled'; exchangeId: string };

function upsertExchange(s: ClassroomState, exchange: Exchange): ClassroomState {
  const known = exchange.id in s.exchanges;
  return {
    ...s,
    exchanges: { ...s.exchanges, [exchange.id]: exchange },
    order: known ? s.order : [...s.order, exchange.id],
  };
}

function patchExchange(s: ClassroomState, id: string, patch: Partial<Exchange>): ClassroomState {
  const found = s.exchanges[id];
  if (!found) return s;
  return { ...s, exchanges: { ...s.exchanges, [id]: { ...found, ...patch } } };
}

function withoutLive(s: ClassroomState, id: string): Record<string, LiveAnswer> {
  const { [id]: _gone, ...rest } = s.live;
  return rest;
}

export function classroomReducer(s: ClassroomState, action: ClassroomAction): ClassroomState {
  switch (action.type) {
    case 'snapshot':
      return { ...s, classroom: action.classroom };
    case 'exchange':
      return upsertExchange(s, action.exchange);
    case 'thread':
      return action.exchanges.reduce(upsertExchange, s);
    case 'delta': {
      const live = s.live[action.exchangeId] ?? { text: '', citations: [] };
      return { ...s, live: { ...s.live, [action.exchangeId]: { ...live, text: live.text + action.text } } };
    }
    case 'citations': {
      const live = s.live[action.exchangeId] ?? { text: '', citations: [] };
      return { ...s, live: { ...s.live, [action.exchangeId]: { ...live, citations: action.citations } } };
    }
    case 'alert-handled':
      return { ...s, alerts: s.alerts.filter((a) => a.exchangeId !== action.exchangeId) };
    case 'event':
      // Replays (reconnect, resync overlapping live delivery) are ignored by id.
      if (action.event.id <= s.lastEventId) return s;
      return { ...applyEvent(s, action.event, action.self), lastEventId: action.event.id };
  }
}

function applyEvent(s: ClassroomState, e: ClassroomEvent, self: string): ClassroomState {
  const room = s.classroom;
  switch (e.type) {
    case 'participant:joined':
      return { ...s, participants: { ...s.participants, [e.data.participant.id]: e.data.participant } };
    case 'participant:removed': {
      const p = s.participants[e.data.participantId];
      const participants = p ? { ...s.participants, [p.id]: { ...p, removed: true } } : s.participants;
      return { ...s, participants, removed: s.removed || e.data.participantId === self };
    }
    case 'room:locked':
      return room ? { ...s, classroom: { ...room, locked: e.data.locked } } : s;
    case 'broadcast':
      return { ...s, broadcasts: [...s.broadcasts, { id: e.id, at: e.at, text: e.data.text }] };
    case 'exchange:asked':
      return upsertExchange(s, e.data.exchange);
    case 'exchange:started':
      return {
        ...patchExchange(s, e.data.exchangeId, { status: 'answering' }),
        alerts: s.alerts.filter((a) => a.exchangeId !== e.data.exchangeId),
        live: { ...s.live, [e.data.exchangeId]: s.live[e.data.exchangeId] ?? { text: '', citations: [] } },
      };
    case 'exchange:answered':
      return {
        ...patchExchange(s, e.data.exchangeId, { status: 'answered', answer: e.data.answer }),
        live: withoutLive(s, e.data.exchangeId),
      };
    case 'exchange:failed':
      return {
        ...patchExchange(s, e.data.exchangeId, {
          status: 'failed',
          error: { code: e.data.code, message: e.data.message },
        }),
        live: withoutLive(s, e.data.exchangeId),
      };
    case 'exchange:pinned': {
      const next = upsertExchange(s, { ...e.data.exchange, pinned: e.data.pinned });
      if (!next.classroom) return next;
      const pinned = next.classroom.pinned.filter((id) => id !== e.data.exchange.id);
      return {
        ...next,
        classroom: { ...next.classroom, pinned: e.data.pinned ? [...pinned, e.data.exchange.id] : pinned },
      };
    }
    case 'exchange:dismissed':
      return {
        ...patchExchange(s, e.data.exchangeId, { status: 'dismissed' }),
        alerts: s.alerts.filter((a) => a.exchangeId !== e.data.exchangeId),
      };
    case 'alert':
      return {
        ...s,
        alerts: [
          ...s.alerts.filter((a) => a.exchangeId !== e.data.exchangeId),
          { id: e.id, at: e.at, ...e.data },
        ],
      };
    case 'notice':
      return {
        ...s,
        notices: [...s.notices, { id: e.id, exchangeId: e.data.exchangeId, message: e.data.message }],
      };
    case 'debate:motion':
      return room
        ? {
            ...s,
            classroom: {
              ...room,
              motion: e.data.motion,
              personas: e.data.personas,
              stances: e.data.stances ?? {},
              debate: { turn: 0, nextPersona: e.data.personas[0] ?? null },
            },
          }
        : s;
    case 'debate:turn': {
      if (!room) return s;
      const personas = room.personas;
      const next = personas.length
        ? personas[(personas.indexOf(e.data.persona) + 1) % personas.length]
        : null;
      return { ...s, classroom: { ...room, debate: { turn: e.data.turn, nextPersona: next ?? null } } };
    }
    case 'session:ended':
      return room ? { ...s, classroom: { ...room, ended: true, endedAt: e.data.endedAt } } : s;
  }
}
