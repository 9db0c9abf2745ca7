import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Audience, ClassroomEvent, ClassroomEventData, ClassroomEventType } from '@parley/contracts';
import { Database } from '@parley/database';
import { ClassroomEventBus } from './classroom-event.bus';
import { CLOCK, type Clock } from './classroom.options';
import { EventRepository } from './repositories/event.repository';

/** Collects the events a change produces; they are stored in the change's transaction. */
export interface EventRecorder {
  record<T extends ClassroomEventType>(type: T, data: ClassroomEventData<T>, audience: Audience): void;
}

/**
 * Every change to a session goes through here: state and events are written in one transaction,
 * then the events are published in id order (one session's changes run one after another in this
 * process; the classroom row lock orders them across processes).
 */
@Injectable()
export class EventLog {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly events: EventRepository,
    private readonly bus: ClassroomEventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs `change` in a transaction, appends the events it recorded, commits, then publishes them. */
  async commit<R>(
    classroomId: string,
    change: (tx: PoolClient, events: EventRecorder) => Promise<R>,
  ): Promise<R> {
    return this.serialise(classroomId, async () => {
      const pending: { type: ClassroomEventType; data: unknown; audience: Audience }[] = [];
      const recorder: EventRecorder = {
        record: (type, data, audience) => pending.push({ type, data, audience }),
      };
      const { result, stored } = await this.db.transaction(async (tx) => {
        const result = await change(tx, recorder);
        const stored: { event: ClassroomEvent; audience: Audience }[] = [];
        const at = this.clock.now();
        for (const p of pending) {
          stored.push({
            event: await this.events.append(tx, { classroomId, ...p, at }),
            audience: p.audience,
          });
        }
        return { result, stored };
      });
      for (const s of stored) this.bus.publish({ kind: 'event', ...s });
      return result;
    });
  }

  /** Shorthand for a change that is only events. */
  async record<T extends ClassroomEventType>(
    classroomId: string,
    type: T,
    data: ClassroomEventData<T>,
    audience: Audience,
  ): Promise<void> {
    await this.commit(classroomId, async (_tx, events) => events.record(type, data, audience));
  }

  private serialise<R>(key: string, task: () => Promise<R>): Promise<R> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }
}
