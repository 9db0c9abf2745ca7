import { Inject, type OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { ChatTokenService, RateLimiterService } from '@parley/classroom';
import { ANSWER_PIPELINE, type AnswerEvent, type AnswerPipeline } from '@parley/chat';
import { APP_CONFIG, corsOrigins, type AppConfig } from '@parley/config';
import {
  CHAT_CLIENT_EVENTS,
  ChatAskPayloadSchema,
  ChatCancelPayloadSchema,
  type ChatRequest,
  type SocketError,
} from '@parley/contracts';
import { AppError, ErrorCode, isAppError, parseOrThrow } from '@parley/core';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { ChatClientLimits } from '../rate-limit/chat-client-limits';
import { AnswerQueue } from '../lifecycle/answer-queue';
import { assertOrigin, handshakeToken } from './handshake';
import { RealtimeServer } from './realtime-server';
import { SOCKET_SERVER_OPTIONS } from './socket-server.options';
import {
  assertPayloadSize,
  handleEvent,
  handshakeError,
  refuseUnknownEvents,
  toSocketError,
  type AckFn,
} from './socket-events';

const MAX_IN_FLIGHT_PER_SOCKET = 3;
const CHAT_EVENTS = Object.keys(CHAT_CLIENT_EVENTS);

interface ChatSocketData {
  tokenId: string;
  /** The client's address: its questions share one budget with its HTTP questions. */
  client: string;
  inFlight: Map<string, AbortController>;
}

/** `/chat`: ask a persona and receive the answer as it is written; several questions at once, each kept apart by message id. */
@WebSocketGateway({ namespace: '/chat', ...SOCKET_SERVER_OPTIONS })
export class ChatGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy {
  private readonly sockets = new Set<Socket>();

  constructor(
    @Inject(ANSWER_PIPELINE) private readonly pipeline: AnswerPipeline,
    @Inject(ChatTokenService) private readonly tokens: ChatTokenService,
    @Inject(RateLimiterService) private readonly limits: RateLimiterService,
    @Inject(RealtimeServer) private readonly realtime: RealtimeServer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AnswerDrain) private readonly drain: AnswerDrain,
    @Inject(ChatClientLimits) private readonly clientLimits: ChatClientLimits,
    @Inject(AnswerQueue) private readonly queue: AnswerQueue,
  ) {}

  afterInit(nsp: Namespace): void {
    this.realtime.attach(nsp.server);
    const origins = corsOrigins(this.config);
    nsp.use((socket, next) => {
      assertOriginAndToken(socket, origins, this.tokens).then(
        (tokenId) => {
          const client = this.clientLimits.addressOf(socket.request);
          socket.data = { tokenId, client, inFlight: new Map() } satisfies ChatSocketData;
          refuseUnknownEvents(socket, CHAT_EVENTS);
          this.sockets.add(socket);
          next();
        },
        (e: unknown) => next(handshakeError(e)),
      );
    });
  }

  handleDisconnect(socket: Socket): void {
    this.sockets.delete(socket);
    // Nobody is listening any more: stop generating.
    for (const controller of data(socket).inFlight?.values() ?? []) controller.abort();
  }

  onModuleDestroy(): void {
    for (const socket of this.sockets) this.handleDisconnect(socket);
  }

  @SubscribeMessage('ask')
  async ask(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
    @Ack() ack?: AckFn,
  ): Promise<void> {
    let admitted: Admitted;
    try {
      admitted = await this.admit(socket, body);
    } catch (e) {
      reply(socket, ack, { ok: false, error: toSocketError(e) });
      return;
    }
    try {
      await this.answer(socket, admitted, ack);
    } finally {
      admitted.release();
    }
  }

  @SubscribeMessage('cancel')
  cancel(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(socket, 'cancel', ack, ChatCancelPayloadSchema, body, async ({ messageId }) => {
      const controller = data(socket).inFlight.get(messageId);
      controller?.abort();
      return { cancelled: Boolean(controller) };
    });
  }

  private async admit(socket: Socket, body: unknown): Promise<Admitted> {
    assertPayloadSize(body);
    const { conversationSecret, ...request } = parseOrThrow(ChatAskPayloadSchema, body);
    this.drain.assertAccepting();
    if (data(socket).inFlight.size >= MAX_IN_FLIGHT_PER_SOCKET) {
      throw new AppError(
        ErrorCode.RateLimited,
        `At most ${MAX_IN_FLIGHT_PER_SOCKET} questions can be answered at once.`,
        {
          retryAfterMs: 1000,
        },
      );
    }
    await this.limits.take('question', `chat:${data(socket).tokenId}`, 'questions');
    const release = await this.clientLimits.admit(data(socket).client);
    return { request, conversationSecret, release };
  }

  /** Acks with the message id once the question is stored (the `meta` event), then streams the answer. */
  private async answer(
    socket: Socket,
    { request, conversationSecret }: Admitted,
    ack: AckFn | undefined,
  ): Promise<void> {
    const controller = new AbortController();
    const untrack = this.drain.track(controller);
    const { inFlight } = data(socket);
    let messageId: string | null = null;
    const onEvent = (event: AnswerEvent): void => {
      switch (event.type) {
        case 'meta':
          messageId = event.data.messageId;
          inFlight.set(messageId, controller);
          reply(socket, ack, {
            ok: true,
            messageId,
            conversationId: event.data.conversationId,
            ...secretOf(event.data),
          });
          socket.emit('answer:meta', event.data);
          break;
        case 'citations':
          socket.emit('answer:citations', { messageId, citations: event.data.citations });
          break;
        case 'delta':
          socket.emit('answer:delta', { messageId, text: event.data.text });
          break;
        case 'done':
        case 'error':
          // Sent once below, from the pipeline's result.
          break;
      }
    };
    let leave: (() => void) | undefined;
    try {
      leave = await this.queue.admit();
      const answer = await this.pipeline.ask(request, {
        signal: controller.signal,
        onEvent,
        conversationSecret,
      });
      if (!messageId) {
        const { messageId: id, conversationId } = answer;
        reply(socket, ack, { ok: true, messageId: id, conversationId, ...secretOf(answer) });
      }
      socket.emit('answer:done', answer);
    } catch (e) {
      // Aborted with a coded reason (shutdown): the client gets that error, not a cancellation it did not ask for.
      const reason: unknown = controller.signal.reason;
      const coded = controller.signal.aborted && isAppError(reason);
      const failure = coded ? reason : e;
      if (!messageId) reply(socket, ack, { ok: false, error: toSocketError(failure) });
      else if (controller.signal.aborted && !coded) socket.emit('answer:cancelled', { messageId });
      else socket.emit('answer:error', { messageId, ...toSocketError(failure) });
    } finally {
      if (messageId) inFlight.delete(messageId);
      leave?.();
      untrack();
    }
  }
}

async function assertOriginAndToken(
  socket: Socket,
  origins: string[],
  tokens: ChatTokenService,
): Promise<string> {
  assertOrigin(socket, origins);
  return tokens.verify(handshakeToken(socket));
}

function data(socket: Socket): ChatSocketData {
  return socket.data as ChatSocketData;
}

interface Admitted {
  request: ChatRequest;
  conversationSecret?: string;
  /** Gives the client's answer slot back. */
  release(): void;
}

type AskAck =
  | { ok: true; messageId: string; conversationId: string; conversationSecret?: string }
  | { ok: false; error: SocketError };

/** The new conversation's secret, when this question created it. */
function secretOf(x: { conversationSecret?: string }): { conversationSecret?: string } {
  return x.conversationSecret ? { conversationSecret: x.conversationSecret } : {};
}

function reply(socket: Socket, ack: AckFn | undefined, response: AskAck): void {
  if (typeof ack === 'function') ack(response);
  else if (!response.ok) socket.emit('request:error', { event: 'ask', ...response.error });
}
