import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@parley/database';

/** Formats a vector as pgvector text input. */
export function toVectorLiteral(v: readonly number[]): string {
  return `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
}

/** Stored vectors, their HNSW indexes and fitted embedder state. */
@Injectable()
export class EmbeddingRepository {
  constructor(private readonly db: Database) {}

  /** Creates the partial HNSW index for one dimension (DDL cannot take parameters, so the integer is checked). */
  async ensureIndex(dims: number): Promise<void> {
    if (!Number.isInteger(dims) || dims < 1 || dims > 16000) throw new Error(`bad vector dimension ${dims}`);
    await this.db.query(
      `CREATE INDEX IF NOT EXISTS chunk_embeddings_hnsw_${dims} ON chunk_embeddings
         USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WITH (m = 16, ef_construction = 64)
         WHERE dims = ${dims}`,
    );
  }

  async insert(client: PoolClient, embedder: string, chunkIds: string[], vectors: number[][]): Promise<void> {
    if (chunkIds.length === 0) return;
    await client.query(
      `INSERT INTO chunk_embeddings (chunk_id, embedder, dims, embedding)
       SELECT c, $1, $2, v::vector FROM unnest($3::bigint[], $4::text[]) AS u(c, v)
       ON CONFLICT (embedder, chunk_id) DO UPDATE SET embedding = excluded.embedding, dims = excluded.dims`,
      [embedder, vectors[0].length, chunkIds, vectors.map(toVectorLiteral)],
    );
  }

  /** Ids of chunks that have no vector in the given space. */
  async chunksMissing(embedder: string): Promise<{ id: string; text: string; document_id: string }[]> {
    return this.db.query(
      `SELECT c.id::text AS id, c.text, c.document_id FROM chunks c
        WHERE NOT EXISTS (SELECT 1 FROM chunk_embeddings e WHERE e.chunk_id = c.id AND e.embedder = $1)
        ORDER BY c.document_id, c.ordinal`,
      [embedder],
    );
  }

  /** Drops vectors of other spaces so that searches never mix them. */
  async deleteOtherSpaces(embedder: string): Promise<number> {
    const rows = await this.db.query('DELETE FROM chunk_embeddings WHERE embedder <> $1 RETURNING 1', [
      embedder,
    ]);
    return rows.length;
  }

  async count(embedder: string): Promise<number> {
    const rows = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM chunk_embeddings WHERE embedder = $1',
      [embedder],
    );
    return Number(rows[0].n);
  }

  async saveState(embedder: string, state: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO embedder_states (embedder, state) VALUES ($1, $2)
       ON CONFLICT (embedder) DO UPDATE SET state = excluded.state`,
      [embedder, JSON.stringify(state)],
    );
  }

  async loadState(embedder: string): Promise<unknown> {
    const rows = await this.db.query<{ state: unknown }>(
      'SELECT state FROM embedder_states WHERE embedder = $1',
      [embedder],
    );
    return rows[0]?.state ?? null;
  }
}
