import { z } from 'zod';
import { IsoDateSchema, PersonaIdSchema, stripControlCharacters } from './common.schema';

export const MAX_MESSAGE_CHARS = 2000;

export const ChatModeSchema = z.enum(['persona', 'historian']);
export type ChatMode = z.infer<typeof ChatModeSchema>;

export const ChatRequestSchema = z.object({
  persona: PersonaIdSchema,
  // Control characters (NUL cannot even be stored) are removed, line breaks kept.
  message: z
    .string()
    .transform((s) => stripControlCharacters(s, true).trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`),
    ),
  conversationId: z.string().uuid().optional(),
  asOf: IsoDateSchema.optional(),
  mode: ChatModeSchema.default('persona'),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const RefusalSchema = z.enum(['anachronism', 'no_sources', 'off_topic', 'unsafe']);
export type Refusal = z.infer<typeof RefusalSchema>;

/** Invariant: `quote === document.text.slice(start, end)`. */
export const CitationSchema = z.object({
  marker: z.number().int().min(1),
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
  url: z.string().nullable(),
  chunkId: z.string(),
  quote: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  speaker: z.string().nullable().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** Header that carries a conversation's secret (never the URL: URLs end up in logs). */
export const CONVERSATION_SECRET_HEADER = 'X-Conversation-Secret';

/** The secret that reads and continues a public conversation: returned once, to the request that created it. */
export const ConversationSecretSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a conversation secret');
/** A document to read when the sources do not answer: its title and where to open it, never a quote. */
export const ReadFurtherSchema = z.object({
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
});
export type ReadFurther = z.infer<typeof ReadFurtherSchema>;

/**
 * `generator` of an answer that is Parley's own description of the persona (the reply to a greeting such as "Hello,
 * who are you?"): not the persona's words, and it cites nothing.
 */
export const INTRODUCTION_GENERATOR = 'parley:introduction';

export const AnswerSchema = z.object({
  conversationId: z.string(),
  /** Only on the answer that created the conversation; keep it to read or continue the conversation. */
  conversationSecret: z.string().optional(),
  messageId: z.string(),
  persona: z.object({ id: z.string(), name: z.string(), asOf: z.string() }),
  answer: z.string(),
  citations: z.array(CitationSchema),
  refusal: RefusalSchema.nullable(),
  context: z.string().nullable(),
  generator: z.string(),
  embedder: z.string(),
  notice: z.string().nullable().optional(),
  /** Only on a `no_sources` refusal: at most three documents that came closest to the question. */
  readFurther: z.array(ReadFurtherSchema).optional(),
  timings: z.object({ retrievalMs: z.number(), generationMs: z.number(), totalMs: z.number() }),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** An answer given inside a classroom: its conversation is the session's, never named to the class. */
export const ClassroomAnswerSchema = AnswerSchema.omit({ conversationId: true, conversationSecret: true });
export type ClassroomAnswer = z.infer<typeof ClassroomAnswerSchema>;

/** Server-sent events of `POST /api/chat/stream`, in order: meta, citations, delta*, done | error. */
export const StreamMetaSchema = z.object({
  conversationId: z.string(),
  /** Only when this question created the conversation (the `done` answer carries it too). */
  conversationSecret: z.string().optional(),
  messageId: z.string(),
  userMessageId: z.string(),
  persona: z.object({ id: z.string(), name: z.string(), asOf: z.string() }),
  mode: ChatModeSchema,
});
export type StreamMeta = z.infer<typeof StreamMetaSchema>;
export const StreamCitationsSchema = z.object({ citations: z.array(CitationSchema) });
export const StreamDeltaSchema = z.object({ text: z.string() });
export const StreamErrorSchema = z.object({ code: z.string(), message: z.string() });
export type StreamError = z.infer<typeof StreamErrorSchema>;

/** The `data` of each server-sent event of `POST /api/chat/stream`, by event name; `done` is the verified Answer. */
export const STREAM_EVENTS = {
  meta: StreamMetaSchema,
  citations: StreamCitationsSchema,
  delta: StreamDeltaSchema,
  done: AnswerSchema,
  error: StreamErrorSchema,
} as const;
export type StreamEventName = keyof typeof STREAM_EVENTS;
