import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database, type Queryable } from '@parley/database';
import { countWords } from '@parley/text';

export interface DocumentRow {
  id: string;
  source: string;
  persona: string;
  author: string;
  title: string;
  date: string;
  date_from: string;
  date_to: string;
  published: string | null;
  kind: string | null;
  translator: string | null;
  url: string | null;
  license: string | null;
  sha256: string;
  content_hash: string;
}

export interface DocumentWithText extends DocumentRow {
  text: string;
}

export interface NewDocument extends Omit<DocumentRow, 'date_from' | 'date_to'> {
  dateFrom: string;
  dateTo: string;
  text: string;
}

export interface NewChunk {
  ordinal: number;
  start: number;
  end: number;
  text: string;
  heading: string | null;
  speaker: string | null;
  /** Overlapping runs of a few sentences of `text`, indexed for passage-level full-text evidence. */
  windows: string[];
}

const DOCUMENT_COLUMNS = `id, source, persona, author, title, date, to_char(date_from, 'YYYY-MM-DD') AS date_from,
  to_char(date_to, 'YYYY-MM-DD') AS date_to, published, kind, translator, url, license, sha256, content_hash`;

/** The only code that reads and writes the `documents` and `chunks` tables. */
@Injectable()
export class CorpusRepository {
  constructor(private readonly db: Database) {}

  async listDocuments(persona?: string): Promise<DocumentRow[]> {
    return this.db.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE ($1::text IS NULL OR persona = $1) ORDER BY date_from, source`,
      [persona ?? null],
    );
  }

  /** A document by stable id or by corpus-relative path. */
  async findDocument(idOrSource: string): Promise<DocumentWithText | null> {
    const rows = await this.db.query<DocumentWithText>(
      `SELECT ${DOCUMENT_COLUMNS}, text FROM documents WHERE id = $1 OR source = $1 LIMIT 1`,
      [idOrSource],
    );
    return rows[0] ?? null;
  }

  /** The date (end of its period) of the persona's latest document on or before `asOf`; null when it has none. */
  async latestDocumentDate(persona: string, asOf: string): Promise<string | null> {
    const rows = await this.db.query<{ latest: string | null }>(
      `SELECT to_char(max(date_to), 'YYYY-MM-DD') AS latest FROM documents WHERE persona = $1 AND date_to <= $2::date`,
      [persona, asOf],
    );
    return rows[0]?.latest ?? null;
  }

  async documentTexts(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; text: string }>(
      'SELECT id, text FROM documents WHERE id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.text]));
  }

  async contentHashes(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ source: string; content_hash: string }>(
      'SELECT source, content_hash FROM documents',
    );
    return new Map(rows.map((r) => [r.source, r.content_hash]));
  }

  async personaCounts(): Promise<Map<string, { documents: number; chunks: number }>> {
    const rows = await this.db.query<{ persona: string; documents: string; chunks: string }>(
      `SELECT d.persona, count(DISTINCT d.id) AS documents, count(c.id) AS chunks
         FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.persona`,
    );
    return new Map(
      rows.map((r) => [r.persona, { documents: Number(r.documents), chunks: Number(r.chunks) }]),
    );
  }

  /** Replaces a document and its chunks (inside the caller's transaction); returns chunk ids by ordinal. */
  async replaceDocument(client: PoolClient, doc: NewDocument, chunks: NewChunk[]): Promise<string[]> {
    await client.query('DELETE FROM documents WHERE source = $1 OR id = $2', [doc.source, doc.id]);
    await client.query(
      `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, published, kind,
         translator, url, license, sha256, content_hash, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        doc.id,
        doc.source,
        doc.persona,
        doc.author,
        doc.title,
        doc.date,
        doc.dateFrom,
        doc.dateTo,
        doc.published,
        doc.kind,
        doc.translator,
        doc.url,
        doc.license,
        doc.sha256,
        doc.content_hash,
        doc.text,
      ],
    );
    const { rows } = await client.query<{ id: string; ordinal: number }>(
      `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, heading, speaker, persona, date_to, title, tokens)
       SELECT $1, o, s, e, t, h, sp, $2, $3, $4, n
         FROM unnest($5::int[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::int[]) AS u(o, s, e, t, h, sp, n)
       RETURNING id::text AS id, ordinal`,
      [
        doc.id,
        doc.persona,
        doc.dateTo,
        doc.title,
        chunks.map((c) => c.ordinal),
        chunks.map((c) => c.start),
        chunks.map((c) => c.end),
        chunks.map((c) => c.text),
        chunks.map((c) => c.heading),
        chunks.map((c) => c.speaker),
        chunks.map((c) => countWords(c.text)),
      ],
    );
    const byOrdinal = new Map(rows.map((r) => [r.ordinal, r.id]));
    const ids = chunks.map((c) => byOrdinal.get(c.ordinal) as string);
    const windows = chunks.flatMap((c, i) =>
      c.windows.map((text, ordinal) => ({ chunk: ids[i], ordinal, text })),
    );
    await client.query(
      `INSERT INTO chunk_windows (chunk_id, ordinal, tokens, tsv)
       SELECT c, o, n, to_tsvector('english', t) FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[]) AS u(c, o, n, t)`,
      [
        windows.map((w) => w.chunk),
        windows.map((w) => w.ordinal),
        windows.map((w) => countWords(w.text)),
        windows.map((w) => w.text),
      ],
    );
    return ids;
  }

  async hasLexemeStats(): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM corpus_stats')).length > 0;
  }

  /** Recomputes the BM25 statistics (document frequency per lexeme, mean chunk and window lengths) and the planner's statistics after the chunks changed. */
  async refreshLexemeStats(): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM lexeme_stats');
      await client.query(
        `INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`,
      );
      await client.query('DELETE FROM corpus_stats');
      await client.query(
        `INSERT INTO corpus_stats (chunks, avg_tokens, avg_window_tokens)
         SELECT count(*), coalesce(avg(tokens), 1), (SELECT coalesce(avg(tokens), 1) FROM chunk_windows) FROM chunks`,
      );
    });
    // Planner statistics: without them the planner guesses row counts and may skip the HNSW and GIN indexes.
    await this.db.query(
      'ANALYZE documents, chunks, chunk_windows, chunk_embeddings, lexeme_stats, corpus_stats',
    );
  }

  async deleteDocumentsNotIn(sources: string[]): Promise<string[]> {
    const rows = await this.db.query<{ source: string }>(
      'DELETE FROM documents WHERE NOT (source = ANY($1::text[])) RETURNING source',
      [sources],
    );
    return rows.map((r) => r.source);
  }

  /** A key that changes whenever an ingest changed the chunks (their count and mean length); '' before any ingest. */
  async chunksRevision(): Promise<string> {
    const [row] = await this.db.query<{ chunks: number; avg_tokens: number }>(
      'SELECT chunks, avg_tokens FROM corpus_stats',
    );
    return row ? `${row.chunks}:${row.avg_tokens}` : '';
  }

  /** Chunk ids and texts of documents, in document then ordinal order. */
  async chunkTexts(
    q: Queryable = this.db.pool,
  ): Promise<{ id: string; text: string; document_id: string }[]> {
    const { rows } = await q.query<{ id: string; text: string; document_id: string }>(
      'SELECT id::text AS id, text, document_id FROM chunks ORDER BY document_id, ordinal',
    );
    return rows;
  }
}
