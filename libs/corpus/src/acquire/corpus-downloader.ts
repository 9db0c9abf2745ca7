import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { countWords } from '@parley/text';
import type { ManifestEntry } from '../manifest.schema';
import type { Catalog, CatalogEntry, CatalogFile } from './catalog.schema';
import { convertDocument } from './convert-document';
import {
  DEFAULT_ORIGIN_URL,
  OriginFetchError,
  fetchVerified,
  originFileUrl,
  type FetchLike,
} from './origin-fetcher';

export interface DownloadOptions {
  catalog: Catalog;
  /** `$DATA_DIR/corpus`: texts and manifest.json are written here. */
  outDir: string;
  /** CORPUS_ORIGIN_URL; the code forge's raw-file host when unset. */
  originUrl?: string;
  /** Verified origin files are kept here so a second run fetches only what is missing. */
  cacheDir?: string;
  fetch?: FetchLike;
  concurrency?: number;
  retries?: number;
  timeoutMs?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadProgress {
  documentsDone: number;
  documents: number;
  bytesDone: number;
  bytes: number;
}

export interface DownloadReport {
  written: string[];
  failed: { file: string; reason: string }[];
  /** Origin files fetched over the network in this run (the rest came from the cache). */
  fetched: number;
  reused: number;
}

/** The first request could not connect at all: the machine is offline or the mirror is down. */
export class OriginUnreachableError extends Error {}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** A FIFO limit on how many tasks run at once. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function cached(path: string, file: CatalogFile): Promise<Buffer | null> {
  try {
    const data = await readFile(path);
    return data.length === file.bytes && sha256(data) === file.sha256 ? data : null;
  } catch {
    return null;
  }
}

function manifestEntry(doc: CatalogEntry, text: string): ManifestEntry {
  const { format: _format, origin, ...facts } = doc;
  return {
    ...facts,
    origin: { repo: origin.repo, path: origin.path, commit: origin.commit },
    words: countWords(text),
    sha256: sha256(text),
  };
}

/**
 * Downloads every catalogue document: fetches its origin files (from the cache when already verified, else at
 * most `concurrency` at a time with retries), verifies size and SHA-256, converts them and writes the text and
 * manifest.json into `outDir`. A document whose files fail is skipped and reported; the others are written.
 * Throws OriginUnreachableError when the very first request cannot connect.
 */
export async function downloadCorpus(options: DownloadOptions): Promise<DownloadReport> {
  const { catalog, outDir } = options;
  const cacheDir = options.cacheDir ?? join(outDir, '.origin');
  const base = options.originUrl ?? DEFAULT_ORIGIN_URL;
  const limit = limiter(options.concurrency ?? 4);
  const progress: DownloadProgress = {
    documentsDone: 0,
    documents: catalog.documents.length,
    bytesDone: 0,
    bytes: catalog.documents.reduce((n, d) => n + d.origin.files.reduce((m, f) => m + f.bytes, 0), 0),
  };
  const report: DownloadReport = { written: [], failed: [], fetched: 0, reused: 0 };
  const policy = {
    fetch: options.fetch ?? ((url: string, init: { signal: AbortSignal }) => fetch(url, init)),
    retries: options.retries ?? 3,
    timeoutMs: options.timeoutMs ?? 30_000,
    backoffMs: options.backoffMs ?? 500,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    signal: options.signal,
    onBytes: (n: number) => {
      progress.bytesDone += n;
      options.onProgress?.({ ...progress });
    },
  };
  // Until one request has connected, requests go one at a time: an offline machine fails once, in one line.
  let connected: Promise<void> | null = null;
  let unreachable: OriginUnreachableError | null = null;

  const getFile = async (doc: CatalogEntry, file: CatalogFile): Promise<Buffer> => {
    const path = join(cacheDir, doc.origin.repo, doc.origin.commit, file.path);
    const hit = await cached(path, file);
    if (hit) {
      report.reused++;
      progress.bytesDone += file.bytes;
      return hit;
    }
    const url = originFileUrl(base, doc.origin.repo, doc.origin.commit, file.path);
    const fetchOne = async (): Promise<Buffer> => {
      if (unreachable) throw unreachable;
      try {
        const data = await fetchVerified(url, file, policy);
        report.fetched++;
        return data;
      } catch (e) {
        if (e instanceof OriginFetchError && e.unreachable && report.fetched === 0)
          unreachable ??= new OriginUnreachableError(`cannot reach ${new URL(base).host} (${e.message})`);
        throw e;
      }
    };
    let data: Buffer;
    if (!connected) {
      const first = limit(fetchOne);
      connected = first.then(
        () => undefined,
        () => undefined,
      );
      data = await first;
    } else {
      await connected;
      data = await limit(fetchOne);
    }
    await writeAtomically(path, data);
    return data;
  };

  const entries: ManifestEntry[] = [];
  await Promise.all(
    catalog.documents.map(async (doc, index) => {
      try {
        const contents: Buffer[] = [];
        for (const file of doc.origin.files) {
          try {
            contents.push(await getFile(doc, file));
          } catch (e) {
            throw new Error(`${file.path}: ${(e as Error).message}`);
          }
        }
        const text = convertDocument(doc, contents);
        if (text.length === 0) throw new Error('the conversion left no text');
        await writeAtomically(join(outDir, doc.file), text);
        entries[index] = manifestEntry(doc, text);
        report.written.push(doc.file);
      } catch (e) {
        report.failed.push({ file: doc.file, reason: (e as Error).message });
      } finally {
        progress.documentsDone++;
        options.onProgress?.({ ...progress });
      }
    }),
  );
  if (unreachable) throw unreachable;
  if (options.signal?.aborted) throw new OriginFetchError('interrupted', false);
  const manifest = entries.filter((e): e is ManifestEntry => e !== undefined);
  if (manifest.length > 0)
    await writeAtomically(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  report.failed.sort((a, b) => a.file.localeCompare(b.file));
  return report;
}
