import { createTestDatabase } from '../libs/database/src/testing';
import { HybridSearchRepository, type QueryPlan } from '@parley/retrieval';
import type { Database, DatabaseHandle } from '@parley/database';
import {
  loadSyntheticCorpus,
  SYNTHETIC_DIMS,
  SYNTHETIC_EMBEDDER,
  type SyntheticCorpus,
} from '../libs/retrieval/src/testing/synthetic-corpus';
import { percentile, table, timeEach } from './bench-util';

const SEARCHES = 200;
const RECALL_QUERIES = 50;

interface BackendResult {
  backend: string;
  loadS: number;
  p50: number;
  p95: number;
  recall: number;
  cost: number;
  plan: string;
}

/** One line per plan node: type, index or relation, estimated rows and cost, actual rows and time. */
function planTree(node: QueryPlan, depth = 0): string {
  const name = node['Index Name'] ?? node['Relation Name'] ?? node['Function Name'] ?? node['CTE Name'] ?? '';
  const actual =
    node['Actual Total Time'] === undefined
      ? ''
      : ` actual rows=${String(node['Actual Rows'])} loops=${String(node['Actual Loops'])} ms=${String(node['Actual Total Time'])}`;
  const line = `${'  '.repeat(depth)}${String(node['Node Type'])} ${String(name)} (cost=${String(node['Total Cost'])} rows=${String(node['Plan Rows'])}${actual})`;
  const children = (node.Plans as QueryPlan[] | undefined) ?? [];
  return [line, ...children.map((c) => planTree(c, depth + 1))].join('\n');
}

/** The HNSW leg's top 10 against exact search (index scans off) for the same persona-filtered queries. */
async function hnswRecall(db: Database, corpus: SyntheticCorpus): Promise<number> {
  let found = 0;
  for (let i = 0; i < RECALL_QUERIES; i++) {
    const p = corpus.params(i);
    const top = (exact: boolean) =>
      db.transaction(async (c) => {
        await c.query(`SELECT set_config('hnsw.ef_search', '100', true)`);
        await c.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
        if (exact) await c.query(`SELECT set_config('enable_indexscan', 'off', true)`);
        const { rows } = await c.query<{ chunk_id: string }>(
          `SELECT chunk_id::text FROM (
             SELECT e.chunk_id, e.embedding::vector(${SYNTHETIC_DIMS}) <=> $1::vector(${SYNTHETIC_DIMS}) AS distance
               FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id
              WHERE e.dims = ${SYNTHETIC_DIMS} AND e.embedder = $2 AND c.persona = $3
              ORDER BY e.embedding::vector(${SYNTHETIC_DIMS}) <=> $1::vector(${SYNTHETIC_DIMS})
              LIMIT 10) v ORDER BY distance, chunk_id`,
          [`[${p.queryVector.join(',')}]`, SYNTHETIC_EMBEDDER, p.persona],
        );
        return rows.map((r) => r.chunk_id);
      });
    const exact = new Set(await top(true));
    found += (await top(false)).filter((id) => exact.has(id)).length;
  }
  return found / (RECALL_QUERIES * 10);
}

async function measure(backend: string, handle: DatabaseHandle, chunks: number): Promise<BackendResult> {
  const db = handle.database;
  const t0 = performance.now();
  const corpus = await loadSyntheticCorpus(db, chunks);
  const loadS = (performance.now() - t0) / 1000;
  const repository = new HybridSearchRepository(db);
  await timeEach(20, (i) => repository.search(corpus.params(i)));
  const times = await timeEach(SEARCHES, (i) => repository.search(corpus.params(i)));
  const recall = await hnswRecall(db, corpus);
  const estimated = await repository.explain(corpus.params(0));
  const analysed = await repository.explain(corpus.params(0), { analyze: true });
  return {
    backend,
    loadS,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    recall,
    cost: (estimated.Plan as QueryPlan)['Total Cost'] as number,
    plan: planTree(analysed.Plan as QueryPlan),
  };
}

/**
 * `npm run bench -- scale [--chunks 100000]`: a synthetic corpus of that many chunks (generated 100-d vectors and
 * text), hybrid search p50/p95 on the embedded database and, with TEST_DATABASE_URL, on that server, side by side
 * with the HNSW leg's recall@10 against exact search, the plan's estimated cost and the plan of one search.
 */
export async function scaleBench(chunks: number): Promise<void> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const backends: [string, boolean][] = [['embedded (PGlite)', false]];
  if (process.env.TEST_DATABASE_URL) backends.push(['TEST_DATABASE_URL', true]);
  const results: BackendResult[] = [];
  for (const [name, external] of backends) {
    const handle = await createTestDatabase({ external });
    try {
      results.push(await measure(name, handle, chunks));
    } finally {
      await handle.close();
    }
  }
  out(
    `## Hybrid search on ${chunks.toLocaleString('en')} synthetic chunks (${SEARCHES} searches after 20 warm-up)`,
  );
  out(
    table(
      ['backend', 'load s', 'p50 ms', 'p95 ms', 'HNSW recall@10', 'estimated cost'],
      results.map((r) => [
        r.backend,
        r.loadS.toFixed(0),
        r.p50.toFixed(1),
        r.p95.toFixed(1),
        r.recall.toFixed(3),
        r.cost.toFixed(0),
      ]),
    ),
  );
  for (const r of results) out(`\n### Plan of one search, ${r.backend} (EXPLAIN ANALYZE)\n\n${r.plan}`);
}
