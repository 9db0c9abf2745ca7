import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ClassroomAskPayload, Exchange } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { AnswerRunner } from './answer-runner';
import { exchangeAudience, participantAudience, TEACHER } from './audience';
import { CLOCK, type Clock } from './classroom.options';
import { toExchange } from './classroom.mapper';
import { ClassroomService } from './classroom.service';
import { EventLog } from './event-log.service';
import { ModerationService } from './moderation/moderation.service';
import { requireNotEnded, requireTeacher, type Principal } from './principal';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import type { ClassroomRow } from './repositories/classroom.repository';
import { ExchangeRepository, type ExchangeRow } from './repositories/exchange.repository';

/** What a student whose message is held sees: neutral, no accusation, no detail. */
export const HELD_NOTICE = 'Your question has been passed to your teacher before it goes to the persona.';

/** Questions to personas: authorisation, rate limit, moderation, then a background answer. */
@Injectable()
export class QuestionService {
  constructor(
    private readonly sessions: ClassroomService,
    private readonly exchanges: ExchangeRepository,
    private readonly log: EventLog,
    private readonly limits: RateLimiterService,
    private readonly moderation: ModerationService,
    private readonly runner: AnswerRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ask(principal: Principal, payload: ClassroomAskPayload): Promise<Exchange> {
    const { classroom } = await this.sessions.context(principal);
    requireNotEnded(classroom);
    if (principal.role === 'student' && classroom.locked) {
      throw new AppError(ErrorCode.ClassroomLocked, 'The teacher has paused questions for now.');
    }
    if (!classroom.personas.includes(payload.persona)) {
      throw new AppError(
        ErrorCode.UnknownPersona,
        `This session's personas are ${classroom.personas.join(', ')}; "${payload.persona}" is not one of them.`,
      );
    }
    await this.limits.take('question', principal.participantId, 'questions');
    const verdict =
      principal.role === 'student'
        ? await this.moderation.check(payload.message)
        : { flagged: false, categories: [] };
    const exchangeId = randomUUID();
    const base = {
      id: exchangeId,
      classroomId: classroom.id,
      participantId: principal.participantId,
      kind: 'question' as const,
      persona: payload.persona,
      question: payload.message,
      debateTurn: null,
      createdAt: this.clock.now(),
    };
    if (verdict.flagged) {
      return this.log.commit(classroom.id, async (tx, events) => {
        await this.exchanges.insert(
          { ...base, status: 'held', moderation: { categories: verdict.categories } },
          tx,
        );
        events.record(
          'alert',
          {
            kind: 'moderation',
            exchangeId,
            participantId: principal.participantId,
            displayName: principal.displayName,
            persona: payload.persona,
            text: payload.message,
            categories: verdict.categories,
          },
          TEACHER,
        );
        events.record(
          'notice',
          { exchangeId, message: HELD_NOTICE },
          participantAudience(principal.participantId),
        );
        return this.load(classroom.id, exchangeId, tx);
      });
    }
    const exchange = await this.log.commit(classroom.id, async (tx, events) => {
      await this.exchanges.insert({ ...base, status: 'answering', moderation: null }, tx);
      const inserted = await this.load(classroom.id, exchangeId, tx);
      events.record(
        'exchange:asked',
        { exchange: inserted },
        exchangeAudience(classroom, principal.participantId),
      );
      return inserted;
    });
    this.startAnswer(classroom, exchange);
    return exchange;
  }

  /** The teacher lets a held question through to the persona, or dismisses it. */
  async decide(principal: Principal, exchangeId: string, decision: 'release' | 'dismiss'): Promise<Exchange> {
    requireTeacher(principal);
    const { classroom } = await this.sessions.context(principal);
    requireNotEnded(classroom);
    const exchange = await this.log.commit(classroom.id, async (tx, events) => {
      const held = await this.exchanges.find(classroom.id, exchangeId, tx);
      if (!held || held.status !== 'held') {
        throw new AppError(ErrorCode.NotFound, 'No held question with this id in this session.');
      }
      const asker = held.participant_id as string;
      await this.exchanges.setStatus(exchangeId, decision === 'release' ? 'answering' : 'dismissed', tx);
      const updated = await this.load(classroom.id, exchangeId, tx);
      if (decision === 'release')
        events.record('exchange:asked', { exchange: updated }, exchangeAudience(classroom, asker));
      else events.record('exchange:dismissed', { exchangeId }, participantAudience(asker));
      return updated;
    });
    if (decision === 'release') this.startAnswer(classroom, exchange);
    return exchange;
  }

  private startAnswer(classroom: ClassroomRow, exchange: Exchange): void {
    this.runner.start({
      classroom,
      exchangeId: exchange.id,
      askerId: exchange.participantId,
      persona: exchange.persona,
      question: exchange.question,
      audience: exchangeAudience(classroom, exchange.participantId),
    });
  }

  private async load(
    classroomId: string,
    id: string,
    tx: Parameters<ExchangeRepository['find']>[2],
  ): Promise<Exchange> {
    const row = (await this.exchanges.find(classroomId, id, tx)) as ExchangeRow;
    return toExchange(row);
  }
}
