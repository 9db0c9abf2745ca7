import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import {
  CatalogSchema,
  downloadCorpus,
  OriginUnreachableError,
  paragraphMarker,
  type Catalog,
} from '@parley/corpus';
import { ask, expectSoundAnswer } from '../support/chat-helpers';
import { FOUNDER } from '../support/fixture-corpus';
import { startTestApp } from '../support/test-app';

// Fixture persona and origin files, all in our own words; the repository and commit are made up. One test serves a
// running app from the downloaded corpus, so the persona is one the fixture registry knows.
const PERSONA = FOUNDER;
const REPO = 'fixture-owner/fixture-texts';
const COMMIT = 'a'.repeat(40);
const HTML_PAGE = `<html><head><title>t</title></head><body><p class="information">Source: a fixture archive</p>
<h3>On Rivers</h3><p>Rivers carry water from the hills to the sea, and the mills stand beside them.</p>
<p>Every mill needs a wheel<sup class="enote"><a href="#n1">[1]</a></sup> and a miller who knows the weather.</p>
<h4>Endnotes</h4><p>[1] A note by the editor, not the author.</p></body></html>`;
const MARKDOWN_PAGE = `---\ntitle: fixture\n---\n\n# On Bridges\n\nA bridge joins two banks of a river,\nand *every* town wants one.\n`;
const TEXT_PAGE = `On Roads\r\n\r\nA road runs from the town to the harbour\r\nand carts use it every morning.\r\n\r\n[An editor's summary that is not the author's.]\r\n`;
const CHAPTER_ONE = `<html><body><h3>Chapter One</h3><p>The first chapter speaks of ploughs and fields in spring.</p></body></html>`;
const CHAPTER_TWO = `<html><body><h3>Chapter Two</h3><p>The second chapter speaks of harvests and barns in autumn.</p></body></html>`;
const EPUB_CHAPTER = `<html><body><h2>On Lamps</h2><p>A lamp burns oil and lights the reading room at night.</p></body></html>`;
const EPUB_FOREWORD = `<html><body><h2>Foreword by Someone Else</h2><p>These words belong to another writer entirely.</p></body></html>`;

function epub(): Uint8Array {
  return zipSync({
    mimetype: strToU8('application/epub+zip'),
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>',
    ),
    'OEBPS/content.opf': strToU8(
      '<package><manifest><item id="f" href="foreword.xhtml" media-type="application/xhtml+xml"/>' +
        '<item id="c" href="text/chapter.xhtml" media-type="application/xhtml+xml"/></manifest>' +
        '<spine><itemref idref="f"/><itemref idref="c"/></spine></package>',
    ),
    'OEBPS/foreword.xhtml': strToU8(EPUB_FOREWORD),
    'OEBPS/text/chapter.xhtml': strToU8(EPUB_CHAPTER),
  });
}

const FILES: Record<string, Uint8Array> = {
  'pages/rivers.htm': strToU8(HTML_PAGE),
  'pages/bridges.md': strToU8(MARKDOWN_PAGE),
  'data/roads and carts.txt': strToU8(TEXT_PAGE),
  'book/ch01.htm': strToU8(CHAPTER_ONE),
  'book/ch02.htm': strToU8(CHAPTER_TWO),
  'out/The Lamps.epub': epub(),
};

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const fileEntry = (path: string, part?: object) => ({
  path,
  bytes: FILES[path].length,
  sha256: sha(FILES[path]),
  ...(part ? { part } : {}),
});
const doc = (file: string, title: string, format: string, files: object[]) => ({
  file,
  persona: PERSONA,
  author: 'I. M. Brandt',
  title,
  date: '1917',
  license: 'written for the tests',
  format,
  origin: { repo: REPO, commit: COMMIT, path: (files[0] as { path: string }).path, files },
});

const CATALOG: Catalog = CatalogSchema.parse({
  note: 'fixture',
  unresolved: [],
  documents: [
    doc('fixture/rivers.txt', 'On Rivers', 'html', [
      fileEntry('pages/rivers.htm', {
        from: paragraphMarker('On Rivers'),
        until: paragraphMarker('Endnotes'),
      }),
    ]),
    doc('fixture/bridges.txt', 'On Bridges', 'markdown', [fileEntry('pages/bridges.md')]),
    doc('fixture/roads.txt', 'On Roads', 'text', [
      fileEntry('data/roads and carts.txt', { dropBracketed: true }),
    ]),
    doc('fixture/book.txt', 'A Book', 'html', [fileEntry('book/ch01.htm'), fileEntry('book/ch02.htm')]),
    doc('fixture/lamps.txt', 'On Lamps', 'epub', [
      fileEntry('out/The Lamps.epub', { from: paragraphMarker('On Lamps') }),
    ]),
  ],
});

type Behaviour = 'ok' | 'missing' | 'corrupt' | 'truncated' | 'stall' | 'error-once';

