import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AnswerSchema, ChatRequestSchema, type Answer } from '@parley/contracts';
import { parseOrThrow, toErrorBody } from '@parley/core';
import { ChatService, type AnswerEvent } from '@parley/chat';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { ChatClientLimits } from '../rate-limit/chat-client-limits';
import { conversationSecretOf } from './conversation-secret.header';
import { AnswerQueue } from '../lifecycle/answer-queue';
import { Returns } from './response-contract';

@Controller('api/chat')
export class ChatController {
  constructor(
    @Inject(ChatService) private readonly chat: ChatService,
    @Inject(AnswerDrain) private readonly drain: AnswerDrain,
    @Inject(ChatClientLimits) private readonly limits: ChatClientLimits,
    @Inject(AnswerQueue) private readonly queue: AnswerQueue,
  ) {}

  @Post()
  @HttpCode(200)
  @Returns(AnswerSchema)
  async ask(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Answer> {
    const request = parseOrThrow(ChatRequestSchema, body);
    const conversationSecret = conversationSecretOf(req);
    this.drain.assertAccepting();
    const release = await this.admit(req);
    const controller = abortOnClose(res);
    const done = this.drain.track(controller);
    try {
      return await this.chat.ask(request, { signal: controller.signal, conversationSecret });
    } finally {
      done();
      release();
    }
  }

  /** The same question answered as server-sent events: meta, citations, delta*, done | error. */
  @Post('stream')
  async stream(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const request = parseOrThrow(ChatRequestSchema, body);
    const conversationSecret = conversationSecretOf(req);
    this.drain.assertAccepting();
    // Bad requests get a plain 4xx, and a client over its budget or a full answer queue a 429 or a plain 503
    // `busy`, before the stream opens; failures after `meta` are `error` events.
    await this.chat.assertAskable(request, { conversationSecret });
    const release = await this.admit(req);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (e: AnswerEvent) => {
      if (!res.writableEnded) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    };
    const controller = abortOnClose(res);
    const done = this.drain.track(controller);
    try {
      await this.chat.ask(request, { signal: controller.signal, onEvent: send, conversationSecret });
    } catch (e) {
      // The pipeline already emitted (and logged) `error` for failures it handled; this covers failures before `meta`.
      if (!this.chat.emittedError(e)) {
        const body = toErrorBody(e);
        send({ type: 'error', data: { code: body.code, message: body.message } });
      }
    } finally {
      res.end();
      done();
      release();
    }
  }

  /**
   * The client's budget first (429), then a place in this instance's answer queue (503 `busy` when full); the
   * function returned gives both back.
   */
  private async admit(req: Request): Promise<() => void> {
    const release = await this.limits.admit(clientOf(req));
    try {
      const leave = await this.queue.admit();
      return () => {
        leave();
        release();
      };
    } catch (e) {
      release();
      throw e;
    }
  }
}

/** The client's address as Express reads it (`TRUST_PROXY` decides whether `X-Forwarded-For` counts). */
function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Aborts when the client goes away before the response is finished (it no longer wants the answer). */
function abortOnClose(res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}
