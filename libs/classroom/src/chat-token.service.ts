import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ChatTokenResponse } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { CLOCK, type Clock } from './classroom.options';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import { ChatTokenRepository } from './repositories/chat-token.repository';
import { generateToken, hashToken, looksLikeToken } from './tokens';

const CHAT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** Tokens for the /chat namespace: anyone may get one (rate-limited per address); each lasts a day. */
@Injectable()
export class ChatTokenService {
  constructor(
    private readonly tokens: ChatTokenRepository,
    private readonly limits: RateLimiterService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(clientAddress: string): Promise<ChatTokenResponse> {
    await this.limits.take('chatToken', clientAddress, 'chat tokens requested from this address');
    const token = generateToken();
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + CHAT_TOKEN_TTL_MS);
    await this.tokens.insert({ id: randomUUID(), tokenHash: hashToken(token), createdAt, expiresAt });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The id of a valid, unexpired token; the id keys the holder's rate limit. */
  async verify(token: unknown): Promise<string> {
    if (!looksLikeToken(token)) throw new AppError(ErrorCode.Unauthorized, 'A chat token is required.');
    const found = await this.tokens.findValid(hashToken(token), this.clock.now());
    if (!found) throw new AppError(ErrorCode.Unauthorized, 'This chat token is not valid or has expired.');
    return found.id;
  }
}
