import { Inject, Injectable, Optional } from '@nestjs/common';
import type { HealthReport } from '@parley/contracts';
import { CorpusRepository, IngestRunRepository } from '@parley/corpus';
import { ErrorCode } from '@parley/core';
import { Database } from '@parley/database';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { CHAT_MODEL, type ChatModel } from '@parley/llm';
import { AnswerDrain } from '../lifecycle/answer-drain';
import { RealtimeHealth } from '../realtime/realtime-health';

export type ReadinessReport =
  | { ready: true }
  | { ready: false; code: ErrorCode.ShuttingDown | ErrorCode.DatabaseUnavailable; message: string };

/** Readiness of the pieces an answer needs. */
@Injectable()
export class HealthService {
  constructor(
    private readonly db: Database,
    private readonly corpus: CorpusRepository,
    private readonly runs: IngestRunRepository,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    private readonly realtime: RealtimeHealth,
    @Inject(AnswerDrain) private readonly drain: AnswerDrain,
    @Optional() @Inject(CHAT_MODEL) private readonly model: ChatModel | null = null,
  ) {}

  /** Whether a load balancer should send traffic here: false at once when shutdown begins, or without a database. */
  async readiness(): Promise<ReadinessReport> {
    if (this.drain.shuttingDown) {
      return { ready: false, code: ErrorCode.ShuttingDown, message: 'This instance is shutting down.' };
    }
    if (!(await this.db.isHealthy())) {
      return {
        ready: false,
        code: ErrorCode.DatabaseUnavailable,
        message: 'The database is not reachable right now.',
      };
    }
    return { ready: true };
  }

  async report(): Promise<HealthReport> {
    const shuttingDown = this.drain.shuttingDown;
    const dbOk = await this.db.isHealthy();
    let documents = 0;
    let chunks = 0;
    let lastIngest: string | null = null;
    let skipped = 0;
    if (dbOk) {
      for (const c of (await this.corpus.personaCounts()).values()) {
        documents += c.documents;
        chunks += c.chunks;
      }
      const last = await this.runs.last();
      lastIngest = last?.finished_at ?? null;
      skipped = last?.skipped ?? 0;
    }
    const status = shuttingDown || !dbOk ? 'unavailable' : chunks === 0 ? 'degraded' : 'ok';
    return {
      status,
      database: { ok: dbOk, mode: process.env.DATABASE_URL ? 'external' : 'embedded' },
      corpus: { documents, chunks, lastIngest, skipped },
      embedder: { id: this.embedder.id, dimension: this.embedder.dimension },
      answers: { generator: this.model?.id ?? 'extractive' },
      realtime: this.realtime.report(),
      shuttingDown,
    };
  }
}
