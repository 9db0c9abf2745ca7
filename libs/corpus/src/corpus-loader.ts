import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import { resolvePath } from '@parley/config';
import { describeIssues, projectRoot, errorMessage } from '@parley/core';
import { htmlToText } from './html-to-text';
import { ManifestEntrySchema, type ManifestEntry } from './manifest.schema';
import { markdownToText } from './markdown-to-text';
import { cleanSourceArtefacts } from './source-artefacts';
import { normaliseText } from './text-normaliser';

/** A document ready to store: its manifest metadata, its corpus-relative path and its normalised text. */
export type LoadedDocument = Omit<ManifestEntry, 'sha256'> & {
  /** Corpus-relative path (`lenin/letter-to-the-congress.txt`): the document's name to the outside world. */
  source: string;
  /**
   * The normalised text with source artefacts repaired (`cleanSourceArtefacts`); it is what gets stored and what
   * every chunk and citation offset refers to.
   */
  text: string;
  /** SHA-256 (hex) of `text` as UTF-8. */
  sha256: string;
};

/** A manifest entry that was skipped, and why, in words an operator can act on. */
export interface CorpusProblem {
  /** The entry's `file` when it has one, else `manifest.json[<index>]`. */
  source: string;
  reason: string;
}

export interface LoadCorpusOptions {
  /** Persona ids the application knows; an entry naming any other persona is skipped. */
  knownPersonas: readonly string[];
  /** Files larger than this are skipped without being read. Default 10 MiB, ~25× the largest text we know. */
  maxFileBytes?: number;
  /**
   * Leave the source artefacts (glued note numbers, missing spaces) in the text. Only for tools that carry offsets
   * from that text over to the stored one (`scripts/remap-gold-offsets.mjs`); what is stored is always cleaned.
   */
  keepSourceArtefacts?: boolean;
}

export interface LoadedCorpus {
  documents: LoadedDocument[];
  problems: CorpusProblem[];
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const MANIFEST_FILE = 'manifest.json';

/** Thrown when the corpus cannot be read at all (no manifest, or one that is not a JSON array). */
export class CorpusManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusManifestError';
  }
}

const logger = new Logger('CorpusLoader');

/** A skipped entry: carries the reason up to the loop that records it. */
class EntryProblem extends Error {}

async function readManifest(dir: string): Promise<unknown[]> {
  const path = join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`;
    throw new CorpusManifestError(`Corpus manifest ${path} ${why}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (e) {
    throw new CorpusManifestError(`Corpus manifest ${path} is not valid JSON: ${errorMessage(e)}`);
  }
  if (!Array.isArray(parsed)) {
    throw new CorpusManifestError(
      `Corpus manifest ${path} must be a JSON array of entries, one per document.`,
    );
  }
  return parsed;
}

