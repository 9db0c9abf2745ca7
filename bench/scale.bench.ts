import { loadavg } from 'node:os';
import { createTestDatabase } from '../libs/database/src/testing';
import { HybridSearchRepository, type QueryPlan, type TextScoring } from '@parley/retrieval';
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
const SCORINGS: TextScoring[] = ['filtered', 'unnest'];

interface Timing {
  p50: number;
  p95: number;
}

interface BackendResult {
  backend: string;
  loadS: number;
  /** The production query (`filtered`) and the query before it (`unnest`), timed alternately in the same run. */
  timings: Record<TextScoring, Timing>;
  /** The 1-minute load average of the machine before and after the searches. */
  load: [number, number];
  recall: number;
  cost: number;
  plans: Record<TextScoring, string>;
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
  const search = (i: number, textScoring: TextScoring) =>
    repository.search({ ...corpus.params(i), textScoring });
  await timeEach(20, async (i) => {
    for (const scoring of SCORINGS) await search(i, scoring);
  });
  const before = loadavg()[0];
  // Each query in both shapes, one after the other, the order alternating: both see the same machine.
  const times: Record<TextScoring, number[]> = { filtered: [], unnest: [] };
  for (let i = 0; i < SEARCHES; i++) {
    for (const scoring of i % 2 === 0 ? SCORINGS : [...SCORINGS].reverse()) {
      const t = performance.now();
      await search(i, scoring);
      times[scoring].push(performance.now() - t);
    }
  }
  const after = loadavg()[0];
  const recall = await hnswRecall(db, corpus);
  const estimated = await repository.explain(corpus.params(0));
  const plans = {} as Record<TextScoring, string>;
  for (const scoring of SCORINGS) {
    const analysed = await repository.explain(
      { ...corpus.params(0), textScoring: scoring },
      { analyze: true },
    );
    plans[scoring] = planTree(analysed.Plan as QueryPlan);
  }
  const timing = (xs: number[]): Timing => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
  return {
    backend,
    loadS,
    timings: { filtered: timing(times.filtered), unnest: timing(times.unnest) },
    load: [before, after],
    recall,
    cost: (estimated.Plan as QueryPlan)['Total Cost'] as number,
    plans,
  };
}

/**
 * `npm run bench -- scale [--chunks 100000]`: a synthetic corpus of that many chunks (generated 100-d vectors and
 * text), hybrid search p50/p95 on the embedded database and, with TEST_DATABASE_URL, on that server, side by side
 * with the HNSW leg's recall@10 against exact search, the plan's estimated cost and the plan of one search. Every
 * search also runs in the query's previous shape (`textScoring: 'unnest'`), alternately, as the baseline measured
 * on the same machine at the same time (it is shared: the load average is printed beside the figures).
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
    `## Hybrid search on ${chunks.toLocaleString('en')} synthetic chunks (${SEARCHES} searches after 20 warm-up, each in both shapes)`,
  );
  out(
    '\n`filtered`: the production query; `unnest`: the query before it (each tsvector unnested whole), the baseline.\n',
  );
  out(
    table(
      [
        'backend',
        'load s',
        'p50 ms',
        'p95 ms',
        'unnest p50 ms',
        'unnest p95 ms',
        'p95 ratio',
        'load avg',
        'HNSW recall@10',
        'estimated cost',
      ],
      results.map((r) => [
        r.backend,
        r.loadS.toFixed(0),
        r.timings.filtered.p50.toFixed(1),
        r.timings.filtered.p95.toFixed(1),
        r.timings.unnest.p50.toFixed(1),
        r.timings.unnest.p95.toFixed(1),
        (r.timings.filtered.p95 / r.timings.unnest.p95).toFixed(2),
        `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`,
        r.recall.toFixed(3),
        r.cost.toFixed(0),
      ]),
    ),
  );
  for (const r of results)
    for (const scoring of SCORINGS)
      out(`\n### Plan of one search, ${r.backend}, \`${scoring}\` (EXPLAIN ANALYZE)\n\n${r.plans[scoring]}`);
}
