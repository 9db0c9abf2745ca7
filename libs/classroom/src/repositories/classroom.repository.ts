import { Injectable } from '@nestjs/common';
import type { ClassroomMode, Role, Visibility } from '@parley/contracts';
import { Database, type Queryable } from '@parley/database';
import { rows } from './sql';

export interface ClassroomRow {
  id: string;
  title: string;
  personas: string[];
  mode: ClassroomMode;
  motion: string | null;
  stances: Record<string, string>;
  as_of: string | null;
  visibility: Visibility;
  join_code: string;
  locked: boolean;
  debate_turn: number;
  last_event_id: string;
  retention_days: number;
  created_at: Date;
  ended_at: Date | null;
  delete_after: Date;
}

export interface ParticipantRow {
  id: string;
  classroom_id: string;
  role: Role;
  display_name: string;
  joined_at: Date;
  removed_at: Date | null;
}

export interface NewClassroom {
  id: string;
  title: string;
  personas: string[];
  mode: ClassroomMode;
  motion: string | null;
  stances: Record<string, string>;
  asOf: string | null;
  visibility: Visibility;
  joinCode: string;
  retentionDays: number;
  createdAt: Date;
  deleteAfter: Date;
}

const CLASSROOM_COLUMNS = `c.id, c.title, c.personas, c.mode, c.motion, c.stances, to_char(c.as_of, 'YYYY-MM-DD') AS as_of, c.visibility,
  c.join_code, c.locked, c.debate_turn, c.last_event_id::text AS last_event_id, c.retention_days, c.created_at, c.ended_at, c.delete_after`;
const PARTICIPANT_COLUMNS = 'p.id, p.classroom_id, p.role, p.display_name, p.joined_at, p.removed_at';

/** The only code that reads and writes classrooms and their participants. */
@Injectable()
export class ClassroomRepository {
  constructor(private readonly db: Database) {}

  async insert(c: NewClassroom, q: Queryable = this.db.pool): Promise<void> {
    await q.query(
      `INSERT INTO classrooms (id, title, personas, mode, motion, as_of, visibility, join_code, retention_days, created_at, delete_after, stances)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        c.id,
        c.title,
        c.personas,
        c.mode,
        c.motion,
        c.asOf,
        c.visibility,
        c.joinCode,
        c.retentionDays,
        c.createdAt,
        c.deleteAfter,
        JSON.stringify(c.stances),
      ],
    );
  }

  async find(id: string, q: Queryable = this.db.pool): Promise<ClassroomRow | null> {
    const found = await rows<ClassroomRow>(
      q,
      `SELECT ${CLASSROOM_COLUMNS} FROM classrooms c WHERE c.id = $1`,
      [id],
    );
    return found[0] ?? null;
  }

  /** Reads the row and locks it until the transaction ends (teacher controls and debate turns change it). */
  async findForUpdate(id: string, q: Queryable): Promise<ClassroomRow | null> {
    const found = await rows<ClassroomRow>(
      q,
      `SELECT ${CLASSROOM_COLUMNS} FROM classrooms c WHERE c.id = $1 FOR UPDATE`,
      [id],
    );
    return found[0] ?? null;
  }

  /** Students in the session who have not been removed. */
  async countStudents(classroomId: string, q: Queryable): Promise<number> {
    const found = await rows<{ n: number }>(
      q,
      `SELECT count(*)::int AS n FROM classroom_participants
        WHERE classroom_id = $1 AND role = 'student' AND removed_at IS NULL`,
      [classroomId],
    );
    return found[0]?.n ?? 0;
  }

  async findByJoinCode(code: string): Promise<ClassroomRow | null> {
    const found = await rows<ClassroomRow>(
      this.db.pool,
      `SELECT ${CLASSROOM_COLUMNS} FROM classrooms c WHERE c.join_code = $1`,
      [code],
    );
    return found[0] ?? null;
  }

  async setLocked(id: string, locked: boolean, q: Queryable): Promise<void> {
    await q.query('UPDATE classrooms SET locked = $2 WHERE id = $1', [id, locked]);
  }

  /** Marks the session ended; false when it already was. */
  async end(id: string, at: Date, q: Queryable): Promise<boolean> {
    const result = await q.query('UPDATE classrooms SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [
      id,
      at,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async setMotion(
    id: string,
    motion: string,
    personas: string[],
    stances: Record<string, string>,
    q: Queryable,
  ): Promise<void> {
    await q.query(
      'UPDATE classrooms SET motion = $2, personas = $3, stances = $4, debate_turn = 0 WHERE id = $1',
      [id, motion, personas, JSON.stringify(stances)],
    );
  }

  async setDebateTurn(id: string, turn: number, q: Queryable): Promise<void> {
    await q.query('UPDATE classrooms SET debate_turn = $2 WHERE id = $1', [id, turn]);
  }

  /** Deletes the session; every row it produced goes with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<boolean> {
    const deleted = await rows<{ id: string }>(
      this.db.pool,
      'DELETE FROM classrooms WHERE id = $1 RETURNING id',
      [id],
    );
    return deleted.length > 0;
  }

  /** Deletes every session whose retention ended by `now`; returns their ids. */
  async deleteExpired(now: Date): Promise<string[]> {
    const deleted = await rows<{ id: string }>(
      this.db.pool,
      'DELETE FROM classrooms WHERE delete_after <= $1 RETURNING id',
      [now],
    );
    return deleted.map((r) => r.id);
  }

  async insertParticipant(
    p: {
      id: string;
      classroomId: string;
      role: Role;
      displayName: string;
      tokenHash: string;
      joinedAt: Date;
    },
    q: Queryable = this.db.pool,
  ): Promise<void> {
    await q.query(
      `INSERT INTO classroom_participants (id, classroom_id, role, display_name, token_hash, joined_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.id, p.classroomId, p.role, p.displayName, p.tokenHash, p.joinedAt],
    );
  }

  /** The participant holding a token, with its session. */
  async findByTokenHash(
    tokenHash: string,
  ): Promise<{ participant: ParticipantRow; classroom: ClassroomRow } | null> {
    const found = await rows<ParticipantRow>(
      this.db.pool,
      `SELECT ${PARTICIPANT_COLUMNS} FROM classroom_participants p WHERE p.token_hash = $1`,
      [tokenHash],
    );
    const participant = found[0];
    const classroom = participant ? await this.find(participant.classroom_id) : null;
    return participant && classroom ? { participant, classroom } : null;
  }

  async findParticipant(id: string, q: Queryable = this.db.pool): Promise<ParticipantRow | null> {
    const found = await rows<ParticipantRow>(
      q,
      `SELECT ${PARTICIPANT_COLUMNS} FROM classroom_participants p WHERE p.id = $1`,
      [id],
    );
    return found[0] ?? null;
  }

  async listParticipants(classroomId: string, q: Queryable = this.db.pool): Promise<ParticipantRow[]> {
    return rows<ParticipantRow>(
      q,
      `SELECT ${PARTICIPANT_COLUMNS} FROM classroom_participants p WHERE p.classroom_id = $1 ORDER BY p.joined_at, p.id`,
      [classroomId],
    );
  }

  async removeParticipant(id: string, at: Date, q: Queryable): Promise<void> {
    await q.query('UPDATE classroom_participants SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL', [
      id,
      at,
    ]);
  }
}
