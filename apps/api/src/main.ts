import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@parley/config';
import { findCorpusDir, IngestService, summarise } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { createApp } from './create-app';
import { exitGracefullyOnSignals } from './lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  const config = loadConfig();
  const corpus = findCorpusDir(config.CORPUS_DIR);
  if (!corpus.dir) {
    process.stderr.write(
      `No corpus found. Looked in:\n${corpus.tried.map((t) => `  - ${t}`).join('\n')}\n` +
        'Point CORPUS_DIR at a directory holding manifest.json and the texts, e.g.\n' +
        '  CORPUS_DIR=/path/to/corpus npm start\n',
    );
    process.exit(2);
  }
  const app = await createApp();
  const ingest = app.get(IngestService);
  const personas = app.get(PersonaRegistry);
  const known = personas.ids();
  if (config.AUTO_INGEST && (await ingest.isStale(corpus.dir, known))) {
    logger.log(`corpus at ${corpus.dir} changed since the last ingest; ingesting`);
    const report = await ingest.ingest({ corpusDir: corpus.dir, knownPersonas: known, progress: true });
    if (report.problems.length) logger.warn(summarise(report));
  }
  if (!(await ingest.restoreEmbedderState())) {
    logger.warn('the corpus has not been ingested yet: run `npm run ingest`');
  }
  await app.listen(config.PORT, config.HOST);
  exitGracefullyOnSignals(app, config.SHUTDOWN_GRACE_MS);
  logger.log(`Parley is listening on http://${config.HOST}:${config.PORT} (API docs at /api/docs)`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`Parley failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
