import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProgressBar } from '@parley/core';
import { Database } from '@parley/database';
import { EMBEDDER, isFittable, type Embedder } from '@parley/embeddings';
import { loadCorpus, type CorpusProblem, type LoadedDocument } from './corpus-loader';
import { dateRange } from './manifest.schema';
import { splitSentences } from '@parley/text';
import { chunkDocument } from './text-chunker';
import { CorpusRepository, type NewChunk, type NewDocument } from './corpus.repository';
import { EmbeddingRepository } from './embedding.repository';
import { IngestRunRepository } from './ingest-run.repository';

export interface IngestOptions {
  corpusDir: string;
  knownPersonas: string[];
  /** Show a progress bar on stderr. */
  progress?: boolean;
}

export interface IngestReport {
  corpusDir: string;
  embedder: string;
  documents: number;
  chunks: number;
  added: string[];
  updated: string[];
  unchanged: number;
  removed: string[];
  reembedded: number;
  problems: CorpusProblem[];
  seconds: number;
}

interface PreparedDocument {
  loaded: LoadedDocument;
  id: string;
  contentHash: string;
  chunks: NewChunk[];
}

// Paragraph-sized passages: precise enough for BM25 and quotes, long enough to carry an argument.
// Measured with `npm run eval -- --retrieval-only`: 150–250 words beat 80–180 and 200–320 on recall@10.
export const CHUNKING = { minWords: 150, maxWords: 250, hardMaxWords: 350 };

// Sentences per passage window (retrieval scores each chunk's best window too, so words that occur together
// count for more than words scattered over a chunk). Two beat three on the dev set's full-text recall@5.
export const WINDOW_SENTENCES = 2;

/** Every run of `size` consecutive sentences of a chunk; a chunk of `size` sentences or fewer is one window. */
export function sentenceWindows(text: string, size = WINDOW_SENTENCES): string[] {
  const sentences = splitSentences(text);
  if (sentences.length <= size) return [text];
  const windows: string[] = [];
  for (let i = 0; i + size <= sentences.length; i++) {
    windows.push(text.slice(sentences[i].start, sentences[i + size - 1].end));
  }
  return windows;
}

/** A stable public id for a document, derived from its corpus-relative path. */
export function documentIdFor(source: string): string {
  return createHash('sha256').update(`document:${source}`).digest('hex').slice(0, 16);
}

function contentHashOf(doc: LoadedDocument): string {
  const { text, ...meta } = doc;
  // Chunking settings are part of the hash: changing them re-chunks every document.
  return createHash('sha256')
    .update(JSON.stringify({ meta, CHUNKING, WINDOW_SENTENCES }))
    .update('\0')
    .update(text)
    .digest('hex');
}

