import { Injectable } from '@nestjs/common';
import type { Answer, ExchangeStatus } from '@parley/contracts';
import { Database, type Queryable } from '@parley/database';
import { rows } from './sql';

export interface ExchangeRow {
  id: string;
  classroom_id: string;
  participant_id: string | null;
  display_name: string | null;
  kind: 'question' | 'debate_turn';
  persona: string;
  question: string;
  status: ExchangeStatus;
  debate_turn: number | null;
  conversation_id: string | null;
  answer: Answer | null;
  error_code: string | null;
  error_message: string | null;
  moderation: { categories: string[] } | null;
  pinned: boolean;
  created_at: Date;
}

export interface NewExchange {
  id: string;
  classroomId: string;
  participantId: string | null;
  kind: 'question' | 'debate_turn';
  persona: string;
  question: string;
  status: ExchangeStatus;
  debateTurn: number | null;
  moderation: { categories: string[] } | null;
  createdAt: Date;
}

const COLUMNS = `e.id, e.classroom_id, e.participant_id, p.display_name, e.kind, e.persona, e.question, e.status, e.debate_turn,
  e.conversation_id, e.answer, e.error_code, e.error_message, e.moderation, e.pinned, e.created_at`;
const FROM = 'classroom_exchanges e LEFT JOIN classroom_participants p ON p.id = e.participant_id';

/** The only code that reads and writes classroom exchanges (questions, debate turns and their answers). */
@Injectable()
export class ExchangeRepository {
  constructor(private readonly db: Database) {}

  async insert(e: NewExchange, q: Queryable = this.db.pool): Promise<void> {
    await q.query(
      `INSERT INTO classroom_exchanges (id, classroom_id, participant_id, kind, persona, question, status, debate_turn, moderation, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        e.id,
        e.classroomId,
        e.participantId,
        e.kind,
        e.persona,
        e.question,
        e.status,
        e.debateTurn,
        e.moderation ? JSON.stringify(e.moderation) : null,
        e.createdAt,
      ],
    );
  }

  async find(classroomId: string, id: string, q: Queryable = this.db.pool): Promise<ExchangeRow | null> {
    const found = await rows<ExchangeRow>(
      q,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE e.classroom_id = $1 AND e.id = $2`,
      [classroomId, id],
    );
    return found[0] ?? null;
  }

  /** Every exchange of a session in the order asked; optionally only one participant's thread. */
  async list(classroomId: string, participantId?: string): Promise<ExchangeRow[]> {
    return participantId
      ? rows<ExchangeRow>(
          this.db.pool,
          `SELECT ${COLUMNS} FROM ${FROM} WHERE e.classroom_id = $1 AND e.participant_id = $2 ORDER BY e.created_at, e.id`,
          [classroomId, participantId],
        )
      : rows<ExchangeRow>(
          this.db.pool,
          `SELECT ${COLUMNS} FROM ${FROM} WHERE e.classroom_id = $1 ORDER BY e.created_at, e.id`,
          [classroomId],
        );
  }

  async pinnedIds(classroomId: string): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.db.pool,
      'SELECT id FROM classroom_exchanges WHERE classroom_id = $1 AND pinned ORDER BY created_at, id',
      [classroomId],
    );
    return found.map((r) => r.id);
  }

  /** The conversation a thread continues: the asker's (or the debate's) last one with this persona. */
  async lastConversation(
    classroomId: string,
    participantId: string | null,
    persona: string,
  ): Promise<string | null> {
    const found = await rows<{ conversation_id: string }>(
      this.db.pool,
      `SELECT conversation_id FROM classroom_exchanges
        WHERE classroom_id = $1 AND participant_id IS NOT DISTINCT FROM $2 AND persona = $3 AND conversation_id IS NOT NULL
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [classroomId, participantId, persona],
    );
    return found[0]?.conversation_id ?? null;
  }

  /** The quotes a debater has cited in its answered turns on `motion`, so its next turn can bring new ones. */
  async debateQuotes(classroomId: string, persona: string, motion: string): Promise<string[]> {
    const found = await rows<{ quote: string }>(
      this.db.pool,
      `SELECT c->>'quote' AS quote
         FROM classroom_exchanges e, jsonb_array_elements(e.answer->'citations') c
        WHERE e.classroom_id = $1 AND e.kind = 'debate_turn' AND e.persona = $2 AND e.question = $3
          AND e.answer IS NOT NULL`,
      [classroomId, persona, motion],
    );
    return found.map((r) => r.quote);
  }

  /** The latest debate turn, to hand its text to the next speaker and to refuse a turn while one is speaking. */
  async lastDebateTurn(classroomId: string, q: Queryable = this.db.pool): Promise<ExchangeRow | null> {
    const found = await rows<ExchangeRow>(
      q,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE e.classroom_id = $1 AND e.kind = 'debate_turn' ORDER BY e.created_at DESC, e.debate_turn DESC LIMIT 1`,
      [classroomId],
    );
    return found[0] ?? null;
  }

  async setStatus(id: string, status: ExchangeStatus, q: Queryable = this.db.pool): Promise<void> {
    await q.query('UPDATE classroom_exchanges SET status = $2 WHERE id = $1', [id, status]);
  }

  async setConversation(id: string, conversationId: string): Promise<void> {
    await this.db.query('UPDATE classroom_exchanges SET conversation_id = $2 WHERE id = $1', [
      id,
      conversationId,
    ]);
  }

  async complete(id: string, answer: Answer, at: Date, q: Queryable): Promise<void> {
    await q.query(
      `UPDATE classroom_exchanges SET status = 'answered', answer = $2, conversation_id = $3, answered_at = $4 WHERE id = $1`,
      [id, JSON.stringify(answer), answer.conversationId, at],
    );
  }

  async fail(id: string, error: { code: string; message: string }, at: Date, q: Queryable): Promise<void> {
    await q.query(
      `UPDATE classroom_exchanges SET status = 'failed', error_code = $2, error_message = $3, answered_at = $4 WHERE id = $1`,
      [id, error.code, error.message, at],
    );
  }

  async setPinned(id: string, pinned: boolean, q: Queryable): Promise<void> {
    await q.query('UPDATE classroom_exchanges SET pinned = $2 WHERE id = $1', [id, pinned]);
  }
}
