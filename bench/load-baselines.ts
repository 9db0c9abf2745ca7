/**
 * Baselines for the load benchmark, measured in the same run on the same data:
 * a plain Express app serving the same endpoints from the same service objects as the Nest app, and
 * LangChain.js's PGVectorStore searching the same vectors in the same database as our retrieval.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { Embeddings } from '@langchain/core/embeddings';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import express from 'express';
import { SearchQuerySchema } from '@parley/contracts';
import { parseOrThrow, toErrorBody } from '@parley/core';
import { CorpusRepository } from '@parley/corpus';
import { Database } from '@parley/database';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { PersonaRegistry } from '@parley/personas';
import { inFirstPerson, RetrievalService } from '@parley/retrieval';
import { percentile, table, timeEach } from './bench-util';
import { f1, ratio } from './load-stats';

export interface ExpressTwin {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /api/search` and `GET /api/personas` as plain Express handlers doing what the Nest controllers do
 * (zod validation, the same service calls, JSON out), without Nest's pipeline and the app's middleware (CORS, security headers).
 */
export async function startExpressTwin(app: INestApplicationContext): Promise<ExpressTwin> {
  const retrieval = app.get(RetrievalService);
  const personas = app.get(PersonaRegistry);
  const corpus = app.get(CorpusRepository);
  const ex = express();
  ex.get('/api/search', async (req, res) => {
    try {
      const q = parseOrThrow(SearchQuerySchema, req.query);
      const persona = personas.get(q.persona);
      const asOf = personas.resolveAsOf(persona.id, q.asOf);
      const passages = await retrieval.search({ persona: persona.id, query: q.q, asOf, k: q.k });
      res.json({ persona: persona.id, query: q.q, asOf, embedder: retrieval.embedderId, passages });
    } catch (e) {
      const body = toErrorBody(e);
      res.status(body.statusCode).json(body);
    }
  });
  ex.get('/api/personas', async (_req, res) => {
    const counts = await corpus.personaCounts();
    res.json(
      personas.list().map((p) => ({
        id: p.id,
        name: p.name,
        born: p.born,
        died: p.died,
        asOf: p.defaultAsOf,
        description: p.description,
        documents: counts.get(p.id)?.documents ?? 0,
      })),
    );
  });
  const server: Server = createServer(ex);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Our embedder behind LangChain's interface; queries are put in the first person exactly as our retrieval does. */
class ParleyEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.embedder.embedQuery(inFirstPerson(text));
  }
}

const VIEW = 'bench_langchain_chunks';

/**
 * PGVectorStore expects one table holding id, text, jsonb metadata and a typed vector column; our vectors
 * live in `chunk_embeddings` (an untyped `vector` column, one partial HNSW index per dimension) beside
 * `chunks`. A view presents the same rows in LangChain's shape without copying anything: the column is cast
 * to `vector(d)` exactly as our index expression is, so the planner can use the same HNSW index.
 */
async function createView(db: Database, embedder: Embedder): Promise<string> {
  // DDL takes no bind parameters: the dimension is a checked integer and the embedder id a checked token.
  if (!Number.isInteger(embedder.dimension) || embedder.dimension < 1) throw new Error('bad dimension');
  if (!/^[\w:.-]+$/.test(embedder.id)) throw new Error(`unexpected embedder id ${embedder.id}`);
  const d = embedder.dimension;
  await db.query(`DROP VIEW IF EXISTS ${VIEW}`);
  await db.query(
    `CREATE VIEW ${VIEW} AS
     SELECT c.id, c.text,
            jsonb_build_object('persona', c.persona, 'documentId', c.document_id, 'title', c.title,
                               'start', c.start_offset, 'end', c.end_offset) AS metadata,
            e.embedding::vector(${d}) AS embedding
       FROM chunk_embeddings e
       JOIN chunks c ON c.id = e.chunk_id
      WHERE e.embedder = '${embedder.id}' AND e.dims = ${d}`,
  );
  return `vector(${d}) view over chunk_embeddings ⋈ chunks`;
}

