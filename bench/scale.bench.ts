import { loadavg } from 'node:os';
import { parseConfig } from '@parley/config';
import { openDatabase } from '@parley/database';
import { createTestDatabase } from '../libs/database/src/testing';
import {
  DEFAULT_TUNING,
  HybridSearchRepository,
  type HybridSearchParams,
  type QueryPlan,
} from '@parley/retrieval';
import type { Database, DatabaseHandle } from '@parley/database';
import {
  loadSyntheticCorpus,
  syntheticCorpus,
  SYNTHETIC_DIMS,
  SYNTHETIC_EMBEDDER,
  type SyntheticCorpus,
} from '../libs/retrieval/src/testing/synthetic-corpus';
import { percentile, table, timeEach } from './bench-util';

const SEARCHES = 200;
const RECALL_QUERIES = 50;
/**
 * The shapes timed, alternately, on the same queries: `filtered` (the production query with the synthetic corpus's
 * weights, the row every earlier run reported), `unnest` (the query before the term-frequency change, the baseline)
 * and `tuned` (the production query with the production tuning, \`DEFAULT_TUNING\`: vector weight 0.5, no document
 * score, the vector cosine of every text candidate).
 */
const SHAPES = ['filtered', 'unnest', 'tuned'] as const;
type Shape = (typeof SHAPES)[number];

function shaped(p: HybridSearchParams, shape: Shape): HybridSearchParams {
  if (shape === 'unnest') return { ...p, textScoring: 'unnest' };
  if (shape === 'filtered') return p;
  const t = DEFAULT_TUNING;
  return {
    ...p,
    candidates: t.candidates,
    vectorWeight: t.vectorWeight,
    passageWeight: t.passageWeight,
    documentWeight: t.documentWeight,
    efSearch: t.efSearch,
    metadataTerms: t.metadataTerms,
    vectorAllCandidates: t.vectorAllCandidates,
    vectorConfidence: t.vectorConfidence,
  };
}

interface Timing {
  p50: number;
  p95: number;
  /** The slowest searches: query index and milliseconds. */
  slowest: [number, number][];
}

