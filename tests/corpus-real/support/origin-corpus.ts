import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '@parley/core';

/** The shared real corpus and the byte-exact origin files it was converted from, beside the project. */
export const SHARED_CORPUS_DIR = resolve(projectRoot(), '..', 'shared', 'corpus');
export const SHARED_ORIGIN_DIR = resolve(projectRoot(), '..', 'shared', 'corpus-origin');

/** Bytes of one origin file in the `OWNER/NAME/COMMIT/PATH` layout. */
export function readOriginFile(repo: string, commit: string, path: string): Uint8Array {
  return readFileSync(join(SHARED_ORIGIN_DIR, repo, commit, path));
}
