import { Injectable } from '@nestjs/common';
import type { Audience, ClassroomEvent, ClassroomEventType } from '@parley/contracts';
import { Database, type Queryable } from '@parley/database';
import { rows } from './sql';

interface EventRow {
  id: string;
  classroom_id: string;
  type: ClassroomEventType;
  data: unknown;
  created_at: Date;
}

/** Who is reading: the teacher reads everything, a student the room's events and their own. */
export interface EventReader {
  role: 'teacher' | 'student';
  participantId: string;
}

/** The only code that reads and writes the classroom event log. */
@Injectable()
export class EventRepository {
  constructor(private readonly db: Database) {}

  /**
   * Appends one event with the session's next id. Taking the id updates the classroom row, which stays
   * locked until the transaction commits: ids are gap-free per session and commit in order across instances.
   */
  async append<T extends ClassroomEventType>(
    q: Queryable,
    e: { classroomId: string; type: T; data: unknown; audience: Audience; at: Date },
  ): Promise<ClassroomEvent> {
    const next = await rows<{ id: string }>(
      q,
      'UPDATE classrooms SET last_event_id = last_event_id + 1 WHERE id = $1 RETURNING last_event_id::text AS id',
      [e.classroomId],
    );
    if (!next[0]) throw new Error(`classroom ${e.classroomId} does not exist`);
    const id = Number(next[0].id);
    await q.query(
      `INSERT INTO classroom_events (classroom_id, id, type, audience, participant_id, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        e.classroomId,
        id,
        e.type,
        e.audience.scope,
        e.audience.scope === 'participant' ? e.audience.participantId : null,
        JSON.stringify(e.data),
        e.at,
      ],
    );
    return {
      id,
      classroomId: e.classroomId,
      type: e.type,
      at: e.at.toISOString(),
      data: e.data,
    } as ClassroomEvent;
  }

  /** Events after `after` that `reader` may see, oldest first. */
  async after(
    classroomId: string,
    after: number,
    reader: EventReader,
    limit: number,
  ): Promise<ClassroomEvent[]> {
    const found = await rows<EventRow>(
      this.db.pool,
      `SELECT id, classroom_id, type, data, created_at FROM classroom_events
        WHERE classroom_id = $1 AND id > $2
          AND ($3 = 'teacher' OR audience = 'all' OR (audience = 'participant' AND participant_id = $4))
        ORDER BY id LIMIT $5`,
      [classroomId, after, reader.role, reader.participantId, limit],
    );
    return found.map(toEvent);
  }

  /** Every event of one type in a session, oldest first (the transcript's broadcasts). */
  async ofType(classroomId: string, type: ClassroomEventType): Promise<ClassroomEvent[]> {
    const found = await rows<EventRow>(
      this.db.pool,
      `SELECT id, classroom_id, type, data, created_at FROM classroom_events
        WHERE classroom_id = $1 AND type = $2 ORDER BY id`,
      [classroomId, type],
    );
    return found.map(toEvent);
  }
}

function toEvent(r: EventRow): ClassroomEvent {
  return {
    id: Number(r.id),
    classroomId: r.classroom_id,
    type: r.type,
    at: r.created_at.toISOString(),
    data: r.data,
  } as ClassroomEvent;
}
