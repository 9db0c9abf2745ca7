import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ConversationHistorySchema, type ConversationHistory } from '@parley/contracts';
import { parseOrThrow } from '@parley/core';
import { ChatService } from '@parley/chat';
import { conversationSecretOf } from './conversation-secret.header';
import { Returns } from './response-contract';

@Controller('api/conversations')
export class ConversationsController {
  constructor(@Inject(ChatService) private readonly chat: ChatService) {}

  /** A public conversation, to whoever sends its secret in `X-Conversation-Secret`; 404 otherwise. */
  @Get(':id')
  @Returns(ConversationHistorySchema)
  async get(@Param('id') id: string, @Req() req: Request): Promise<ConversationHistory> {
    const conversationId = parseOrThrow(z.string().uuid('must be a conversation id'), id);
    return this.chat.conversation(conversationId, conversationSecretOf(req));
  }
}
