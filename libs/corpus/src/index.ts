// Loading and chunking are pure (files in, values out); the database side below builds on them.
export {
  ManifestEntrySchema,
  SUPPORTED_EXTENSIONS,
  corpusPathProblem,
  dateRange,
  isValidCorpusDate,
  type ManifestEntry,
} from './manifest.schema';
export {
  CorpusManifestError,
  DEFAULT_MAX_FILE_BYTES,
  findCorpusDir,
  loadCorpus,
  type CorpusDirSearch,
  type CorpusProblem,
  type LoadCorpusOptions,
  type LoadedCorpus,
  type LoadedDocument,
} from './corpus-loader';
export { normaliseText } from './text-normaliser';
export {
  cleanSourceArtefacts,
  mapOffset,
  type ArtefactEdit,
  type ArtefactKind,
  type CleanedText,
} from './source-artefacts';
export { htmlToText, type HtmlToTextOptions } from './html-to-text';
export { markdownToText } from './markdown-to-text';
export { chunkDocument, type Chunk, type ChunkOptions } from './text-chunker';
export { isSpokenByAuthor } from './speaker-attribution';
// Database side of the lib (ingestion, repositories, the Nest module).
export * from './corpus.module';
export * from './corpus.repository';
export * from './embedding.repository';
export * from './ingest-run.repository';
export * from './ingest.service';
// Acquisition: the catalogue of pinned origin files, their converters and the downloader.
export * from './acquire/catalog.schema';
export * from './acquire/catalog-builder';
export * from './acquire/catalog-loader';
export * from './acquire/convert-document';
export * from './acquire/epub-reader';
export * from './acquire/text-overlap';
export * from './acquire/origin-fetcher';
export * from './acquire/corpus-downloader';
