import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigModule } from '@parley/config';
import { CorpusModule, CorpusRepository, IngestService } from '@parley/corpus';
import { Database, DatabaseModule } from '@parley/database';
import { PersonaRegistry, PersonasModule } from '@parley/personas';
import type { INestApplicationContext } from '@nestjs/common';
import { FIXTURE_CORPUS_DIR, subsetCorpus } from '../support/test-env';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { startTestContext } from '../support/test-app';

/** The modules ingest needs, on the test environment (fixture personas, in-memory database). */
function context(): Promise<INestApplicationContext> {
  return startTestContext([ConfigModule, DatabaseModule, CorpusModule, PersonasModule]);
}

function personasOf(app: INestApplicationContext): string[] {
  return app.get(PersonaRegistry).ids();
}

describe('ingesting the fixture corpus', () => {
  let app: INestApplicationContext;

  beforeAll(async () => {
    app = await context();
  });
  afterAll(async () => {
    await app.close();
  });

  it('stores every document and chunk with offsets that slice the document text exactly', async () => {
    const report = await app
      .get(IngestService)
      .ingest({ corpusDir: FIXTURE_CORPUS_DIR, knownPersonas: personasOf(app) });
    expect(report.problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(FIXTURE_CORPUS_DIR, 'manifest.json'), 'utf8')) as unknown[];
    expect(report.documents).toBe(manifest.length);
    const db = app.get(Database);
    const bad = await db.query<{ id: string }>(
      `SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
        WHERE substr(d.text, c.start_offset + 1, c.end_offset - c.start_offset) <> c.text`,
    );
    expect(bad).toEqual([]);
    const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM chunks');
    expect(Number(n)).toBe(report.chunks);
    const [{ m }] = await db.query<{ m: string }>('SELECT count(*) AS m FROM chunk_embeddings');
    expect(Number(m)).toBe(report.chunks);
  });

  it('writes nothing when the unchanged corpus is ingested again', async () => {
    const db = app.get(Database);
    const before = await db.query<{ id: string; ingested_at: string }>(
      'SELECT id, ingested_at::text FROM documents ORDER BY id',
    );
    const report = await app
      .get(IngestService)
      .ingest({ corpusDir: FIXTURE_CORPUS_DIR, knownPersonas: personasOf(app) });
    expect(report.added).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.removed).toEqual([]);
    expect(report.reembedded).toBe(0);
    const after = await db.query<{ id: string; ingested_at: string }>(
      'SELECT id, ingested_at::text FROM documents ORDER BY id',
    );
    expect(after).toEqual(before);
    expect(await app.get(IngestService).isStale(FIXTURE_CORPUS_DIR, personasOf(app))).toBe(false);
  });
});

describe('ingesting a corpus with bad entries', () => {
  let app: INestApplicationContext;
  let dir: string;

  beforeAll(async () => {
    app = await context();
    dir = subsetCorpus([FIXTURE_DOCS.youth, FIXTURE_DOCS.farms], (d, m) => {
      const base = { persona: FOUNDER, author: 'I. M. Brandt', title: 'Bad', date: '1920' };
      m.push({ ...base, file: `${FOUNDER}/missing.txt` });
      writeFileSync(join(d, `${FOUNDER}/latin1.txt`), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
      m.push({ ...base, file: `${FOUNDER}/latin1.txt` });
      writeFileSync(join(d, `${FOUNDER}/empty.txt`), '\n\n  \n');
      m.push({ ...base, file: `${FOUNDER}/empty.txt` });
      writeFileSync(join(d, `${FOUNDER}/bad-date.txt`), 'Some text.');
      m.push({ ...base, file: `${FOUNDER}/bad-date.txt`, date: '1920-13-45' });
      writeFileSync(join(d, `${FOUNDER}/nobody.txt`), 'Some text.');
      m.push({ ...base, file: `${FOUNDER}/nobody.txt`, persona: 'napoleon' });
      const fd = openSync(join(d, `${FOUNDER}/huge.txt`), 'w');
      ftruncateSync(fd, 50 * 1024 * 1024);
      closeSync(fd);
      m.push({ ...base, file: `${FOUNDER}/huge.txt` });
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each bad entry with its path and a reason, and ingests the rest', async () => {
    const report = await app.get(IngestService).ingest({ corpusDir: dir, knownPersonas: personasOf(app) });
    const bySource = new Map(report.problems.map((p) => [p.source, p.reason]));
    for (const bad of ['missing', 'latin1', 'empty', 'bad-date', 'nobody', 'huge']) {
      expect(bySource.get(`${FOUNDER}/${bad}.txt`)).toEqual(expect.any(String));
    }
    expect(report.documents).toBe(2);
    const docs = await app.get(CorpusRepository).listDocuments();
    expect(docs.map((d) => d.source).sort()).toEqual([FIXTURE_DOCS.youth, FIXTURE_DOCS.farms]);
  });

  it('replaces a changed document and deletes a removed one', async () => {
    const file = join(dir, FIXTURE_DOCS.farms);
    writeFileSync(file, 'A changed text. It has two sentences.\n');
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { file: string }[];
    writeFileSync(manifestPath, JSON.stringify(manifest.filter((m) => m.file !== FIXTURE_DOCS.youth)));
    const report = await app.get(IngestService).ingest({ corpusDir: dir, knownPersonas: personasOf(app) });
    expect(report.updated).toEqual([FIXTURE_DOCS.farms]);
    expect(report.removed).toEqual([FIXTURE_DOCS.youth]);
    const doc = await app.get(CorpusRepository).findDocument(FIXTURE_DOCS.farms);
    expect(doc?.text).toBe('A changed text. It has two sentences.');
  });
});
