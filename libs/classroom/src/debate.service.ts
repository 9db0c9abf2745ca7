import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ANSWER_PIPELINE, type AnswerPipeline, type DebateTurnContext } from '@parley/chat';
import { debateClaim, type Exchange } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { AnswerRunner } from './answer-runner';
import { EVERYONE } from './audience';
import { CLOCK, type Clock } from './classroom.options';
import { speakerForTurn, toExchange } from './classroom.mapper';
import { ClassroomService } from './classroom.service';
import { EventLog } from './event-log.service';
import { requireNotEnded, requireTeacher, type Principal } from './principal';
import { ClassroomRepository, type ClassroomRow } from './repositories/classroom.repository';
import { ExchangeRepository, type ExchangeRow } from './repositories/exchange.repository';

const STALE_TURN_MS = 3 * 60 * 1000;

/** Debates: the teacher sets a motion and its debaters, then advances turns; each speaker answers the previous one. */
@Injectable()
export class DebateService {
  constructor(
    private readonly sessions: ClassroomService,
    private readonly classrooms: ClassroomRepository,
    private readonly exchanges: ExchangeRepository,
    private readonly log: EventLog,
    private readonly runner: AnswerRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ANSWER_PIPELINE) private readonly pipeline: AnswerPipeline,
  ) {}

  /**
   * Sets (or replaces) the motion and, optionally, the debaters in speaking order and their stances; the debate
   * restarts at turn 1. Without new stances, debaters who stay keep theirs.
   */
  async setMotion(
    principal: Principal,
    motion: string,
    personas?: string[],
    stances?: Record<string, string>,
  ): Promise<void> {
    const classroom = await this.debateOf(principal);
    if (personas) this.pipeline.assertPersonas(personas, classroom.as_of);
    await this.log.commit(classroom.id, async (tx, events) => {
      const locked = (await this.classrooms.findForUpdate(classroom.id, tx)) as ClassroomRow;
      await this.refuseWhileSpeaking(classroom.id, tx);
      const debaters = personas ?? locked.personas;
      const kept = Object.entries(stances ?? locked.stances ?? {}).filter(([p]) => debaters.includes(p));
      const assigned = Object.fromEntries(kept);
      await this.classrooms.setMotion(classroom.id, motion, debaters, assigned, tx);
      events.record('debate:motion', { motion, personas: debaters, stances: assigned }, EVERYONE);
    });
  }

  /** Gives the floor to the next debater; refused while the current one is still speaking. */
  async nextTurn(principal: Principal): Promise<Exchange> {
    const classroom = await this.debateOf(principal);
    const { exchange, debate, current } = await this.log.commit(classroom.id, async (tx, events) => {
      const current = (await this.classrooms.findForUpdate(classroom.id, tx)) as ClassroomRow;
      if (!current.motion) throw new AppError(ErrorCode.BadRequest, 'Set a motion before the first turn.');
      const last = await this.refuseWhileSpeaking(classroom.id, tx);
      const turn = current.debate_turn + 1;
      const persona = speakerForTurn(current.personas, turn);
      const exchangeId = randomUUID();
      await this.exchanges.insert(
        {
          id: exchangeId,
          classroomId: classroom.id,
          participantId: null,
          kind: 'debate_turn',
          persona,
          question: current.motion,
          status: 'answering',
          debateTurn: turn,
          moderation: null,
          createdAt: this.clock.now(),
        },
        tx,
      );
      await this.classrooms.setDebateTurn(classroom.id, turn, tx);
      const exchange = toExchange((await this.exchanges.find(classroom.id, exchangeId, tx)) as ExchangeRow);
      events.record('debate:turn', { turn, persona, exchangeId }, EVERYONE);
      events.record('exchange:asked', { exchange }, EVERYONE);
      const stance = current.stances?.[persona];
      const debate: DebateTurnContext = {
        motion: current.motion,
        turn,
        ...(stance ? { stance } : {}),
        previous: previousSpeech(last, turn, persona),
      };
      return { exchange, debate, current };
    });
    debate.alreadyQuoted = await this.exchanges.debateQuotes(
      classroom.id,
      exchange.persona,
      exchange.question,
    );
    this.runner.start({
      classroom: current,
      exchangeId: exchange.id,
      askerId: null,
      persona: exchange.persona,
      question: exchange.question,
      audience: EVERYONE,
      debate,
    });
    return exchange;
  }

  private async debateOf(principal: Principal): Promise<ClassroomRow> {
    requireTeacher(principal);
    const { classroom } = await this.sessions.context(principal);
    requireNotEnded(classroom);
    if (classroom.mode !== 'debate')
      throw new AppError(ErrorCode.BadRequest, 'This session is not a debate.');
    return classroom;
  }

  private async refuseWhileSpeaking(
    classroomId: string,
    tx: Parameters<ExchangeRepository['lastDebateTurn']>[1],
  ) {
    const last = await this.exchanges.lastDebateTurn(classroomId, tx);
    // A turn left 'answering' by a crashed instance must not block the debate forever.
    const recent = last ? this.clock.now().getTime() - last.created_at.getTime() < STALE_TURN_MS : false;
    if (last && (this.runner.isRunning(last.id) || (last.status === 'answering' && recent))) {
      throw new AppError(ErrorCode.BadRequest, 'The current speaker has not finished yet.');
    }
    return last;
  }
}

/** What the previous speaker said, when there was a previous turn in this debate and it was answered. */
function previousSpeech(
  last: ExchangeRow | null,
  turn: number,
  speaker: string,
): DebateTurnContext['previous'] {
  if (turn <= 1 || !last?.answer || last.persona === speaker) return undefined;
  const claim = debateClaim(last.answer)?.quote;
  return {
    personaId: last.persona,
    personaName: last.answer.persona.name,
    text: last.answer.answer,
    ...(claim ? { claim } : {}),
  };
}
