import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ANSWER_PIPELINE, type AnswerEvent, type AnswerPipeline, type DebateTurnContext } from '@parley/chat';
import type { Answer, Audience, ChatRequest } from '@parley/contracts';
import { toErrorBody, errorMessage } from '@parley/core';
import { ClassroomEventBus } from './classroom-event.bus';
import { toClassroomAnswer } from './classroom.mapper';
import { CLASSROOM_OPTIONS, CLOCK, type Clock, type ResolvedClassroomOptions } from './classroom.options';
import { EventLog } from './event-log.service';
import type { ClassroomRow } from './repositories/classroom.repository';
import { ExchangeRepository } from './repositories/exchange.repository';

export interface AnswerJob {
  classroom: ClassroomRow;
  exchangeId: string;
  askerId: string | null;
  persona: string;
  question: string;
  audience: Audience;
  debate?: DebateTurnContext;
}

/**
 * Answers exchanges in the background: runs the answer pipeline, streams its pieces to the
 * exchange's audience and records the outcome. A bounded number run at once; the rest queue.
 */
@Injectable()
export class AnswerRunner implements OnModuleDestroy {
  private readonly logger = new Logger(AnswerRunner.name);
  private readonly running = new Map<string, { controller: AbortController; classroomId: string }>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private closing = false;

  constructor(
    @Inject(ANSWER_PIPELINE) private readonly pipeline: AnswerPipeline,
    private readonly exchanges: ExchangeRepository,
    private readonly log: EventLog,
    private readonly bus: ClassroomEventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLASSROOM_OPTIONS) private readonly options: ResolvedClassroomOptions,
  ) {}

  start(job: AnswerJob): void {
    const task = this.run(job).catch((e: unknown) =>
      this.logger.error(`answer task failed: ${(e as Error).stack ?? String(e)}`),
    );
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** True while an exchange is being answered (a debate turn in progress, say). */
  isRunning(exchangeId: string): boolean {
    return this.running.has(exchangeId);
  }

  /** Stops every answer of a session (it is being deleted). */
  abortClassroom(classroomId: string): void {
    for (const run of this.running.values()) if (run.classroomId === classroomId) run.controller.abort();
  }

  /** Resolves when every started answer has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const { controller } of this.running.values()) controller.abort();
    for (const wake of this.waiting.splice(0)) wake();
    await this.idle();
  }

  private async run(job: AnswerJob): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.exchangeId, { controller, classroomId: job.classroom.id });
    try {
      await this.acquire();
      if (this.closing) throw new Error('shutting down');
      const answer = await this.ask(job, controller.signal);
      await this.log.commit(job.classroom.id, async (tx, events) => {
        await this.exchanges.complete(job.exchangeId, answer, this.clock.now(), tx);
        events.record(
          'exchange:answered',
          { exchangeId: job.exchangeId, answer: toClassroomAnswer(answer) },
          job.audience,
        );
      });
    } catch (e) {
      await this.recordFailure(job, e);
    } finally {
      this.running.delete(job.exchangeId);
      this.release();
    }
  }

  private async ask(job: AnswerJob, signal: AbortSignal): Promise<Answer> {
    const conversationId = await this.exchanges.lastConversation(job.classroom.id, job.askerId, job.persona);
    const request: ChatRequest = {
      persona: job.persona,
      message: job.question,
      mode: 'persona',
      ...(job.classroom.as_of ? { asOf: job.classroom.as_of } : {}),
      ...(conversationId ? { conversationId } : {}),
    };
    // `started` is written while the answer streams; the outcome waits for it so ids stay in causal order.
    let started: Promise<void> = Promise.resolve();
    const onEvent = (event: AnswerEvent): void => {
      switch (event.type) {
        case 'meta':
          started = this.recordStart(job, event.data);
          break;
        case 'citations':
        case 'delta':
          this.bus.publish({
            kind: 'transient',
            classroomId: job.classroom.id,
            type: event.type === 'delta' ? 'exchange:delta' : 'exchange:citations',
            data: { exchangeId: job.exchangeId, ...event.data },
            audience: job.audience,
          });
          break;
        case 'done':
        case 'error':
          // The outcome is recorded once, from the pipeline's result.
          break;
      }
    };
    try {
      return await this.pipeline.ask(request, {
        signal,
        onEvent,
        classroomId: job.classroom.id,
        debate: job.debate,
      });
    } finally {
      await started;
    }
  }

  private async recordStart(
    job: AnswerJob,
    meta: { messageId: string; conversationId: string; persona: { id: string; name: string; asOf: string } },
  ): Promise<void> {
    try {
      await this.exchanges.setConversation(job.exchangeId, meta.conversationId);
      await this.log.record(
        job.classroom.id,
        'exchange:started',
        // The conversation id stays on the server: it is the asker's, not the class's.
        { exchangeId: job.exchangeId, messageId: meta.messageId, persona: meta.persona },
        job.audience,
      );
    } catch (e) {
      this.logger.warn(`could not record the start of exchange ${job.exchangeId}: ${errorMessage(e)}`);
    }
  }

  private async recordFailure(job: AnswerJob, e: unknown): Promise<void> {
    const { code, message } = toErrorBody(e);
    try {
      await this.log.commit(job.classroom.id, async (tx, events) => {
        await this.exchanges.fail(job.exchangeId, { code, message }, this.clock.now(), tx);
        events.record('exchange:failed', { exchangeId: job.exchangeId, code, message }, job.audience);
      });
    } catch (inner) {
      // The session may have been deleted while it was being answered: nothing is left to record.
      this.logger.warn(`could not record the failure of exchange ${job.exchangeId}: ${errorMessage(inner)}`);
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.maxConcurrentAnswers || this.closing) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
