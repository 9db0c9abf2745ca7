import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { AnswerRunner } from './answer-runner';
import { ChatTokenService } from './chat-token.service';
import { ClassroomControlService } from './classroom-control.service';
import { ClassroomEventBus } from './classroom-event.bus';
import {
  CLASSROOM_OPTIONS,
  CLOCK,
  DEFAULT_RETENTION_INTERVAL_MS,
  systemClock,
  type ClassroomModuleOptions,
  type ResolvedClassroomOptions,
} from './classroom.options';
import { ClassroomService } from './classroom.service';
import { DebateService } from './debate.service';
import { EventLog } from './event-log.service';
import { JoinAdmissionService } from './join-admission.service';
import { ModerationService } from './moderation/moderation.service';
import { QuestionService } from './question.service';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import { RedisConnection } from './redis/redis-connection';
import { ChatTokenRepository } from './repositories/chat-token.repository';
import { ClassroomRepository } from './repositories/classroom.repository';
import { EventRepository } from './repositories/event.repository';
import { ExchangeRepository } from './repositories/exchange.repository';
import { RetentionService } from './retention.service';
import { TranscriptService } from './transcript/transcript.service';

const SERVICES = [
  ClassroomService,
  ClassroomControlService,
  QuestionService,
  DebateService,
  TranscriptService,
  RetentionService,
  ChatTokenService,
  RateLimiterService,
  JoinAdmissionService,
  ModerationService,
  ClassroomEventBus,
  AnswerRunner,
];

/**
 * Classroom sessions: participants, questions, moderation, debates, transcripts, retention,
 * rate limits and the Redis connection they share. Needs `ANSWER_PIPELINE` from `options.imports`,
 * and the global `Database` and `APP_CONFIG`.
 */
@Module({})
export class ClassroomModule implements OnApplicationShutdown {
  constructor(@Inject(RedisConnection) private readonly redis: RedisConnection) {}

  static forRoot(options: ClassroomModuleOptions = {}): DynamicModule {
    const resolved: ResolvedClassroomOptions = {
      retentionIntervalMs: options.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS,
      rateLimits: options.rateLimits ?? {},
      redisConnectTimeoutMs: options.redisConnectTimeoutMs ?? 1500,
      maxConcurrentAnswers: options.maxConcurrentAnswers ?? 8,
    };
    return {
      module: ClassroomModule,
      imports: options.imports ?? [],
      providers: [
        { provide: CLASSROOM_OPTIONS, useValue: resolved },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: RedisConnection,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            config.REDIS_URL
              ? RedisConnection.open(config.REDIS_URL, resolved.redisConnectTimeoutMs)
              : RedisConnection.disabled(),
        },
        ClassroomRepository,
        ExchangeRepository,
        EventRepository,
        ChatTokenRepository,
        EventLog,
        ...SERVICES,
      ],
      exports: [...SERVICES, RedisConnection, CLOCK],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.close();
  }
}
