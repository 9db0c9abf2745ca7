import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findCorpusDir } from '@parley/corpus';
import { projectRoot } from '@parley/core';

/**
 * The real corpus and the byte-exact origin files it was converted from. The corpus is found as the app finds it
 * (`CORPUS_DIR` when jest started, else `./corpus` or `../shared/corpus`); the origin files sit beside it, in
 * `corpus-origin` (as in `../shared`). A clone made elsewhere thus reads the same files as the checkout it came from.
 */
export const SHARED_CORPUS_DIR =
  findCorpusDir(process.env.PARLEY_TEST_CORPUS_DIR || undefined).dir ??
  resolve(projectRoot(), '..', 'shared', 'corpus');
export const SHARED_ORIGIN_DIR = join(dirname(SHARED_CORPUS_DIR), 'corpus-origin');

/** Bytes of one origin file in the `OWNER/NAME/COMMIT/PATH` layout. */
export function readOriginFile(repo: string, commit: string, path: string): Uint8Array {
  return readFileSync(join(SHARED_ORIGIN_DIR, repo, commit, path));
}