/** Loads, chunks, embeds and upserts the corpus by content hash; safe to rerun and to interrupt. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly db: Database,
    private readonly corpus: CorpusRepository,
    private readonly embeddings: EmbeddingRepository,
    private readonly runs: IngestRunRepository,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  /** True when the corpus (or the embedder kind) differs from what the last completed ingest saw. */
  async isStale(corpusDir: string, knownPersonas: string[]): Promise<boolean> {
    const last = await this.runs.last();
    if (!last) return true;
    const { documents, problems } = await loadCorpus(corpusDir, { knownPersonas });
    return last.fingerprint !== this.fingerprint(documents, problems);
  }

  /**
   * Prepares the embedder for queries: restores the fitted state stored by the last ingest. With
   * `loadVectors: false` the word vectors are left to `loadWordVectors` (queries wait for them): the api starts
   * serving without waiting for them.
   */
  async restoreEmbedderState(options: { loadVectors?: boolean } = {}): Promise<boolean> {
    if (options.loadVectors ?? true) await this.loadWordVectors();
    if (!isFittable(this.embedder) || this.embedder.isFitted) return true;
    const last = await this.runs.last();
    if (!last) return false;
    const state = await this.embeddings.loadState(last.embedder);
    if (!state) return false;
    this.embedder.importState(state);
    return true;
  }

  /** Loads what the embedder needs in memory (the word vectors); later calls share the same load. */
  async loadWordVectors(): Promise<void> {
    await this.embedder.init?.();
  }

  async ingest(options: IngestOptions): Promise<IngestReport> {
    const started = Date.now();
    const { documents, problems } = await loadCorpus(options.corpusDir, {
      knownPersonas: options.knownPersonas,
    });
    for (const p of problems) this.logger.warn(`skipped ${p.source}: ${p.reason}`);
    // The bar covers the whole ingest, preparation included, so its time is the total the summary reports.
    const bar = options.progress
      ? new ProgressBar('Ingesting', documents.length, process.stderr, started)
      : null;
    bar?.update(0, 'chunking');
    const prepared = documents.map((d) => this.prepare(d));
    bar?.update(0, 'loading word vectors');
    await this.embedder.init?.();

    if (isFittable(this.embedder)) {
      bar?.update(0, 'weighting words');
      await this.embedder.fit(prepared.flatMap((p) => p.chunks.map((c) => c.text)));
      await this.embeddings.saveState(this.embedder.id, this.embedder.exportState());
    }
    await this.embeddings.ensureIndex(this.embedder.dimension);

    const fingerprint = this.fingerprint(documents, problems);
    // No run recorded for this very corpus means the last ingest of it was interrupted (killed after writing
    // documents, before the statistics): they are refreshed even when no document is left to write.
    const interrupted = (await this.runs.last())?.fingerprint !== fingerprint;
    const known = await this.corpus.contentHashes();
    const changed = prepared.filter((p) => known.get(p.loaded.source) !== p.contentHash);
    let done = prepared.length - changed.length;
    let chunksWritten = 0;
    bar?.update(done, 'documents');
    bar?.measureRateFromHere();
    for (const doc of changed) {
      chunksWritten += await this.writeDocument(doc);
      done += 1;
      bar?.update(done, `documents, ${chunksWritten} chunks`);
    }

    // A broken entry keeps its stored document; a path holding NUL cannot name one (and Postgres refuses NUL).
    const keep = [
      ...prepared.map((p) => p.loaded.source),
      ...problems.map((p) => p.source).filter((s) => !s.includes('\u0000')),
    ];
    const removed = await this.corpus.deleteDocumentsNotIn(keep);
    if (changed.length || removed.length || interrupted || !(await this.corpus.hasLexemeStats()))
      await this.corpus.refreshLexemeStats();
    const reembedded = await this.embedMissing();
    await this.embeddings.deleteOtherSpaces(this.embedder.id);

    const totalChunks = prepared.reduce((n, p) => n + p.chunks.length, 0);
    await this.runs.record({
      corpus_dir: options.corpusDir,
      fingerprint,
      embedder: this.embedder.id,
      documents: prepared.length,
      chunks: totalChunks,
      skipped: problems.length,
      problems,
    });
    const report: IngestReport = {
      corpusDir: options.corpusDir,
      embedder: this.embedder.id,
      documents: prepared.length,
      chunks: totalChunks,
      added: changed.filter((c) => !known.has(c.loaded.source)).map((c) => c.loaded.source),
      updated: changed.filter((c) => known.has(c.loaded.source)).map((c) => c.loaded.source),
      unchanged: prepared.length - changed.length,
      removed,
      reembedded,
      problems,
      seconds: (Date.now() - started) / 1000,
    };
    bar?.finish(summarise(report));
    return report;
  }

  private prepare(loaded: LoadedDocument): PreparedDocument {
    const chunks = chunkDocument(loaded.text, CHUNKING).map((c) => ({
      ordinal: c.ordinal,
      start: c.start,
      end: c.end,
      text: c.text,
      heading: c.heading,
      speaker: c.speaker,
      windows: sentenceWindows(c.text),
    }));
    return { loaded, id: documentIdFor(loaded.source), contentHash: contentHashOf(loaded), chunks };
  }

  private async writeDocument(doc: PreparedDocument): Promise<number> {
    const vectors = await this.embedder.embedDocuments(doc.chunks.map((c) => c.text));
    const range = dateRange(doc.loaded.date);
    const row: NewDocument = {
      id: doc.id,
      source: doc.loaded.source,
      persona: doc.loaded.persona,
      author: doc.loaded.author,
      title: doc.loaded.title,
      date: doc.loaded.date,
      dateFrom: range.from,
      dateTo: range.to,
      published: doc.loaded.published ?? null,
      kind: doc.loaded.kind ?? null,
      translator: doc.loaded.translator ?? null,
      url: doc.loaded.source_url ?? null,
      license: doc.loaded.license ?? null,
      sha256: doc.loaded.sha256,
      content_hash: doc.contentHash,
      text: doc.loaded.text,
    };
    // Document, chunks and vectors land together or not at all, so an interrupted ingest leaves no half document.
    await this.db.transaction(async (client) => {
      const ids = await this.corpus.replaceDocument(client, row, doc.chunks);
      await this.embeddings.insert(client, this.embedder.id, ids, vectors);
    });
    return doc.chunks.length;
  }

  /** Embeds chunks that have no vector in the current space (after an embedder change or refit). */
  private async embedMissing(): Promise<number> {
    const missing = await this.embeddings.chunksMissing(this.embedder.id);
    const batch = 256;
    for (let i = 0; i < missing.length; i += batch) {
      const slice = missing.slice(i, i + batch);
      const vectors = await this.embedder.embedDocuments(slice.map((c) => c.text));
      await this.db.transaction((client) =>
        this.embeddings.insert(
          client,
          this.embedder.id,
          slice.map((c) => c.id),
          vectors,
        ),
      );
    }
    return missing.length;
  }

  private fingerprint(documents: LoadedDocument[], problems: CorpusProblem[]): string {
    const h = createHash('sha256').update(this.embedderKind());
    for (const d of [...documents].sort((a, b) => a.source.localeCompare(b.source))) {
      h.update(`${d.source}\0${contentHashOf(d)}\n`);
    }
    for (const p of problems) h.update(`problem\0${p.source}\0${p.reason}\n`);
    return h.digest('hex');
  }

  /** The embedder without its fitted suffix: a refit alone does not make the corpus stale. */
  private embedderKind(): string {
    return isFittable(this.embedder) ? this.embedder.id.split(':')[0] : this.embedder.id;
  }
}

export function summarise(r: IngestReport): string {
  const parts = [
    `${r.documents} documents, ${r.chunks} chunks in ${r.seconds.toFixed(1)}s`,
    `${r.added.length} added, ${r.updated.length} updated, ${r.unchanged} unchanged, ${r.removed.length} removed`,
  ];
  if (r.reembedded) parts.push(`${r.reembedded} chunks re-embedded`);
  if (r.problems.length) parts.push(`${r.problems.length} skipped`);
  return `Ingest done: ${parts.join('; ')} (embedder ${r.embedder}).`;
}