function toText(file: string, content: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return htmlToText(content);
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return markdownToText(content);
  return content;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

async function readDocumentFile(
  realRoot: string,
  entry: ManifestEntry,
  maxFileBytes: number,
): Promise<string> {
  const path = join(realRoot, entry.file);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new EntryProblem(`file not found: ${path}`);
  }
  // The schema rules out `..`; a symbolic link could still point outside the corpus, so check where it lands.
  if (!isInside(realRoot, real)) {
    throw new EntryProblem(`file resolves outside the corpus directory: ${real}`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw new EntryProblem(`not a regular file: ${path}`);
  // Size is checked before reading so a huge file costs nothing.
  if (info.size > maxFileBytes) {
    throw new EntryProblem(`file is too large: ${info.size} bytes, the limit is ${maxFileBytes} bytes`);
  }
  const bytes = await readFile(real);
  if (entry.sha256 && createHash('sha256').update(bytes).digest('hex') !== entry.sha256.toLowerCase()) {
    // Not fatal: the text still loads, but someone changed the file without updating the manifest.
    logger.warn(`${entry.file}: sha256 in the manifest does not match the file; loading the file as it is`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EntryProblem('file is not valid UTF-8 text');
  }
}

async function loadEntry(
  realRoot: string,
  entry: ManifestEntry,
  options: Required<Omit<LoadCorpusOptions, 'knownPersonas'>>,
): Promise<LoadedDocument> {
  const raw = await readDocumentFile(realRoot, entry, options.maxFileBytes);
  const normalised = normaliseText(toText(entry.file, raw));
  const text = options.keepSourceArtefacts ? normalised : cleanSourceArtefacts(normalised).text;
  if (text.length === 0) throw new EntryProblem('the text is empty after normalisation');
  const { sha256: _fileHash, ...meta } = entry;
  return {
    ...meta,
    source: entry.file,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    text,
  };
}

function sourceOf(raw: unknown, index: number): string {
  const file = (raw as { file?: unknown } | null)?.file;
  return typeof file === 'string' && file.length > 0 && file.length <= 1024
    ? file
    : `manifest.json[${index}]`;
}

/**
 * Reads `manifest.json` and every text it lists. Entries that cannot be used are skipped and reported with the
 * reason; the rest load. Throws {@link CorpusManifestError} when the manifest itself is missing or unreadable.
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions): Promise<LoadedCorpus> {
  const entries = await readManifest(dir);
  const realRoot = await realpath(dir);
  const entryOptions = {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    keepSourceArtefacts: options.keepSourceArtefacts ?? false,
  };
  const personas = new Set(options.knownPersonas);
  const firstIndexOf = new Map<string, number>();
  const documents: LoadedDocument[] = [];
  const problems: CorpusProblem[] = [];

  for (const [index, raw] of entries.entries()) {
    const source = sourceOf(raw, index);
    const parsed = ManifestEntrySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({
        source,
        reason: `manifest entry ${index} is invalid: ${describeIssues(parsed.error.issues)}`,
      });
      continue;
    }
    const entry = parsed.data;
    const first = firstIndexOf.get(entry.file);
    if (first !== undefined) {
      problems.push({
        source,
        reason: `duplicate manifest entry ${index} for this file (first at entry ${first})`,
      });
      continue;
    }
    firstIndexOf.set(entry.file, index);
    if (!personas.has(entry.persona)) {
      const known = [...personas].join(', ') || 'none';
      problems.push({ source, reason: `unknown persona "${entry.persona}" (known: ${known})` });
      continue;
    }
    try {
      documents.push(await loadEntry(realRoot, entry, entryOptions));
    } catch (e) {
      if (!(e instanceof EntryProblem)) throw e;
      problems.push({ source, reason: e.message });
    }
  }
  return { documents, problems };
}

export interface CorpusDirSearch {
  /** The directory holding `manifest.json`, or null when none of the places tried has one. */
  dir: string | null;
  /** Every directory looked at, in order, so a caller can say where it looked. */
  tried: string[];
}

/**
 * Finds the corpus: the configured directory when one is given (no fallback: a wrong setting should be seen),
 * else `corpus/` in the project when it has a manifest, else `../shared/corpus` beside the project, else
 * `<dataDir>/corpus` (where `npm start` downloads it) when a data directory is given.
 * `scripts/start-plan.mjs` repeats this order in plain JavaScript: keep the two in step.
 */
export function findCorpusDir(configuredDir?: string, dataDir?: string): CorpusDirSearch {
  const root = projectRoot();
  const candidates = configuredDir
    ? [resolvePath(configuredDir)]
    : [
        join(root, 'corpus'),
        resolve(dirname(root), 'shared', 'corpus'),
        ...(dataDir ? [join(resolvePath(dataDir), 'corpus')] : []),
      ];
  const tried: string[] = [];
  for (const dir of candidates) {
    tried.push(dir);
    if (existsSync(join(dir, MANIFEST_FILE))) return { dir, tried };
  }
  return { dir: null, tried };
}
