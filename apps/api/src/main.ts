import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { ConfigError, dataDir, loadConfig } from '@parley/config';
import { TopicCorpus } from '@parley/chat';
import { findCorpusDir, IngestService, summarise } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { createApp } from './create-app';
import { exitGracefullyOnSignals } from './lifecycle/graceful-shutdown';

// Start-up logs one line per phase with its time: database (from the database provider), corpus (checked or
// ingested), word vectors (from the GloVe cache, after listening: queries wait for them, readiness does not), ready;
// after listening too, the topic guard's corpus profile.
async function main(): Promise<void> {
  const logger = new Logger('Main');
  const config = loadConfig();
  const corpus = findCorpusDir(config.CORPUS_DIR, dataDir(config));
  if (!corpus.dir) {
    process.stderr.write(
      `No corpus found. Looked in:\n${corpus.tried.map((t) => `  - ${t}`).join('\n')}\n` +
        'Point CORPUS_DIR at a directory holding manifest.json and the texts, e.g.\n' +
        '  CORPUS_DIR=/path/to/corpus npm start\n' +
        'or run `npm start` without CORPUS_DIR to download the corpus.\n',
    );
    process.exit(2);
  }
  const app = await createApp();
  const ingest = app.get(IngestService);
  const known = app.get(PersonaRegistry).ids();
  if (config.AUTO_INGEST) {
    const checking = Date.now();
    if (await ingest.isStale(corpus.dir, known)) {
      logger.log(`corpus at ${corpus.dir} changed since the last ingest; ingesting`);
      const report = await ingest.ingest({ corpusDir: corpus.dir, knownPersonas: known, progress: true });
      if (report.problems.length) logger.warn(summarise(report));
    } else {
      logger.log(
        `corpus unchanged since the last ingest (checked in ${Date.now() - checking} ms): ${corpus.dir}`,
      );
    }
  }
  if (!(await ingest.restoreEmbedderState({ loadVectors: false }))) {
    logger.warn('the corpus has not been ingested yet: run `npm run ingest`');
  }
  await app.listen(config.PORT, config.HOST);
  exitGracefullyOnSignals(app, config.SHUTDOWN_GRACE_MS);
  logger.log(
    `Parley is listening on http://${config.HOST}:${config.PORT} (API docs at /api/docs); ` +
      `ready in ${Math.round(performance.now())} ms (CPU ${cpuMs()} ms)`,
  );
  // After listening: the first question waits for the vectors if it comes before they are loaded.
  ingest.loadWordVectors().catch((e: unknown) => {
    logger.error(`cannot load the word vectors: ${(e as Error)?.message ?? String(e)}`);
  });
  // Likewise the topic guard's corpus profile (word counts, WordNet domains), which the first question would build.
  app.get(TopicCorpus).warm();
}

/** CPU time of this process so far: unlike the wall time, it hardly depends on what else the machine is doing. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`Parley failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
