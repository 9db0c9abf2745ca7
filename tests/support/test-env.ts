import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resetConfigCache } from '@parley/config';
import { projectRoot } from '@parley/core';
import { GLOVE_CACHE_FILE } from '@parley/embeddings';
import { FIXTURE_CORPUS_DIR, FIXTURE_PERSONAS_DIR } from './fixture-corpus';

export { FIXTURE_CORPUS_DIR, FIXTURE_PERSONAS_DIR } from './fixture-corpus';
import { testDatabaseEnv } from '../../libs/database/src/testing';

/**
 * Points the configuration at an in-memory database, a shared cache directory, the fixture corpus and the fixture
 * personas, then forgets cached config.
 */
export function useTestEnvironment(overrides: Record<string, string | undefined> = {}): void {
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    // The GloVe binary cache is built once per machine and shared by every suite.
    DATA_DIR: join(projectRoot(), 'data', 'test'),
    CORPUS_DIR: FIXTURE_CORPUS_DIR,
    PERSONAS_DIR: FIXTURE_PERSONAS_DIR,
    EMBEDDINGS: 'glove',
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    // In-memory embedded, or a new schema on TEST_DATABASE_URL.
    ...testDatabaseEnv(),
    REDIS_URL: undefined,
    AUTO_INGEST: 'false',
    // Every suite asks from 127.0.0.1: the per-address chat budget is relaxed here, and the suites that test
    // it (tests/security/chat-rate-limit*.test.ts) set these back to the defaults (undefined) or their own.
    CHAT_RATE_BURST: '100000',
    CHAT_RATE_PER_MINUTE: '100000',
    CHAT_MAX_CONCURRENT: '1000',
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

/**
 * A temporary corpus holding some documents of the fixture corpus (`FIXTURE_DOCS`); `extra` may add files and
 * entries before the manifest is written. A file the fixture corpus does not have is an error, not an empty corpus.
 */
export function subsetCorpus(
  files: string[],
  extra: (dir: string, manifest: ManifestEntry[]) => void = () => undefined,
): string {
  const manifest = JSON.parse(
    readFileSync(join(FIXTURE_CORPUS_DIR, 'manifest.json'), 'utf8'),
  ) as ManifestEntry[];
  const unknown = files.filter((f) => !manifest.some((e) => e.file === f));
  if (unknown.length > 0)
    throw new Error(`Not in the fixture corpus (tests/fixtures/corpus): ${unknown.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'parley-corpus-'));
  const entries = manifest.filter((e) => files.includes(e.file));
  for (const e of entries) {
    mkdirSync(dirname(join(dir, e.file)), { recursive: true });
    copyFileSync(join(FIXTURE_CORPUS_DIR, e.file), join(dir, e.file));
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
