import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { ConversationRepository } from './conversation.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
// The same cadence as the classroom retention job.
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes public conversations idle for longer than `CONVERSATION_RETENTION_DAYS` (a timer, unref'd so it never
 * keeps the process alive), beside the classroom retention job; classroom conversations go with their session.
 */
@Injectable()
export class ConversationRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConversationRetentionService.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly conversations: ConversationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepSafely(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Deletes every public conversation whose last message is older than the retention period; returns how many. */
  async sweep(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.CONVERSATION_RETENTION_DAYS * DAY_MS);
    const deleted = await this.conversations.deleteIdlePublic(before);
    if (deleted) this.logger.log(`retention deleted ${deleted} conversation(s)`);
    return deleted;
  }

  private async sweepSafely(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = this.sweep().catch((e: unknown) =>
      this.logger.warn(`conversation retention sweep failed: ${(e as Error).message}`),
    );
    await this.sweeping;
    this.sweeping = null;
  }
}
