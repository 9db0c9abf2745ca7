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
export { CorpusModule } from './corpus.module';
export {
  CorpusRepository,
  type DocumentRow,
  type DocumentWithText,
  type NewChunk,
  type NewDocument,
} from './corpus.repository';
export { EmbeddingRepository, toVectorLiteral } from './embedding.repository';
export { IngestRunRepository, type IngestRun } from './ingest-run.repository';
export {
  CHUNKING,
  IngestService,
  WINDOW_SENTENCES,
  documentIdFor,
  sentenceWindows,
  summarise,
  type IngestOptions,
  type IngestReport,
} from './ingest.service';
// Acquisition: the catalogue of pinned origin files, their converters and the downloader.
export {
  CatalogEntrySchema,
  CatalogFileSchema,
  CatalogSchema,
  ORIGIN_FORMATS,
  PartRuleSchema,
  type Catalog,
  type CatalogEntry,
  type CatalogFile,
  type OriginFormat,
  type ParagraphMarker,
  type PartRule,
} from './acquire/catalog.schema';
export { OriginFilesSchema, PartRulesSchema, buildCatalog, type PartRules } from './acquire/catalog-builder';
export { CatalogError, DEFAULT_CATALOG_PATH, loadCatalog } from './acquire/catalog-loader';
export {
  PartRuleError,
  applyPartRule,
  convertDocument,
  convertOriginFile,
  decodeOriginBytes,
  dropNoteReferences,
  paragraphMarker,
  plainTextToText,
} from './acquire/convert-document';
export { EpubError, readEpub, type EpubItem } from './acquire/epub-reader';
export { sixWordOverlap } from './acquire/text-overlap';
export {
  DEFAULT_ORIGIN_URL,
  OriginFetchError,
  fetchVerified,
  originFileUrl,
  type FetchLike,
  type FetchPolicy,
} from './acquire/origin-fetcher';
export {
  OriginUnreachableError,
  downloadCorpus,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadReport,
} from './acquire/corpus-downloader';