interface BackendResult {
  backend: string;
  loadS: number;
  /** Each shape's timings, measured alternately in the same run. */
  timings: Record<Shape, Timing>;
  /** The 1-minute load average of the machine before and after the searches. */
  load: [number, number];
  recall: number;
  cost: number;
  plans: Record<Shape, string>;
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
async function hnswRecall(db: Database, corpus: SyntheticCorpus, efSearch: number): Promise<number> {
  let found = 0;
  for (let i = 0; i < RECALL_QUERIES; i++) {
    const p = corpus.params(i);
    const top = (exact: boolean) =>
      db.transaction(async (c) => {
        await c.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearch)]);
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

/**
 * The synthetic corpus in `db`: loaded now, or, in a kept database (`--data-dir`) that already holds one of this
 * size, reused as it is (migrations have run on it at open).
 */
async function corpusIn(db: Database, chunks: number, kept: boolean): Promise<SyntheticCorpus> {
  if (kept) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chunks`);
    if (n === chunks) return syntheticCorpus(chunks);
    if (n !== 0)
      throw new Error(`the kept database holds ${n} chunks, not ${chunks}: use another --data-dir`);
  }
  return loadSyntheticCorpus(db, chunks);
}

async function measure(
  backend: string,
  handle: DatabaseHandle,
  chunks: number,
  kept = false,
): Promise<BackendResult> {
  const db = handle.database;
  const t0 = performance.now();
  const corpus = await corpusIn(db, chunks, kept);
  const loadS = (performance.now() - t0) / 1000;
  const repository = new HybridSearchRepository(db);
  const search = (i: number, shape: Shape) => repository.search(shaped(corpus.params(i), shape));
  await timeEach(20, async (i) => {
    for (const shape of SHAPES) await search(i, shape);
  });
  const before = loadavg()[0];
  // Each query in every shape, one after the other, the order rotating: all see the same machine.
  const times: Record<Shape, number[]> = { filtered: [], unnest: [], tuned: [] };
  for (let i = 0; i < SEARCHES; i++) {
    for (let j = 0; j < SHAPES.length; j++) {
      const shape = SHAPES[(i + j) % SHAPES.length];
      const t = performance.now();
      await search(i, shape);
      times[shape].push(performance.now() - t);
    }
  }
  const after = loadavg()[0];
  const recall = await hnswRecall(db, corpus, corpus.params(0).efSearch);
  const estimated = await repository.explain(corpus.params(0));
  const plans = {} as Record<Shape, string>;
  for (const shape of SHAPES) {
    const analysed = await repository.explain(shaped(corpus.params(0), shape), { analyze: true });
    plans[shape] = planTree(analysed.Plan as QueryPlan);
  }
  const timing = (xs: number[]): Timing => ({
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    slowest: xs
      .map((x, i): [number, number] => [i, x])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  });
  return {
    backend,
    loadS,
    timings: { filtered: timing(times.filtered), unnest: timing(times.unnest), tuned: timing(times.tuned) },
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
 * `--data-dir DIR` keeps the embedded database in DIR: the first run loads the corpus there, later runs with the
 * same `--chunks` reuse it (about 4 minutes saved at 100,000 chunks; the load time printed is then the check's).
 * `--shared-buffers SIZE` opens the embedded database with that shared_buffers (`PGLITE_SHARED_BUFFERS`; 32MB by
 * default, which holds a fraction of a 100,000-chunk corpus's indexes).
 */
export async function scaleBench(
  chunks: number,
  options: { dataDir?: string; sharedBuffers?: string } = {},
): Promise<void> {
  const { dataDir, sharedBuffers } = options;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const backends: [string, boolean][] = [['embedded (PGlite)', false]];
  if (process.env.TEST_DATABASE_URL) backends.push(['TEST_DATABASE_URL', true]);
  const results: BackendResult[] = [];
  for (const [name, external] of backends) {
    // `--data-dir`: the embedded database kept in that directory, loaded on the first run and reused after.
    const kept = !external && dataDir !== undefined;
    const handle =
      kept || (!external && sharedBuffers !== undefined)
        ? await openDatabase(
            parseConfig({
              PGLITE_DATA_DIR: dataDir ?? 'memory://',
              ...(sharedBuffers === undefined ? {} : { PGLITE_SHARED_BUFFERS: sharedBuffers }),
            }),
          )
        : await createTestDatabase({ external });
    try {
      results.push(await measure(name, handle, chunks, kept));
    } finally {
      await handle.close();
    }
  }
  out(
    `## Hybrid search on ${chunks.toLocaleString('en')} synthetic chunks (${SEARCHES} searches after 20 warm-up, each in every shape; embedded shared_buffers ${sharedBuffers ?? '32MB (default)'})`,
  );
  out(
    '\n`filtered`: the production query with the synthetic weights; `unnest`: the query before it (each tsvector unnested whole), the baseline; `tuned`: the production query with the production tuning.\n',
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
        'tuned p50 ms',
        'tuned p95 ms',
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
        r.timings.tuned.p50.toFixed(1),
        r.timings.tuned.p95.toFixed(1),
        `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`,
        r.recall.toFixed(3),
        r.cost.toFixed(0),
      ]),
    ),
  );
  for (const r of results)
    for (const shape of SHAPES)
      out(
        `\nslowest \`${shape}\` searches, ${r.backend} (query: ms): ${r.timings[shape].slowest
          .map(([i, x]) => `${i}: ${x.toFixed(1)}`)
          .join(', ')}`,
      );
  for (const r of results)
    for (const shape of SHAPES)
      out(`\n### Plan of one search, ${r.backend}, \`${shape}\` (EXPLAIN ANALYZE)\n\n${r.plans[shape]}`);
}