/** A raw-file host on 127.0.0.1 serving FILES at /REPO/COMMIT/PATH, with per-path misbehaviour. */
async function originServer(behaviour: Record<string, Behaviour> = {}) {
  const requests: string[] = [];
  const failedOnce = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').slice(`/${REPO}/${COMMIT}/`.length));
    requests.push(path);
    const body = FILES[path];
    const how = behaviour[path] ?? 'ok';
    if (!body || how === 'missing') return void res.writeHead(404).end('not found');
    if (how === 'stall')
      return void res.writeHead(200, { 'content-length': body.length }).write(body.subarray(0, 5));
    if (how === 'error-once' && !failedOnce.has(path)) {
      failedOnce.add(path);
      return void res.writeHead(503).end();
    }
    if (how === 'corrupt')
      return void res
        .writeHead(200)
        .end(Buffer.concat([body.subarray(0, body.length - 1), Buffer.from('!')]));
    if (how === 'truncated') {
      res.writeHead(200, { 'content-length': body.length });
      return void res.write(body.subarray(0, body.length - 10), () => res.socket?.destroy());
    }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

describe('downloading the corpus from its origin files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-download-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (url: string, extra: Partial<Parameters<typeof downloadCorpus>[0]> = {}) =>
    downloadCorpus({
      catalog: CATALOG,
      outDir: dir,
      originUrl: url,
      timeoutMs: 300,
      backoffMs: 1,
      retries: 2,
      ...extra,
    });
  const text = (file: string): string => readFileSync(join(dir, file), 'utf8');

  it('downloads a corpus that a running app ingests and answers from, verbatim', async () => {
    const server = await originServer();
    try {
      expect((await run(server.url)).failed).toEqual([]);
    } finally {
      await server.close();
    }
    const app = await startTestApp({ CORPUS_DIR: dir });
    try {
      const answer = await ask(app.url, { persona: PERSONA, message: 'What do the mills stand beside?' });
      expect(answer.refusal).toBeNull();
      expect(answer.citations.map((c) => c.source)).toContain('fixture/rivers.txt');
      await expectSoundAnswer(app.url, answer);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('writes every document with a manifest that ingest reads, each text only the document itself', async () => {
    const server = await originServer();
    try {
      const report = await run(server.url);
      expect(report.failed).toEqual([]);
      const manifest = JSON.parse(text('manifest.json')) as { file: string; sha256: string; words: number }[];
      expect(manifest.map((m) => m.file)).toEqual(CATALOG.documents.map((d) => d.file));
      for (const m of manifest) expect(sha(readFileSync(join(dir, m.file)))).toBe(m.sha256);
      expect(text('fixture/rivers.txt')).toBe(
        'On Rivers\n\nRivers carry water from the hills to the sea, and the mills stand beside them.\n\nEvery mill needs a wheel and a miller who knows the weather.',
      );
      expect(text('fixture/bridges.txt')).toBe(
        'On Bridges\n\nA bridge joins two banks of a river, and every town wants one.',
      );
      expect(text('fixture/roads.txt')).toBe(
        'On Roads\n\nA road runs from the town to the harbour and carts use it every morning.',
      );
    } finally {
      await server.close();
    }
  });

  it('joins a document of several files in catalogue order with their headings', async () => {
    const server = await originServer();
    try {
      await run(server.url);
      expect(text('fixture/book.txt')).toBe(
        'Chapter One\n\nThe first chapter speaks of ploughs and fields in spring.\n\nChapter Two\n\nThe second chapter speaks of harvests and barns in autumn.',
      );
    } finally {
      await server.close();
    }
  });

  it("reads an EPUB in spine order and leaves out another writer's foreword", async () => {
    const server = await originServer();
    try {
      await run(server.url);
      expect(text('fixture/lamps.txt')).toBe(
        'On Lamps\n\nA lamp burns oil and lights the reading room at night.',
      );
    } finally {
      await server.close();
    }
  });

  it.each([
    ['a SHA-256 mismatch', 'corrupt' as const, /SHA-256 mismatch/],
    ['a 404', 'missing' as const, /HTTP 404/],
    ['a truncated body', 'truncated' as const, /truncated|closed|connection/],
    ['a stalled server', 'stall' as const, /no data for 0.3 s.*gave up after 3 attempts/],
  ])(
    'skips and reports the one document hit by %s while the others are written',
    async (_name, how, reason) => {
      const server = await originServer({ 'pages/bridges.md': how });
      try {
        const report = await run(server.url);
        expect(report.failed).toHaveLength(1);
        expect(report.failed[0].file).toBe('fixture/bridges.txt');
        expect(report.failed[0].reason).toMatch(reason);
        const manifest = JSON.parse(text('manifest.json')) as { file: string }[];
        expect(manifest.map((m) => m.file)).not.toContain('fixture/bridges.txt');
        expect(manifest).toHaveLength(CATALOG.documents.length - 1);
      } finally {
        await server.close();
      }
    },
  );

  it('retries a server error and then succeeds', async () => {
    const server = await originServer({ 'pages/rivers.htm': 'error-once' });
    try {
      const report = await run(server.url);
      expect(report.failed).toEqual([]);
      expect(server.requests.filter((p) => p === 'pages/rivers.htm')).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('resumes after an interruption without fetching verified files again', async () => {
    const server = await originServer();
    try {
      const controller = new AbortController();
      const first = run(server.url, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.documentsDone >= 1) controller.abort();
        },
      });
      await expect(first).rejects.toThrow(/interrupted/);
      const before = server.requests.length;
      const report = await run(server.url);
      expect(report.failed).toEqual([]);
      expect(report.reused).toBeGreaterThan(0);
      expect(report.reused + report.fetched).toBe(6);
      expect(server.requests.length - before).toBe(report.fetched);
    } finally {
      await server.close();
    }
  });

  it('says the origin host is unreachable when nothing answers at all', async () => {
    const server = await originServer();
    await server.close();
    await expect(run(server.url)).rejects.toBeInstanceOf(OriginUnreachableError);
  });
});
