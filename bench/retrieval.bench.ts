import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigModule, resetConfigCache } from '@parley/config';
import { CorpusModule, IngestService, toVectorLiteral } from '@parley/corpus';
import { Database, DatabaseModule, DATABASE_HANDLE, type DatabaseHandle } from '@parley/database';
import { forgetLoadedGloveVectors, loadGloveVectors } from '@parley/embeddings';
import { PersonaRegistry, PersonasModule } from '@parley/personas';
import { RetrievalModule, RetrievalService, type SearchMode } from '@parley/retrieval';
import { percentile, rng, table, timeEach } from './bench-util';

const QUERIES = [
  'What should young communists study?',
  'Why must the state wither away?',
  'Is morality a matter of class?',
  'How should the party treat the peasants?',
  'What is imperialism?',
  'Can socialism be built in one country?',
  'What did you think of the trade unions?',
  'Why did the Soviet government make peace with Germany?',
];

async function context(): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DatabaseModule, CorpusModule, RetrievalModule, PersonasModule],
  }).compile();
  return moduleRef.init();
}

/**
 * GloVe start-up: converting the 294 MB JSON (first start) against loading the binary cache (later starts), in a
 * throw-away cache directory.
 */
async function gloveCache(out: (s: string) => void): Promise<void> {
  out('## GloVe vectors: converting the JSON (first start) against loading the binary cache (later starts)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-glove-bench-'));
  try {
    forgetLoadedGloveVectors();
    let t = performance.now();
    await loadGloveVectors({ cacheDir: dir });
    const convertMs = performance.now() - t;
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      forgetLoadedGloveVectors();
      t = performance.now();
      await loadGloveVectors({ cacheDir: dir });
      loads.push(performance.now() - t);
    }
    const loadMs = percentile(loads, 50);
    out(
      table(
        ['step', 'ms'],
        [
          ['convert the JSON and write the cache', convertMs.toFixed(0)],
          ['load the cache (median of 3)', loadMs.toFixed(0)],
        ],
      ),
    );
    out(
      `ratio convert/load: ${(convertMs / loadMs).toFixed(1)}x; cache load under 3 s: ${loadMs < 3000 ? 'yes' : 'no'}\n`,
    );
  } finally {
    forgetLoadedGloveVectors();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * GloVe cache load, ingest throughput, search latency per mode, HNSW vs exact on 50k synthetic vectors, socket vs
 * in-process PGlite.
 */
export async function retrievalBench(corpusDir: string): Promise<void> {
  await gloveCache((s) => process.stdout.write(`${s}\n`));
  process.env.PGLITE_DATA_DIR = 'memory://';
  delete process.env.DATABASE_URL;
  resetConfigCache();
  const app = await context();
  try {
    const out = (s: string) => process.stdout.write(`${s}\n`);
    const known = app.get(PersonaRegistry).ids();

    out('## Ingest (whole corpus, empty in-memory database)');
    const t0 = performance.now();
    const report = await app.get(IngestService).ingest({ corpusDir, knownPersonas: known });
    const ingestS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const again = await app.get(IngestService).ingest({ corpusDir, knownPersonas: known });
    const reingestS = (performance.now() - t1) / 1000;
    out(
      table(
        ['run', 'documents', 'chunks', 'seconds', 'chunks/s'],
        [
          [
            'first ingest',
            report.documents,
            report.chunks,
            ingestS.toFixed(2),
            (report.chunks / ingestS).toFixed(0),
          ],
          ['unchanged re-ingest', again.documents, again.chunks, reingestS.toFixed(2), '-'],
        ],
      ),
    );
    out(`ratio first/unchanged: ${(ingestS / reingestS).toFixed(1)}x\n`);

    out('## Search latency on the corpus (8 queries x 3 personas x 5 rounds, after warm-up)');
    const retrieval = app.get(RetrievalService);
    const personas = ['lenin', 'trotsky', 'stalin'];
    const run = (mode: SearchMode) => (i: number) =>
      retrieval.search({ persona: personas[i % 3], query: QUERIES[i % QUERIES.length], k: 10, mode });
    await timeEach(24, run('hybrid'));
    const rows: (string | number)[][] = [];
    const medians = new Map<string, number>();
    for (const mode of ['text', 'vector', 'hybrid'] as SearchMode[]) {
      const t = await timeEach(120, run(mode));
      medians.set(mode, percentile(t, 50));
      rows.push([mode, percentile(t, 50).toFixed(2), percentile(t, 95).toFixed(2)]);
    }
    out(table(['mode', 'p50 ms', 'p95 ms'], rows));
    out(
      `ratio hybrid/text p50: ${((medians.get('hybrid') ?? 0) / (medians.get('text') ?? 1)).toFixed(2)}x\n`,
    );

    await syntheticHnsw(app.get(Database), out);
    await socketVsInProcess(app, out);
  } finally {
    await app.close();
  }
}

/** 50,000 random 100-d vectors in their own table with the same HNSW settings as chunk_embeddings. */
async function syntheticHnsw(db: Database, out: (s: string) => void): Promise<void> {
  out('## HNSW vs exact search, 50,000 synthetic 100-d vectors');
  const random = rng(42);
  const dims = 100;
  const vec = () => {
    // Clustered data (like text embeddings) rather than uniform noise, which makes every ANN index look bad.
    const centre = Math.floor(random() * 50);
    return Array.from({ length: dims }, (_, d) => Math.sin(centre * 7.1 + d) + (random() - 0.5) * 0.8);
  };
  await db.query('DROP TABLE IF EXISTS bench_vectors');
  await db.query(`CREATE TABLE bench_vectors (id int PRIMARY KEY, embedding vector(${dims}) NOT NULL)`);
  const t0 = performance.now();
  for (let start = 0; start < 50_000; start += 2_000) {
    const ids = Array.from({ length: 2_000 }, (_, i) => start + i);
    await db.query(
      'INSERT INTO bench_vectors (id, embedding) SELECT i, v::vector FROM unnest($1::int[], $2::text[]) AS u(i, v)',
      [ids, ids.map(() => toVectorLiteral(vec()))],
    );
  }
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await db.query(
    'CREATE INDEX bench_vectors_hnsw ON bench_vectors USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
  );
  const indexS = (performance.now() - t1) / 1000;
  const queries = Array.from({ length: 50 }, () => toVectorLiteral(vec()));
  const knn = async (q: string, exact: boolean) =>
    db.transaction(async (c) => {
      await c.query(`SELECT set_config('hnsw.ef_search', '100', true)`);
      if (exact) await c.query(`SELECT set_config('enable_indexscan', 'off', true)`);
      const { rows } = await c.query<{ id: number }>(
        'SELECT id FROM bench_vectors ORDER BY embedding <=> $1::vector, id LIMIT 10',
        [q],
      );
      return rows.map((r) => r.id);
    });
  let hits = 0;
  const exactTimes: number[] = [];
  const annTimes: number[] = [];
  for (const q of queries) {
    let t = performance.now();
    const truth = await knn(q, true);
    exactTimes.push(performance.now() - t);
    t = performance.now();
    const approx = await knn(q, false);
    annTimes.push(performance.now() - t);
    hits += approx.filter((id) => truth.includes(id)).length;
  }
  out(`load ${loadS.toFixed(1)} s, HNSW build ${indexS.toFixed(1)} s`);
  out(
    table(
      ['search', 'p50 ms', 'p95 ms'],
      [
        ['exact (seq scan)', percentile(exactTimes, 50).toFixed(2), percentile(exactTimes, 95).toFixed(2)],
        ['HNSW ef_search=100', percentile(annTimes, 50).toFixed(2), percentile(annTimes, 95).toFixed(2)],
      ],
    ),
  );
  out(`HNSW recall@10 vs exact: ${(hits / (queries.length * 10)).toFixed(3)}`);
  out(`speed-up exact/HNSW p50: ${(percentile(exactTimes, 50) / percentile(annTimes, 50)).toFixed(1)}x\n`);
  await db.query('DROP TABLE bench_vectors');
}

/** The same query through pg + pglite-socket and directly on the in-process PGlite instance. */
async function socketVsInProcess(app: INestApplicationContext, out: (s: string) => void): Promise<void> {
  const handle = app.get<DatabaseHandle>(DATABASE_HANDLE);
  const pglite = handle.embedded?.db;
  if (!pglite) return;
  out('## Embedded database: pg over pglite-socket vs in-process PGlite');
  const sql = `SELECT id, title FROM chunks WHERE persona = $1 ORDER BY id LIMIT 20`;
  const viaSocket = await timeEach(300, () => handle.database.query(sql, ['lenin']));
  const inProcess = await timeEach(300, () => pglite.query(sql, ['lenin']));
  out(
    table(
      ['path', 'p50 ms', 'p95 ms'],
      [
        ['pg -> pglite-socket', percentile(viaSocket, 50).toFixed(3), percentile(viaSocket, 95).toFixed(3)],
        ['PGlite in-process', percentile(inProcess, 50).toFixed(3), percentile(inProcess, 95).toFixed(3)],
      ],
    ),
  );
  out(
    `ratio socket/in-process p50: ${(percentile(viaSocket, 50) / percentile(inProcess, 50)).toFixed(2)}x\n`,
  );
}
