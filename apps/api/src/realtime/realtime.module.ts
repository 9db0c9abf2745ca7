import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { ClassroomModule, RedisConnection, type ClassroomModuleOptions } from '@parley/classroom';
import { ClassroomsController } from '../http/classrooms.controller';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { ChatClientLimits } from '../rate-limit/chat-client-limits';
import { AnswerQueue } from '../lifecycle/answer-queue';
import { ChatGateway } from './chat.gateway';
import { ChatTokensController } from './chat-tokens.controller';
import { ClassroomGateway } from './classroom.gateway';
import { RealtimeHealth } from './realtime-health';
import { RealtimeServer } from './realtime-server';

export interface RealtimeModuleOptions {
  /** The module that provides `ANSWER_PIPELINE` (ChatModule; tests pass a fake). */
  pipeline: NonNullable<ModuleMetadata['imports']>[number];
  classroom?: Omit<ClassroomModuleOptions, 'imports'>;
}

/**
 * socket.io `/chat` and `/classroom`, the classroom REST routes, and the Redis adapter.
 * Import once in AppModule: `RealtimeModule.forRoot({ pipeline: ChatModule })`; `RealtimeHealth`, `AnswerDrain` and `ChatClientLimits` are exported for /health and the HTTP chat routes.
 */
@Module({})
export class RealtimeModule {
  static forRoot(options: RealtimeModuleOptions): DynamicModule {
    return {
      module: RealtimeModule,
      imports: [
        options.pipeline,
        ClassroomModule.forRoot({ ...options.classroom, imports: [options.pipeline] }),
      ],
      controllers: [ClassroomsController, ChatTokensController],
      providers: [
        {
          provide: RealtimeServer,
          inject: [RedisConnection],
          useFactory: (redis: RedisConnection) => RealtimeServer.create(redis),
        },
        RealtimeHealth,
        // Provided here because the /chat gateway needs it; AppModule's HTTP routes and health get it from the export.
        AnswerDrain,
        // One budget per client for public chat over HTTP and /chat alike.
        ChatClientLimits,
        {
          provide: AnswerQueue,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) =>
            new AnswerQueue(c.ANSWER_CONCURRENCY, c.ANSWER_QUEUE_SIZE, c.ANSWER_QUEUE_WAIT_MS),
        },
        ChatGateway,
        ClassroomGateway,
      ],
      exports: [RealtimeHealth, AnswerDrain, ChatClientLimits, AnswerQueue],
    };
  }
}
