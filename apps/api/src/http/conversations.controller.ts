import { Controller, Get, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { parseOrThrow } from '@parley/core';
import { ChatService } from '@parley/chat';

@Controller('api/conversations')
export class ConversationsController {
  constructor(@Inject(ChatService) private readonly chat: ChatService) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    return this.chat.conversation(parseOrThrow(z.string().uuid('must be a conversation id'), id));
  }
}
