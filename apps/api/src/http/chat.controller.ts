import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ChatRequestSchema, type Answer } from '@parley/contracts';
import { parseOrThrow, toErrorBody } from '@parley/core';
import { ChatService, type AnswerEvent } from '@parley/chat';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { AnswerQueue } from '../lifecycle/answer-queue';

@Controller('api/chat')
export class ChatController {
  constructor(
    @Inject(ChatService) private readonly chat: ChatService,
    @Inject(AnswerDrain) private readonly drain: AnswerDrain,
    @Inject(AnswerQueue) private readonly queue: AnswerQueue,
  ) {}

  @Post()
  @HttpCode(200)
  async ask(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<Answer> {
    const request = parseOrThrow(ChatRequestSchema, body);
    this.drain.assertAccepting();
    const leave = await this.queue.admit();
    const controller = abortOnClose(res);
    const done = this.drain.track(controller);
    try {
      return await this.chat.ask(request, { signal: controller.signal });
    } finally {
      done();
      leave();
    }
  }

  /** The same question answered as server-sent events: meta, citations, delta*, done | error. */
  @Post('stream')
  async stream(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const request = parseOrThrow(ChatRequestSchema, body);
    this.drain.assertAccepting();
    // Bad requests get a plain 4xx, and a full answer queue a plain 503 `busy`, before the stream opens;
    // failures after `meta` are `error` events.
    await this.chat.assertAskable(request);
    const leave = await this.queue.admit();
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
      await this.chat.ask(request, { signal: controller.signal, onEvent: send });
    } catch (e) {
      // The pipeline already emitted (and logged) `error` for failures it handled; this covers failures before `meta`.
      if (!this.chat.emittedError(e)) {
        const body = toErrorBody(e);
        send({ type: 'error', data: { code: body.code, message: body.message } });
      }
    } finally {
      res.end();
      done();
      leave();
    }
  }
}

/** Aborts when the client goes away before the response is finished (it no longer wants the answer). */
function abortOnClose(res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}
