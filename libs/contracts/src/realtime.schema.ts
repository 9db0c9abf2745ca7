import { z } from 'zod';
import {
  AnswerSchema,
  ChatRequestSchema,
  ClassroomAnswerSchema,
  ConversationSecretSchema,
  CitationSchema,
  MAX_MESSAGE_CHARS,
  StreamMetaSchema,
} from './chat.schema';
import {
  ClassroomViewSchema,
  ExchangeSchema,
  MAX_BROADCAST_CHARS,
  MAX_MOTION_CHARS,
  MAX_STANCE_CHARS,
  ParticipantSchema,
  plainText,
} from './classroom.schema';
import { PersonaIdSchema } from './common.schema';

/** socket.io transport cap (`maxHttpBufferSize`): a bigger packet closes the connection. */
export const MAX_SOCKET_PACKET_BYTES = 16 * 1024;
/** Per-event cap checked before parsing: a bigger payload is refused with `payload_too_large`. */
export const MAX_EVENT_PAYLOAD_BYTES = 12 * 1024;
/** Questions per participant (and per /chat token): a bucket of 3 refilled at one every 3 s. */
export const QUESTION_RATE_LIMIT = { capacity: 3, refillPerSecond: 1 / 3 } as const;

export const SocketErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Set with `rate_limited`: when the next attempt can succeed. */
  retryAfterMs: z.number().int().optional(),
});
export type SocketError = z.infer<typeof SocketErrorSchema>;

/** Every client event takes an ack; a failure acks `{ ok: false, error }`. */
export const AckFailureSchema = z.object({ ok: z.literal(false), error: SocketErrorSchema });
export type AckFailure = z.infer<typeof AckFailureSchema>;
export type Ack<T extends object = object> = ({ ok: true } & T) | AckFailure;

/** Emitted when a client event arrived without an ack callback and failed. */
export const RequestErrorEventSchema = SocketErrorSchema.extend({ event: z.string() });

/** Handshake `auth: { token }`; a refused handshake gives `connect_error` with `data: { code, message }`. */
export const HandshakeAuthSchema = z.object({ token: z.string().min(1).max(200) });

// ---------------------------------------------------------------- /chat

/** `POST /api/realtime/chat-tokens`: a token for the /chat namespace, valid for a day. */
export const ChatTokenResponseSchema = z.object({ token: z.string(), expiresAt: z.string() });
export type ChatTokenResponse = z.infer<typeof ChatTokenResponseSchema>;

/**
 * `ask`: the body of `POST /api/chat`, plus the conversation's secret when it continues one; acked with the
 * message id once the question is stored (and the new conversation's secret when it created one).
 */
export const ChatAskPayloadSchema = ChatRequestSchema.extend({
  conversationSecret: ConversationSecretSchema.optional(),
});
export type ChatAskPayload = z.infer<typeof ChatAskPayloadSchema>;
export const ChatAskAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    messageId: z.string(),
    conversationId: z.string(),
    conversationSecret: z.string().optional(),
  }),
  AckFailureSchema,
]);
export const ChatCancelPayloadSchema = z.object({ messageId: z.string().uuid() });
export const ChatCancelAckSchema = z.union([
  z.object({ ok: z.literal(true), cancelled: z.boolean() }),
  AckFailureSchema,
]);

export const ChatAnswerMetaEventSchema = StreamMetaSchema;
export const ChatAnswerCitationsEventSchema = z.object({
  messageId: z.string(),
  citations: z.array(CitationSchema),
});
export const ChatAnswerDeltaEventSchema = z.object({ messageId: z.string(), text: z.string() });
/** `answer:done` carries the verified Answer itself (it has `messageId`). */
export const ChatAnswerDoneEventSchema = AnswerSchema;
export const ChatAnswerErrorEventSchema = SocketErrorSchema.extend({ messageId: z.string() });
export const ChatAnswerCancelledEventSchema = z.object({ messageId: z.string() });

// ---------------------------------------------------------------- /classroom: client → server

export const ResyncPayloadSchema = z.object({
  /** The last event id the client has seen; 0 for everything. */
  after: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000).default(500),
});
export const ClassroomAskPayloadSchema = z.object({
  persona: PersonaIdSchema,
  message: plainText(MAX_MESSAGE_CHARS, { multiline: true }),
});
export type ClassroomAskPayload = z.infer<typeof ClassroomAskPayloadSchema>;
export const ThreadPayloadSchema = z.object({ participantId: z.string().uuid().optional() });
export const LockPayloadSchema = z.object({ locked: z.boolean() });
export const BroadcastPayloadSchema = z.object({ text: plainText(MAX_BROADCAST_CHARS, { multiline: true }) });
export const PinPayloadSchema = z.object({
  exchangeId: z.string().uuid(),
  pinned: z.boolean().default(true),
});
export const RemoveParticipantPayloadSchema = z.object({ participantId: z.string().uuid() });
export const EndSessionPayloadSchema = z.object({}).strict();
export const DebateMotionPayloadSchema = z.object({
  motion: plainText(MAX_MOTION_CHARS),
  personas: z.array(PersonaIdSchema).min(2).max(3).optional(),
  /** Stances by persona id; absent keeps the stances of debaters who stay, and a new debater declares its own. */
  stances: z.record(PersonaIdSchema, plainText(MAX_STANCE_CHARS)).optional(),
});
export const DebateNextPayloadSchema = z.object({}).strict();
export const ModerationDecisionPayloadSchema = z.object({
  exchangeId: z.string().uuid(),
  decision: z.enum(['release', 'dismiss']),
});

/** Every client → server event of `/chat` with its payload schema; the gateway subscribes to exactly these. */
export const CHAT_CLIENT_EVENTS = {
  ask: ChatAskPayloadSchema,
  cancel: ChatCancelPayloadSchema,
} as const;

