import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Database, startEmbeddedPostgres } from '@parley/database';
import { FIXTURE_CORPUS_DIR, tempDataDir } from '../support/test-env';
import { CLI_MAIN, NodeProcess } from './support/node-process';
import { waitFor } from '../support/wait-for';

// `node apps/cli/src/main.ts ingest` on a corpus of several copies of the fixture texts, SIGKILLed at different points (early, mid-way,
// twice in a row, after the last document while the corpus statistics are written); the next ingest must
// exit 0 and leave exactly what a clean ingest leaves: every document once, the same chunks, offsets exact.

interface ManifestEntry {
  file: string;
  title: string;
  [key: string]: unknown;
}

// The fixture corpus alone is ingested in well under a second, too fast for a kill to land before the end: the
// test ingests COPIES distinct copies of it (each file with one line of its own, so every document is new).
const COPIES = 8;
const FIXTURE = JSON.parse(
  readFileSync(join(FIXTURE_CORPUS_DIR, 'manifest.json'), 'utf8'),
) as ManifestEntry[];

/** A temporary corpus of the first `count` documents of the copied fixture corpus (all of them by default). */
function copiedCorpus(count = FIXTURE.length * COPIES): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-kill-corpus-'));
  const manifest: ManifestEntry[] = [];
  for (let copy = 0; copy < COPIES && manifest.length < count; copy++) {
    for (const entry of FIXTURE) {
      if (manifest.length >= count) break;
      const file = entry.file.replace(/\.txt$/, `-copy-${copy}.txt`);
      const text = `${readFileSync(join(FIXTURE_CORPUS_DIR, entry.file), 'utf8').trimEnd()}\n\nCopy ${copy}.\n`;
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
      const sha256 = createHash('sha256').update(text).digest('hex');
      manifest.push({ ...entry, file, title: `${entry.title} (copy ${copy})`, sha256 });
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return dir;
}

const CORPUS = copiedCorpus();
const TOTAL = FIXTURE.length * COPIES;
const PROGRESS = /Ingesting [^\n]* (\d+)\/(\d+) documents/g;

interface Snapshot {
  /** Per document source: content hash, chunk count, digest of its chunks, embedding and window counts. */
  documents: Record<
    string,
    { contentHash: string; chunks: number; chunkDigest: string; embeddings: number; windows: number }
  >;
  corpusStats: { chunks: number } | null;
  lexemes: number;
}

const dirs: string[] = [CORPUS];

function dataDir(): string {
  const dir = tempDataDir('parley-ingest-kill-');
  dirs.push(dir);
  return dir;
}

function ingest(dir: string, corpus: string, json = false): NodeProcess {
  return new NodeProcess(CLI_MAIN, json ? ['ingest', '--json'] : ['ingest'], {
    NODE_ENV: 'production',
    DATA_DIR: dir,
    PGLITE_DATA_DIR: join(dir, 'pglite'),
    CORPUS_DIR: corpus,
    DATABASE_URL: undefined,
    OPENAI_API_KEY: undefined,
    EMBEDDINGS: 'glove',
  });
}

/** The highest "n/total documents" the progress output has shown. */
function documentsDone(p: NodeProcess): number {
  return Math.max(-1, ...[...p.output.matchAll(PROGRESS)].map((m) => Number(m[1])));
}

async function waitUntil(check: () => boolean, p: NodeProcess, what: string): Promise<void> {
  await waitFor(
    () => {
      if (check()) return true;
      if (!p.running) throw new Error(`ingest exited before ${what}:\n${p.output}`);
      return false;
    },
    { what, timeout: 300_000, interval: 25, detail: () => p.output },
  );
}

async function killNine(p: NodeProcess): Promise<void> {
  p.process.kill('SIGKILL');
  expect((await p.exited).signal).toBe('SIGKILL');
}

/** Runs an ingest to the end; it must exit 0 and report the whole corpus. */
async function completeIngest(dir: string, corpus = CORPUS): Promise<{ added: string[]; unchanged: number }> {
  const p = ingest(dir, corpus, true);
  const { code } = await p.exited;
  if (code !== 0) throw new Error(`ingest exited ${code}:\n${p.output}`);
  const report = JSON.parse(p.stdout) as {
    documents: number;
    problems: unknown[];
    added: string[];
    unchanged: number;
  };
  expect(report.problems).toEqual([]);
  return report;
}

/** Reads the embedded database left in `dir` (no process serves it any more) and checks the offsets on the way. */
async function snapshot(dir: string): Promise<Snapshot> {
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite') });
  const db = Database.connect(pg.url, 1);
  try {
    const docs = await db.query<{ id: string; source: string; content_hash: string; text: string }>(
      'SELECT id, source, content_hash, text FROM documents ORDER BY source',
    );
    const chunks = await db.query<{
      id: string;
      document_id: string;
      ordinal: number;
      start_offset: number;
      end_offset: number;
      text: string;
    }>(
      'SELECT id::text AS id, document_id, ordinal, start_offset, end_offset, text FROM chunks ORDER BY document_id, ordinal',
    );
    const embeddings = await db.query<{ document_id: string; n: number }>(
      `SELECT c.document_id, count(*)::int AS n FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id GROUP BY c.document_id`,
    );
    const windows = await db.query<{ document_id: string; n: number }>(
      `SELECT c.document_id, count(*)::int AS n FROM chunk_windows w JOIN chunks c ON c.id = w.chunk_id GROUP BY c.document_id`,
    );
    const stats = await db.query<{ chunks: number }>('SELECT chunks FROM corpus_stats');
    const [lexemes] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM lexeme_stats');
    const result: Snapshot = { documents: {}, corpusStats: stats[0] ?? null, lexemes: lexemes.n };
    for (const d of docs) {
      const mine = chunks.filter((c) => c.document_id === d.id);
      // Offsets property: every stored passage is exactly the slice of its document it claims to be.
      for (const c of mine) expect(d.text.slice(c.start_offset, c.end_offset)).toBe(c.text);
      expect(mine.map((c) => c.ordinal)).toEqual(mine.map((_, i) => i));
      const digest = createHash('sha256');
      for (const c of mine) digest.update(`${c.start_offset}:${c.end_offset}:${c.text}\n`);
      result.documents[d.source] = {
        contentHash: d.content_hash,
        chunks: mine.length,
        chunkDigest: digest.digest('hex'),
        embeddings: embeddings.find((e) => e.document_id === d.id)?.n ?? 0,
        windows: windows.find((w) => w.document_id === d.id)?.n ?? 0,
      };
    }
    expect(docs.map((d) => d.source)).toEqual([...new Set(docs.map((d) => d.source))]);
    return result;
  } finally {
    await db.close();
    await pg.stop();
  }
}

describe('kill -9 during ingest', () => {
  let clean: Snapshot;

  beforeAll(async () => {
    const dir = dataDir();
    const report = await completeIngest(dir);
    expect(report.added).toHaveLength(TOTAL);
    clean = await snapshot(dir);
    expect(Object.keys(clean.documents).sort()).toEqual(
      (JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[])
        .map((m) => m.file)
        .sort(),
    );
    for (const d of Object.values(clean.documents)) {
      expect(d.chunks).toBeGreaterThan(0);
      expect(d.embeddings).toBe(d.chunks);
    }
    expect(clean.corpusStats?.chunks).toBe(Object.values(clean.documents).reduce((n, d) => n + d.chunks, 0));
  }, 900_000);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The next ingest completes and the database equals the clean one. */
  async function expectRecovered(dir: string): Promise<{ added: string[]; unchanged: number }> {
    const report = await completeIngest(dir);
    expect(report.added.length + report.unchanged).toBe(TOTAL);
    expect(await snapshot(dir)).toEqual(clean);
    return report;
  }

  it('recovers from kills at the start of the first ingest and again at the start of the restarted ingest', async () => {
    const dir = dataDir();
    for (let kill = 0; kill < 2; kill++) {
      const p = ingest(dir, CORPUS);
      // Killed at its first progress line. Away from a terminal the progress bar prints its first line (chunking)
      // and its last (all documents written), and on an idle machine the whole fixture ingest takes about 1.4 s,
      // so neither a line in between nor a fixed pause after the first (300 ms, as this test had) can place a kill
      // inside the writes. The kill "a third of the way through", below, has the same limit on a fast machine.
      await waitUntil(() => p.output.includes('Ingesting'), p, 'the first progress line');
      await killNine(p);
    }
    const report = await expectRecovered(dir);
    // The kills landed before the end: the recovery ingest had documents left to write.
    expect(report.added.length).toBeGreaterThan(0);
  }, 900_000);

  it('recovers from a kill a third of the way through', async () => {
    const dir = dataDir();
    const p = ingest(dir, CORPUS);
    await waitUntil(() => documentsDone(p) >= Math.ceil(TOTAL / 3), p, 'a third of the documents');
    await killNine(p);
    await expectRecovered(dir);
  }, 600_000);

  it('recovers from a kill after the last document, while an update of an ingested corpus finishes', async () => {
    const dir = dataDir();
    // A first, complete ingest of part of the corpus; then the whole corpus is ingested over it and killed
    // once every document is written, before the corpus statistics and the run record are.
    const part = copiedCorpus(Math.floor((TOTAL * 2) / 3));
    dirs.push(part);
    await completeIngest(dir, part);
    const p = ingest(dir, CORPUS);
    await waitUntil(() => documentsDone(p) === TOTAL, p, 'the last document');
    await killNine(p);
    await expectRecovered(dir);
  }, 600_000);
});
