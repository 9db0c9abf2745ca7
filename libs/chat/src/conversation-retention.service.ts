import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { PeriodicJob } from '@parley/core';
import { ConversationRepository } from './conversation.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
// The same cadence as the classroom retention job.
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes public conversations idle for longer than `CONVERSATION_RETENTION_DAYS` (a {@link PeriodicJob}),
 * beside the classroom retention job; classroom conversations go with their session.
 */
@Injectable()
export class ConversationRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConversationRetentionService.name);
  private readonly job = new PeriodicJob('conversation retention sweep', () => this.sweep(), this.logger);

  constructor(
    private readonly conversations: ConversationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(SWEEP_EVERY_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes every public conversation whose last message is older than the retention period; returns how many. */
  async sweep(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.CONVERSATION_RETENTION_DAYS * DAY_MS);
    const deleted = await this.conversations.deleteIdlePublic(before);
    if (deleted) this.logger.log(`retention deleted ${deleted} conversation(s)`);
    return deleted;
  }
}
