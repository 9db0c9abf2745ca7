import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resetConfigCache } from '@parley/config';
import { projectRoot } from '@parley/core';
import { findCorpusDir } from '@parley/corpus';
import { GLOVE_CACHE_FILE } from '@parley/embeddings';
import { testDatabaseEnv } from '../../libs/database/src/testing';

/**
 * The shared primary-source corpus (never copied into the repository), found as the app finds it: `CORPUS_DIR`
 * when jest started, else `./corpus` or `../shared/corpus` beside the repository.
 */
export const SHARED_CORPUS = requireTestCorpus();

function requireTestCorpus(): string {
  const found = findCorpusDir(process.env.PARLEY_TEST_CORPUS_DIR || undefined);
  if (found.dir) return found.dir;
  throw new Error(
    `The tests need the primary-source corpus and found no manifest.json in: ${found.tried.join(', ')}. ` +
      'Put the corpus at ../shared/corpus beside the repository, or set CORPUS_DIR.',
  );
}

/** Points the configuration at an in-memory database and a shared cache directory, then forgets cached config. */
export function useTestEnvironment(overrides: Record<string, string | undefined> = {}): void {
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    // The GloVe binary cache is built once per machine and shared by every suite.
    DATA_DIR: join(projectRoot(), 'data', 'test'),
    CORPUS_DIR: SHARED_CORPUS,
    EMBEDDINGS: 'glove',
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    // In-memory embedded, or a new schema on TEST_DATABASE_URL.
    ...testDatabaseEnv(),
    REDIS_URL: undefined,
    AUTO_INGEST: 'false',
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
}

interface ManifestEntry {
  file: string;
  [key: string]: unknown;
}

/** A temporary corpus holding some documents of the shared corpus (copied at test time, not committed). */
export function subsetCorpus(
  files: string[],
  extra: (dir: string, manifest: ManifestEntry[]) => void = () => undefined,
): string {
  const manifest = JSON.parse(readFileSync(join(SHARED_CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const dir = mkdtempSync(join(tmpdir(), 'parley-corpus-'));
  const entries = manifest.filter((e) => files.includes(e.file));
  for (const e of entries) {
    mkdirSync(dirname(join(dir, e.file)), { recursive: true });
    copyFileSync(join(SHARED_CORPUS, e.file), join(dir, e.file));
  }
  extra(dir, entries);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(entries, null, 1));
  return dir;
}

/**
 * A new temporary data directory for a process under test, holding a copy of the GloVe binary cache the suites
 * share (when it exists), which would otherwise be rebuilt from the 300 MB JSON in every new directory.
 */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const glove = join(projectRoot(), 'data', 'test', GLOVE_CACHE_FILE);
  if (existsSync(glove)) copyFileSync(glove, join(dir, GLOVE_CACHE_FILE));
  return dir;
}
