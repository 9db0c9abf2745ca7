import { Injectable } from '@nestjs/common';
import { Database } from '@parley/database';

export interface IngestRun {
  corpus_dir: string;
  fingerprint: string;
  embedder: string;
  documents: number;
  chunks: number;
  skipped: number;
  problems: { source: string; reason: string }[];
  finished_at: string;
}

/** Records of completed ingests: start-up compares the corpus fingerprint with the last one. */
@Injectable()
export class IngestRunRepository {
  constructor(private readonly db: Database) {}

  async last(): Promise<IngestRun | null> {
    const rows = await this.db.query<IngestRun>(
      `SELECT corpus_dir, fingerprint, embedder, documents, chunks, skipped, problems, finished_at::text
         FROM ingest_runs ORDER BY id DESC LIMIT 1`,
    );
    return rows[0] ?? null;
  }

  async record(run: Omit<IngestRun, 'finished_at'>): Promise<void> {
    await this.db.query(
      `INSERT INTO ingest_runs (corpus_dir, fingerprint, embedder, documents, chunks, skipped, problems)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        run.corpus_dir,
        run.fingerprint,
        run.embedder,
        run.documents,
        run.chunks,
        run.skipped,
        JSON.stringify(run.problems, storableInJsonb),
      ],
    );
  }
}

// jsonb refuses NUL and unpaired surrogates, which a broken manifest entry may carry in its path.
// eslint-disable-next-line no-control-regex -- NUL is exactly what jsonb refuses
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storableInJsonb(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(NUL, '\\0').replace(LONE_SURROGATE, '\ufffd') : value;
}
