import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AppError, ErrorCode, PeriodicJob } from '@parley/core';
import { AnswerRunner } from './answer-runner';
import { ClassroomEventBus } from './classroom-event.bus';
import { CLASSROOM_OPTIONS, CLOCK, type Clock, type ResolvedClassroomOptions } from './classroom.options';
import { requireTeacherOf, type Principal } from './principal';
import { ChatTokenRepository } from './repositories/chat-token.repository';
import { ClassroomRepository } from './repositories/classroom.repository';

/**
 * Deletes sessions when their retention period ends (a {@link PeriodicJob}) or at once when the teacher asks. Deleting a session deletes every row it produced.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private readonly job = new PeriodicJob('retention sweep', () => this.sweep(), this.logger);

  constructor(
    private readonly classrooms: ClassroomRepository,
    private readonly chatTokens: ChatTokenRepository,
    private readonly runner: AnswerRunner,
    private readonly bus: ClassroomEventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLASSROOM_OPTIONS) private readonly options: ResolvedClassroomOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.options.retentionIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes every session whose retention has ended, and expired /chat tokens. */
  async sweep(): Promise<{ classrooms: string[]; chatTokens: number }> {
    const now = this.clock.now();
    const classrooms = await this.classrooms.deleteExpired(now);
    for (const id of classrooms) this.afterDelete(id);
    const chatTokens = await this.chatTokens.deleteExpired(now);
    if (classrooms.length) this.logger.log(`retention deleted ${classrooms.length} session(s)`);
    return { classrooms, chatTokens };
  }

  /** The teacher deletes the session now; nothing of it remains. */
  async deleteNow(principal: Principal, classroomId: string): Promise<void> {
    requireTeacherOf(principal, classroomId);
    if (!(await this.classrooms.delete(classroomId))) {
      throw new AppError(ErrorCode.UnknownClassroom, 'This session no longer exists.');
    }
    this.afterDelete(classroomId);
  }

  private afterDelete(classroomId: string): void {
    this.runner.abortClassroom(classroomId);
    this.bus.publish({ kind: 'disconnect', classroomId, who: 'everyone' });
  }
}