/** Every client → server event of `/classroom` with its payload schema; the gateway subscribes to exactly these. */
export const CLASSROOM_CLIENT_EVENTS = {
  resync: ResyncPayloadSchema,
  ask: ClassroomAskPayloadSchema,
  thread: ThreadPayloadSchema,
  'room:lock': LockPayloadSchema,
  broadcast: BroadcastPayloadSchema,
  'exchange:pin': PinPayloadSchema,
  'participant:remove': RemoveParticipantPayloadSchema,
  'session:end': EndSessionPayloadSchema,
  'debate:motion': DebateMotionPayloadSchema,
  'debate:next': DebateNextPayloadSchema,
  'moderation:decide': ModerationDecisionPayloadSchema,
} as const;

// ---------------------------------------------------------------- /classroom: server → client

/** Who receives an event: everyone, the teacher only, or the teacher and one participant. */
export const AudienceSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('all') }),
  z.object({ scope: z.literal('teacher') }),
  z.object({ scope: z.literal('participant'), participantId: z.string() }),
]);
export type Audience = z.infer<typeof AudienceSchema>;

const PersonaRefSchema = z.object({ id: z.string(), name: z.string(), asOf: z.string() });

/** Data of every persisted classroom event, keyed by the event (and socket.io event) name. */
export const ClassroomEventDataSchemas = {
  'participant:joined': z.object({ participant: ParticipantSchema }),
  'participant:removed': z.object({ participantId: z.string() }),
  'room:locked': z.object({ locked: z.boolean() }),
  broadcast: z.object({ text: z.string() }),
  'exchange:asked': z.object({ exchange: ExchangeSchema }),
  'exchange:started': z.object({
    exchangeId: z.string(),
    messageId: z.string(),
    persona: PersonaRefSchema,
  }),
  'exchange:answered': z.object({ exchangeId: z.string(), answer: ClassroomAnswerSchema }),
  'exchange:failed': z.object({ exchangeId: z.string(), code: z.string(), message: z.string() }),
  'exchange:pinned': z.object({ exchange: ExchangeSchema, pinned: z.boolean() }),
  'exchange:dismissed': z.object({ exchangeId: z.string() }),
  alert: z.object({
    kind: z.literal('moderation'),
    exchangeId: z.string(),
    participantId: z.string(),
    displayName: z.string(),
    persona: z.string(),
    text: z.string(),
    categories: z.array(z.string()),
  }),
  notice: z.object({ exchangeId: z.string(), message: z.string() }),
  'debate:motion': z.object({
    motion: z.string(),
    personas: z.array(z.string()),
    stances: z.record(z.string(), z.string()).optional(),
  }),
  'debate:turn': z.object({ turn: z.number().int(), persona: z.string(), exchangeId: z.string() }),
  'session:ended': z.object({ endedAt: z.string() }),
} as const;
export type ClassroomEventType = keyof typeof ClassroomEventDataSchemas;
export type ClassroomEventData<T extends ClassroomEventType> = z.infer<(typeof ClassroomEventDataSchemas)[T]>;
export const CLASSROOM_EVENT_TYPES = Object.keys(ClassroomEventDataSchemas) as ClassroomEventType[];

function envelope<T extends ClassroomEventType>(type: T) {
  return z.object({
    /** Increases by one per event in a session; resync with the last id seen. */
    id: z.number().int().min(1),
    classroomId: z.string(),
    type: z.literal(type),
    at: z.string(),
    data: ClassroomEventDataSchemas[type],
  });
}

/** A persisted classroom event as emitted (socket.io event name = `type`) and as returned by `resync`. */
export const ClassroomEventSchema = z.discriminatedUnion(
  'type',
  CLASSROOM_EVENT_TYPES.map((t) => envelope(t)) as unknown as [
    ReturnType<typeof envelope<ClassroomEventType>>,
    ...ReturnType<typeof envelope<ClassroomEventType>>[],
  ],
);
export type ClassroomEvent = {
  [T in ClassroomEventType]: {
    id: number;
    classroomId: string;
    type: T;
    at: string;
    data: ClassroomEventData<T>;
  };
}[ClassroomEventType];

/** Not persisted (the final `exchange:answered` carries the whole answer): streaming pieces of an answer. */
export const ExchangeCitationsEventSchema = z.object({
  exchangeId: z.string(),
  citations: z.array(CitationSchema),
});
export const ExchangeDeltaEventSchema = z.object({ exchangeId: z.string(), text: z.string() });
/** Sent just before the connections of a deleted session are closed. */
export const SessionDeletedEventSchema = z.object({ classroomId: z.string() });
/** Sent when this instance's link to the others (Redis) is restored: events may have been missed, resync. */
export const ResyncRequiredEventSchema = z.object({});
export const TRANSIENT_EVENT_TYPES = [
  'exchange:citations',
  'exchange:delta',
  'session:deleted',
  'resync:required',
] as const;
export type TransientEventType = (typeof TRANSIENT_EVENT_TYPES)[number];

export const ResyncAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    classroom: ClassroomViewSchema,
    events: z.array(ClassroomEventSchema),
    /** True when more events are waiting: resync again after the last one. */
    more: z.boolean(),
  }),
  AckFailureSchema,
]);
export const ExchangeAckSchema = z.union([
  z.object({ ok: z.literal(true), exchange: ExchangeSchema }),
  AckFailureSchema,
]);
export const ThreadAckSchema = z.union([
  z.object({ ok: z.literal(true), exchanges: z.array(ExchangeSchema) }),
  AckFailureSchema,
]);
export const OkAckSchema = z.union([z.object({ ok: z.literal(true) }), AckFailureSchema]);
