import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { dataDir, loadConfig } from '@parley/config';
import { findCorpusDir, IngestService } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { CliModule } from './cli.module';

/** A Nest application context for a CLI command; logs only warnings and errors so command output stays readable. */
export async function cliContext(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
}

/** The corpus directory, or a clear message and exit code 2 when none is found. */
export function requireCorpusDir(): string {
  const config = loadConfig();
  const found = findCorpusDir(config.CORPUS_DIR, dataDir(config));
  if (found.dir) return found.dir;
  process.stderr.write(
    `No corpus found. Looked in:\n${found.tried.map((t) => `  - ${t}`).join('\n')}\nSet CORPUS_DIR to a directory holding manifest.json, or run \`npm start\` to download the corpus.\n`,
  );
  process.exit(2);
}

/** Makes sure the database holds the current corpus and the embedder can embed queries. */
export async function ensureReady(app: INestApplicationContext): Promise<void> {
  const ingest = app.get(IngestService);
  const known = app.get(PersonaRegistry).ids();
  const dir = requireCorpusDir();
  if (await ingest.isStale(dir, known))
    await ingest.ingest({ corpusDir: dir, knownPersonas: known, progress: true });
  await ingest.restoreEmbedderState();
}
