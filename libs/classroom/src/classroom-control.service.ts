import { Inject, Injectable } from '@nestjs/common';
import type { Exchange } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { EVERYONE, participantAudience } from './audience';
import { ClassroomEventBus } from './classroom-event.bus';
import { CLOCK, type Clock } from './classroom.options';
import { toExchange } from './classroom.mapper';
import { ClassroomService } from './classroom.service';
import { EventLog } from './event-log.service';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import { requireNotEnded, requireTeacher, type Principal } from './principal';
import { ClassroomRepository } from './repositories/classroom.repository';
import { ExchangeRepository } from './repositories/exchange.repository';

/** The teacher's controls: lock, broadcast, pin, remove a student, end the session. */
@Injectable()
export class ClassroomControlService {
  constructor(
    private readonly sessions: ClassroomService,
    private readonly classrooms: ClassroomRepository,
    private readonly exchanges: ExchangeRepository,
    private readonly log: EventLog,
    private readonly bus: ClassroomEventBus,
    private readonly limits: RateLimiterService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A locked session takes no questions and no new students. */
  async setLocked(principal: Principal, locked: boolean): Promise<void> {
    const classroomId = await this.openSessionOf(principal);
    await this.log.commit(classroomId, async (tx, events) => {
      await this.classrooms.setLocked(classroomId, locked, tx);
      events.record('room:locked', { locked }, EVERYONE);
    });
  }

  /** Rate-limited per teacher, so that a class is not flooded with notices. */
  async broadcast(principal: Principal, text: string): Promise<void> {
    const classroomId = await this.openSessionOf(principal);
    await this.limits.take('broadcast', principal.participantId, 'broadcasts');
    await this.log.record(classroomId, 'broadcast', { text }, EVERYONE);
  }

  /** Pinning shows an answered exchange to everyone, even in a private session. */
  async pin(principal: Principal, exchangeId: string, pinned: boolean): Promise<Exchange> {
    const classroomId = await this.openSessionOf(principal);
    return this.log.commit(classroomId, async (tx, events) => {
      const row = await this.exchanges.find(classroomId, exchangeId, tx);
      if (!row) throw new AppError(ErrorCode.NotFound, 'No exchange with this id in this session.');
      if (row.status !== 'answered')
        throw new AppError(ErrorCode.BadRequest, 'Only an answered exchange can be pinned.');
      await this.exchanges.setPinned(exchangeId, pinned, tx);
      const exchange = toExchange({ ...row, pinned });
      events.record('exchange:pinned', { exchange, pinned }, EVERYONE);
      return exchange;
    });
  }

  /** Removes a student: their token stops working and their connections are closed. */
  async removeStudent(principal: Principal, participantId: string): Promise<void> {
    const classroomId = await this.openSessionOf(principal);
    await this.log.commit(classroomId, async (tx, events) => {
      const student = await this.classrooms.findParticipant(participantId, tx);
      if (
        !student ||
        student.classroom_id !== classroomId ||
        student.role !== 'student' ||
        student.removed_at
      ) {
        throw new AppError(ErrorCode.NotFound, 'No such student in this session.');
      }
      await this.classrooms.removeParticipant(participantId, this.clock.now(), tx);
      events.record('participant:removed', { participantId }, participantAudience(participantId));
    });
    this.bus.publish({ kind: 'disconnect', classroomId, who: { participantId } });
  }

  /** Ends the session: students are disconnected and their tokens expire; the teacher keeps the transcript. */
  async end(principal: Principal): Promise<void> {
    const classroomId = await this.openSessionOf(principal);
    const endedAt = this.clock.now();
    await this.log.commit(classroomId, async (tx, events) => {
      if (!(await this.classrooms.end(classroomId, endedAt, tx))) {
        throw new AppError(ErrorCode.ClassroomEnded, 'This session has ended.');
      }
      events.record('session:ended', { endedAt: endedAt.toISOString() }, EVERYONE);
    });
    this.bus.publish({ kind: 'disconnect', classroomId, who: 'students' });
  }

  private async openSessionOf(principal: Principal): Promise<string> {
    requireTeacher(principal);
    const { classroom } = await this.sessions.context(principal);
    requireNotEnded(classroom);
    return classroom.id;
  }
}
