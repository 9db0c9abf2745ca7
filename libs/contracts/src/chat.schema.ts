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

/** A document to read when the sources do not answer: its title and where to open it, never a quote. */
export const ReadFurtherSchema = z.object({
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
});
export type ReadFurther = z.infer<typeof ReadFurtherSchema>;

export const AnswerSchema = z.object({
  conversationId: z.string(),
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

/** Server-sent events of `POST /api/chat/stream`, in order: meta, citations, delta*, done | error. */
export const StreamMetaSchema = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  userMessageId: z.string(),
  persona: z.object({ id: z.string(), name: z.string(), asOf: z.string() }),
  mode: ChatModeSchema,
});
export type StreamMeta = z.infer<typeof StreamMetaSchema>;
export const StreamDeltaSchema = z.object({ text: z.string() });
export const StreamErrorSchema = z.object({ code: z.string(), message: z.string() });
export type StreamError = z.infer<typeof StreamErrorSchema>;
