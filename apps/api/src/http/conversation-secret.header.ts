import type { Request } from 'express';
import { CONVERSATION_SECRET_HEADER, ConversationSecretSchema } from '@parley/contracts';
import { parseOrThrow } from '@parley/core';

/** The `X-Conversation-Secret` header, validated; undefined when absent (a new conversation needs none). */
export function conversationSecretOf(req: Request): string | undefined {
  const value = req.headers[CONVERSATION_SECRET_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  return parseOrThrow(ConversationSecretSchema, Array.isArray(value) ? value[0] : value);
}
