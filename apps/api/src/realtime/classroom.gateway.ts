import { Inject, type OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  ClassroomControlService,
  ClassroomEventBus,
  ClassroomService,
  DebateService,
  QuestionService,
  RedisConnection,
  type Delivery,
  type Principal,
} from '@parley/classroom';
import { APP_CONFIG, corsOrigins, type AppConfig } from '@parley/config';
import {
  BroadcastPayloadSchema,
  ClassroomAskPayloadSchema,
  CLASSROOM_CLIENT_EVENTS,
  DebateMotionPayloadSchema,
  DebateNextPayloadSchema,
  EndSessionPayloadSchema,
  LockPayloadSchema,
  ModerationDecisionPayloadSchema,
  PinPayloadSchema,
  RemoveParticipantPayloadSchema,
  ResyncPayloadSchema,
  ThreadPayloadSchema,
} from '@parley/contracts';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { roomsFor, roomsOf, rooms } from './classroom-rooms';
import { assertOrigin, handshakeToken } from './handshake';
import { RealtimeServer } from './realtime-server';
import { SOCKET_SERVER_OPTIONS } from './socket-server.options';
import { handleEvent, handshakeError, refuseUnknownEvents, type AckFn } from './socket-events';

const CLASSROOM_EVENTS = Object.keys(CLASSROOM_CLIENT_EVENTS);

/**
 * `/classroom`: one session per connection, chosen by the token. Translates client events to the
 * classroom services (which authorise every one of them) and session events to socket.io rooms.
 */
@WebSocketGateway({ namespace: '/classroom', ...SOCKET_SERVER_OPTIONS })
export class ClassroomGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    @Inject(ClassroomService) private readonly sessions: ClassroomService,
    @Inject(ClassroomControlService) private readonly controls: ClassroomControlService,
    @Inject(QuestionService) private readonly questions: QuestionService,
    @Inject(DebateService) private readonly debates: DebateService,
    @Inject(ClassroomEventBus) private readonly bus: ClassroomEventBus,
    @Inject(RealtimeServer) private readonly realtime: RealtimeServer,
    @Inject(RedisConnection) private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AnswerDrain) private readonly drain: AnswerDrain,
  ) {}

  afterInit(nsp: Namespace): void {
    this.realtime.attach(nsp.server);
    const origins = corsOrigins(this.config);
    nsp.use((socket, next) => {
      this.admit(socket, origins).then(
        () => next(),
        (e: unknown) => next(handshakeError(e)),
      );
    });
    this.unsubscribe.push(this.bus.subscribe((delivery) => deliver(nsp, delivery)));
    // While Redis was down, other instances' events did not reach this one's sockets: ask them to resync.
    this.unsubscribe.push(this.redis.onRestored(() => nsp.local.emit('resync:required', {})));
  }

  onModuleDestroy(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  @SubscribeMessage('resync')
  resync(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'resync', ack, ResyncPayloadSchema, body, (i) =>
      this.sessions.resync(principal(s), i.after, i.limit),
    );
  }

  @SubscribeMessage('ask')
  ask(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'ask', ack, ClassroomAskPayloadSchema, body, async (i) => {
      // A draining instance starts no new answers (503 `shutting_down`); running ones are waited for.
      this.drain.assertAccepting();
      return { exchange: await this.questions.ask(principal(s), i) };
    });
  }

  @SubscribeMessage('thread')
  thread(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'thread', ack, ThreadPayloadSchema, body, async (i) => ({
      exchanges: await this.sessions.thread(principal(s), i.participantId),
    }));
  }

  @SubscribeMessage('room:lock')
  lock(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'room:lock', ack, LockPayloadSchema, body, (i) =>
      this.controls.setLocked(principal(s), i.locked),
    );
  }

  @SubscribeMessage('broadcast')
  broadcast(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'broadcast', ack, BroadcastPayloadSchema, body, (i) =>
      this.controls.broadcast(principal(s), i.text),
    );
  }

  @SubscribeMessage('exchange:pin')
  pin(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'exchange:pin', ack, PinPayloadSchema, body, async (i) => ({
      exchange: await this.controls.pin(principal(s), i.exchangeId, i.pinned),
    }));
  }

  @SubscribeMessage('participant:remove')
  remove(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'participant:remove', ack, RemoveParticipantPayloadSchema, body, (i) =>
      this.controls.removeStudent(principal(s), i.participantId),
    );
  }

  @SubscribeMessage('session:end')
  end(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'session:end', ack, EndSessionPayloadSchema, body, () =>
      this.controls.end(principal(s)),
    );
  }

  @SubscribeMessage('debate:motion')
  motion(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'debate:motion', ack, DebateMotionPayloadSchema, body, (i) =>
      this.debates.setMotion(principal(s), i.motion, i.personas, i.stances),
    );
  }

  @SubscribeMessage('debate:next')
  next(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'debate:next', ack, DebateNextPayloadSchema, body, async () => {
      this.drain.assertAccepting();
      return { exchange: await this.debates.nextTurn(principal(s)) };
    });
  }

  @SubscribeMessage('moderation:decide')
  decide(@ConnectedSocket() s: Socket, @MessageBody() body: unknown, @Ack() ack?: AckFn): Promise<void> {
    return handleEvent(s, 'moderation:decide', ack, ModerationDecisionPayloadSchema, body, async (i) => ({
      exchange: await this.questions.decide(principal(s), i.exchangeId, i.decision),
    }));
  }

  /** Origin, then token: the socket joins its session's rooms and nothing else. */
  private async admit(socket: Socket, origins: string[]): Promise<void> {
    assertOrigin(socket, origins);
    const p = await this.sessions.authenticate(handshakeToken(socket));
    socket.data = { principal: p };
    refuseUnknownEvents(socket, CLASSROOM_EVENTS);
    await socket.join(roomsOf(p));
  }
}

function principal(socket: Socket): Principal {
  return (socket.data as { principal: Principal }).principal;
}

/** Sends what the classroom services publish to the rooms of its audience, on every instance. */
function deliver(nsp: Namespace, d: Delivery): void {
  switch (d.kind) {
    case 'event':
      nsp.to(roomsFor(d.event.classroomId, d.audience)).emit(d.event.type, d.event);
      return;
    case 'transient':
      nsp.to(roomsFor(d.classroomId, d.audience)).emit(d.type, d.data);
      return;
    case 'disconnect':
      if (d.who === 'everyone') {
        nsp.to(rooms.all(d.classroomId)).emit('session:deleted', { classroomId: d.classroomId });
        nsp.in(rooms.all(d.classroomId)).disconnectSockets(true);
      } else if (d.who === 'students') {
        nsp.in(rooms.students(d.classroomId)).disconnectSockets(true);
      } else {
        nsp.in(rooms.participant(d.classroomId, d.who.participantId)).disconnectSockets(true);
      }
      return;
  }
}
