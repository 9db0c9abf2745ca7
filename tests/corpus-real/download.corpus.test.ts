import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { downloadCorpus, loadCatalog, loadCorpus, sixWordOverlap } from '@parley/corpus';
import { SHARED_CORPUS_DIR, SHARED_ORIGIN_DIR } from './support/origin-corpus';

// Every downloaded document must hold the shared corpus text's words and nothing else, to this share of 6-word
// sequences both ways.
const MIN_OVERLAP = 0.98;
const PERSONAS = ['lenin', 'trotsky', 'stalin'];

/** A static raw-file host over ../shared/corpus-origin (OWNER/NAME/COMMIT/PATH). */
async function staticOrigin(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(join(SHARED_ORIGIN_DIR, decodeURIComponent((req.url ?? '/').split('?')[0])));
    if (!path.startsWith(SHARED_ORIGIN_DIR) || !existsSync(path) || !statSync(path).isFile())
      return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': statSync(path).size });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('downloading the whole catalogue from a mirror of its origin files', () => {
  const catalog = loadCatalog();
  let out: string;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    if (!existsSync(SHARED_ORIGIN_DIR) || !existsSync(join(SHARED_CORPUS_DIR, 'manifest.json')))
      throw new Error(`this suite needs ${SHARED_ORIGIN_DIR} and ${SHARED_CORPUS_DIR} beside the project`);
    out = mkdtempSync(join(tmpdir(), 'parley-corpus-download-'));
    server = await staticOrigin();
  });
  afterAll(async () => {
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('writes every document, each matching its shared corpus text, in a corpus the loader accepts', async () => {
    const report = await downloadCorpus({ catalog, outDir: out, originUrl: server.url });
    expect(report.failed).toEqual([]);
    const loaded = await loadCorpus(out, { knownPersonas: PERSONAS });
    expect(loaded.problems).toEqual([]);
    expect(loaded.documents).toHaveLength(catalog.documents.length);
    const below: string[] = [];
    for (const doc of catalog.documents) {
      const expected = readFileSync(join(SHARED_CORPUS_DIR, doc.file), 'utf8');
      const { aInB, bInA } = sixWordOverlap(expected, readFileSync(join(out, doc.file), 'utf8'));
      if (aInB < MIN_OVERLAP || bInA < MIN_OVERLAP)
        below.push(`${doc.file} ${aInB.toFixed(3)}/${bInA.toFixed(3)}`);
    }
    expect(below).toEqual([]);
  });
});