/** The top node of the plan LangChain's query gets, to show whether it reaches the HNSW index. */
async function langchainPlan(db: Database, vector: number[]): Promise<string> {
  const rows = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT *, "embedding" <=> $1 as "_distance" FROM ${VIEW}
      WHERE metadata->>'persona' = $3 ORDER BY "_distance" ASC LIMIT $2`,
    [`[${vector.join(',')}]`, 10, 'lenin'],
  );
  const scan = rows.map((r) => r['QUERY PLAN']).find((l) => /Scan/.test(l));
  return (scan ?? rows[0]?.['QUERY PLAN'] ?? '?').trim().replace(/\s+\(cost.*$/, '');
}

/**
 * LangChain `PGVectorStore.similaritySearchWithScore` (embed, then `similaritySearchVectorWithScore`)
 * against our `RetrievalService.search` in vector and hybrid modes: same questions, same persona filter,
 * same embedder, same database, one at a time, after warm-up.
 */
export async function langchainComparison(
  app: INestApplicationContext,
  questions: { persona: string; message: string }[],
  out: (s: string) => void,
): Promise<void> {
  const db = app.get(Database);
  const embedder = app.get<Embedder>(EMBEDDER);
  const retrieval = app.get(RetrievalService);
  const shape = await createView(db, embedder);
  // The app's own pool (one connection on the embedded database); skipInitializationCheck because
  // `initialize` would create tables and hold a pooled connection for the store's lifetime.
  const store = new PGVectorStore(new ParleyEmbeddings(embedder), {
    pool: db.pool,
    tableName: VIEW,
    skipInitializationCheck: true,
    distanceStrategy: 'cosine',
    columns: {
      idColumnName: 'id',
      vectorColumnName: 'embedding',
      contentColumnName: 'text',
      metadataColumnName: 'metadata',
    },
  });
  const k = 10;
  const q = (i: number) => questions[i % questions.length];
  const runs = {
    langchain: (i: number) => store.similaritySearchWithScore(q(i).message, k, { persona: q(i).persona }),
    'ours vector': (i: number) =>
      retrieval.search({ persona: q(i).persona, query: q(i).message, k, mode: 'vector' }),
    'ours hybrid': (i: number) =>
      retrieval.search({ persona: q(i).persona, query: q(i).message, k, mode: 'hybrid' }),
  };
  const n = questions.length * 8;
  const times = new Map<string, number[]>();
  for (const fn of Object.values(runs)) await timeEach(questions.length, fn);
  // Interleaved rounds so drift (GC, the other engineers' load on the machine) hits all three alike.
  for (let round = 0; round < 4; round++) {
    for (const [name, fn] of Object.entries(runs)) {
      const t = await timeEach(n / 4, (i) => fn(i + round * (n / 4)));
      times.set(name, [...(times.get(name) ?? []), ...t]);
    }
  }

  // Do both find the same neighbours? Retrieval has no per-document cap, so only ranking can differ.
  let overlap = 0;
  let returned = 0;
  for (const item of questions) {
    const theirs = await store.similaritySearchWithScore(item.message, k, { persona: item.persona });
    const ours = await retrieval.search({
      persona: item.persona,
      query: item.message,
      k,
      mode: 'vector',
    });
    const ourIds = new Set(ours.map((p) => p.chunkId));
    returned += theirs.length;
    overlap += theirs.filter(([doc]) => ourIds.has(String(doc.id))).length;
  }
  const plan = await langchainPlan(db, await embedder.embedQuery(inFirstPerson(questions[0].message)));
  await db.query(`DROP VIEW IF EXISTS ${VIEW}`);

  out(`LangChain table: ${shape}; its query plan: ${plan}`);
  const rows = [...times].map(([name, t]) => [name, t.length, f1(percentile(t, 50)), f1(percentile(t, 95))]);
  out(table(['search (k=10, persona filter)', 'queries', 'p50 ms', 'p95 ms'], rows));
  const p50 = (name: string) => percentile(times.get(name) ?? [], 50);
  out(`ratio ours vector / langchain p50: ${ratio(p50('ours vector'), p50('langchain'))}`);
  out(`ratio ours hybrid / langchain p50: ${ratio(p50('ours hybrid'), p50('langchain'))}`);
  out(
    `same neighbours: ${overlap}/${questions.length * k} of our vector top-${k} found by LangChain ` +
      `(it returned ${returned}; no iterative scan, default hnsw.ef_search)\n`,
  );
}
