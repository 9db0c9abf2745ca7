import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ChatTokenService } from '@parley/classroom';
import { ChatTokenResponseSchema, type ChatTokenResponse } from '@parley/contracts';
import { Returns } from '../http/response-contract';
import { AllowedOriginGuard } from './allowed-origin.guard';

/** Tokens for the socket.io `/chat` namespace (its handshake requires one). */
@Controller('api/realtime')
export class ChatTokensController {
  constructor(@Inject(ChatTokenService) private readonly tokens: ChatTokenService) {}

  @Post('chat-tokens')
  @HttpCode(201)
  @UseGuards(AllowedOriginGuard)
  @Returns(ChatTokenResponseSchema, 201)
  issue(@Req() req: Request): Promise<ChatTokenResponse> {
    return this.tokens.issue(req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }
}
