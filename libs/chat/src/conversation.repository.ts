import { Injectable } from '@nestjs/common';
import type { Citation, ChatMode, ReadFurther, Refusal } from '@parley/contracts';
import { Database } from '@parley/database';

export interface ConversationRow {
  id: string;
  persona: string;
  mode: ChatMode;
  as_of: string | null;
  classroom_id: string | null;
  secret_hash: string | null;
  created_at: string;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: string;
  role: 'user' | 'assistant';
  persona: string;
  mode: ChatMode;
  as_of: string | null;
  content: string;
  status: 'complete' | 'pending' | 'failed';
  refusal: Refusal | null;
  context: string | null;
  generator: string | null;
  embedder: string | null;
  notice: string | null;
  error_code: string | null;
  timings: { retrievalMs: number; generationMs: number; totalMs: number } | null;
  /** The documents a `no_sources` refusal offered to read instead; null otherwise. */
  read_further: ReadFurther[] | null;
  created_at: string;
}

export interface CompletedAnswer {
  content: string;
  refusal: Refusal | null;
  context: string | null;
  generator: string;
  embedder: string;
  notice: string | null;
  timings: { retrievalMs: number; generationMs: number; totalMs: number };
  citations: Citation[];
  readFurther?: ReadFurther[];
}

const MESSAGE_COLUMNS = `id, conversation_id, seq::text, role, persona, mode, to_char(as_of, 'YYYY-MM-DD') AS as_of, content,
  status, refusal, context, generator, embedder, notice, error_code, timings, read_further, created_at::text`;

/** The only code that reads and writes conversations, messages and citations. */
@Injectable()
export class ConversationRepository {
  constructor(private readonly db: Database) {}

  async createConversation(c: {
    id: string;
    persona: string;
    mode: ChatMode;
    asOf: string | null;
    classroomId?: string;
    secretHash?: string;
  }): Promise<void> {
    await this.db.query(
      'INSERT INTO conversations (id, persona, mode, as_of, classroom_id, secret_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [c.id, c.persona, c.mode, c.asOf, c.classroomId ?? null, c.secretHash ?? null],
    );
  }

  async findConversation(id: string): Promise<ConversationRow | null> {
    const rows = await this.db.query<ConversationRow>(
      `SELECT id, persona, mode, to_char(as_of, 'YYYY-MM-DD') AS as_of, classroom_id, secret_hash, created_at::text
         FROM conversations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Deletes public conversations (not a classroom's) untouched since `before`, with their messages; returns how many. */
  async deleteIdlePublic(before: Date): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      'DELETE FROM conversations WHERE classroom_id IS NULL AND updated_at < $1 RETURNING id',
      [before],
    );
    return rows.length;
  }

  async addMessage(m: {
    id: string;
    conversationId: string;
    role: 'user' | 'assistant';
    persona: string;
    mode: ChatMode;
    asOf: string | null;
    content: string;
    status: MessageRow['status'];
  }): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO messages (id, conversation_id, role, persona, mode, as_of, content, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [m.id, m.conversationId, m.role, m.persona, m.mode, m.asOf, m.content, m.status],
      );
      await client.query('UPDATE conversations SET updated_at = now() WHERE id = $1', [m.conversationId]);
    });
  }

  /** Completes a pending answer with its text and citations, atomically. */
  async completeAnswer(messageId: string, a: CompletedAnswer): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `UPDATE messages SET content = $2, status = 'complete', refusal = $3, context = $4, generator = $5,
                embedder = $6, notice = $7, timings = $8, read_further = $9 WHERE id = $1`,
        [
          messageId,
          a.content,
          a.refusal,
          a.context,
          a.generator,
          a.embedder,
          a.notice,
          JSON.stringify(a.timings),
          a.readFurther?.length ? JSON.stringify(a.readFurther) : null,
        ],
      );
      if (a.citations.length === 0) return;
      await client.query(
        `INSERT INTO citations (message_id, marker, document_id, source, title, author, date, url, chunk_id, quote,
                                start_offset, end_offset, speaker)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                  $9::text[], $10::text[], $11::int[], $12::int[], $13::text[])`,
        [
          messageId,
          a.citations.map((c) => c.marker),
          a.citations.map((c) => c.documentId),
          a.citations.map((c) => c.source),
          a.citations.map((c) => c.title),
          a.citations.map((c) => c.author),
          a.citations.map((c) => c.date),
          a.citations.map((c) => c.url),
          a.citations.map((c) => c.chunkId),
          a.citations.map((c) => c.quote),
          a.citations.map((c) => c.start),
          a.citations.map((c) => c.end),
          a.citations.map((c) => c.speaker ?? null),
        ],
      );
    });
  }

  async failAnswer(messageId: string, errorCode: string, notice: string): Promise<void> {
    await this.db.query(`UPDATE messages SET status = 'failed', error_code = $2, notice = $3 WHERE id = $1`, [
      messageId,
      errorCode,
      notice,
    ]);
  }

  async messages(conversationId: string): Promise<MessageRow[]> {
    return this.db.query<MessageRow>(
      // messages.seq, not seq: the bare name would sort by the output column `seq::text` ('10' before '9').
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY messages.seq`,
      [conversationId],
    );
  }

  async citations(messageIds: string[]): Promise<Map<string, Citation[]>> {
    const rows = await this.db.query<{
      message_id: string;
      marker: number;
      document_id: string;
      source: string;
      title: string;
      author: string;
      date: string;
      url: string | null;
      chunk_id: string;
      quote: string;
      start_offset: number;
      end_offset: number;
      speaker: string | null;
    }>('SELECT * FROM citations WHERE message_id = ANY($1::uuid[]) ORDER BY message_id, marker', [
      messageIds,
    ]);
    const byMessage = new Map<string, Citation[]>();
    for (const r of rows) {
      const list = byMessage.get(r.message_id) ?? [];
      list.push({
        marker: r.marker,
        documentId: r.document_id,
        source: r.source,
        title: r.title,
        author: r.author,
        date: r.date,
        url: r.url,
        chunkId: r.chunk_id,
        quote: r.quote,
        start: r.start_offset,
        end: r.end_offset,
        speaker: r.speaker,
      });
      byMessage.set(r.message_id, list);
    }
    return byMessage;
  }
}
