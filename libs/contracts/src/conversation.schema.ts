import { z } from 'zod';
import { ChatModeSchema, CitationSchema, ReadFurtherSchema, RefusalSchema } from './chat.schema';

export const MessageStatusSchema = z.enum(['pending', 'complete', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

/** One stored message; an assistant message left `pending` was interrupted before it finished. */
export const ConversationMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  persona: z.string(),
  /** `historian` when the historian answered, out of character. */
  mode: ChatModeSchema,
  content: z.string(),
  status: MessageStatusSchema,
  refusal: RefusalSchema.nullable(),
  context: z.string().nullable(),
  /**
   * Who wrote the answer (`extractive`, `openai:<model>`, or `parley:introduction` for Parley's own description of
   * the persona); null on questions.
   */
  generator: z.string().nullable(),
  notice: z.string().nullable(),
  citations: z.array(CitationSchema),
  /** On an abstention: the closest documents to read (titles and links, not quoted as an answer). */
  readFurther: z.array(ReadFurtherSchema).optional(),
  createdAt: z.string(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

/** `GET /api/conversations/:id`: a public conversation and its messages in order. */
export const ConversationHistorySchema = z.object({
  id: z.string(),
  persona: z.string(),
  mode: ChatModeSchema,
  asOf: z.string().nullable(),
  createdAt: z.string(),
  messages: z.array(ConversationMessageSchema),
});
export type ConversationHistory = z.infer<typeof ConversationHistorySchema>;
