import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RateLimiterService, type RateLimitRule } from '@parley/classroom';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { AppError, ErrorCode } from '@parley/core';
import { clientAddress, type TrustProxy } from './client-address';

// A client at its concurrency cap is told to try again when an answer typically has finished.
const BUSY_RETRY_AFTER_MS = 1000;
const TRUST_NOBODY: TrustProxy = () => false;

/**
 * One budget per client address for public chat, whichever way the question comes (`POST /api/chat`,
 * `/api/chat/stream`, the `/chat` namespace): the question rate limit (Redis-backed when `REDIS_URL` is set,
 * through the classroom lib's limiter) and a cap on answers in progress at once (per api instance).
 */
@Injectable()
export class ChatClientLimits {
  private readonly rule: RateLimitRule;
  private readonly inProgress = new Map<string, number>();

  constructor(
    @Inject(RateLimiterService) private readonly limiter: RateLimiterService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rule = { capacity: config.CHAT_RATE_BURST, refillPerSecond: config.CHAT_RATE_PER_MINUTE / 60 };
  }

  /** The address a socket's handshake came from, read with the same `trust proxy` setting as HTTP requests. */
  addressOf(request: IncomingMessage): string {
    const app = this.adapterHost.httpAdapter?.getInstance<{ get(name: string): unknown }>();
    const trust = app?.get('trust proxy fn');
    return clientAddress(request, typeof trust === 'function' ? (trust as TrustProxy) : TRUST_NOBODY);
  }

  /**
   * Admits one question from `client` or throws `rate_limited` (with `retryAfterMs`); the caller must call the
   * returned function once the answer is over, however it ends.
   */
  async admit(client: string): Promise<() => void> {
    const busy = this.inProgress.get(client) ?? 0;
    if (busy >= this.config.CHAT_MAX_CONCURRENT) {
      throw new AppError(
        ErrorCode.RateLimited,
        `At most ${this.config.CHAT_MAX_CONCURRENT} answers can be in progress at once. Wait for one to finish.`,
        { retryAfterMs: BUSY_RETRY_AFTER_MS },
      );
    }
    await this.limiter.take('chat', client, 'questions', this.rule);
    this.inProgress.set(client, (this.inProgress.get(client) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inProgress.get(client) ?? 1) - 1;
      if (left > 0) this.inProgress.set(client, left);
      else this.inProgress.delete(client);
    };
  }
}
