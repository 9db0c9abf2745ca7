import { findCorpusDir } from '@parley/corpus';
import { projectRoot } from '@parley/core';
import { join } from 'node:path';
import { useTestEnvironment } from '../../support/test-env';

/**
 * The real primary-source corpus (never copied into the repository), found as the app finds it: `CORPUS_DIR` when
 * jest started, else `./corpus` or `../shared/corpus` beside the repository. Without one, importing this fails.
 */
export const REAL_CORPUS = requireRealCorpus();

function requireRealCorpus(): string {
  const found = findCorpusDir(process.env.PARLEY_TEST_CORPUS_DIR || undefined);
  if (found.dir) return found.dir;
  throw new Error(
    `npm run test:corpus needs the primary-source corpus and found no manifest.json in: ${found.tried.join(', ')}. ` +
      'Put the corpus at ../shared/corpus beside the repository, or set CORPUS_DIR.',
  );
}

/** Overrides for `useTestEnvironment` / `startTestApp`: the real corpus and the real personas of `prompts/personas`. */
export const REAL_CORPUS_ENV: Record<string, string> = {
  CORPUS_DIR: REAL_CORPUS,
  PERSONAS_DIR: join(projectRoot(), 'prompts', 'personas'),
};

/** The test environment on the real corpus and the real personas. */
export function useRealCorpusEnvironment(overrides: Record<string, string | undefined> = {}): void {
  useTestEnvironment({ ...REAL_CORPUS_ENV, ...overrides });
}
