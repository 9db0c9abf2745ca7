import 'reflect-metadata';
import { ConfigError } from '@parley/config';
import { isAppError, errorMessage, unreported } from '@parley/core';
import { parseArgs, type Args } from './args';
import { askCommand } from './commands/ask.command';
import { benchCommand } from './commands/bench.command';
import { corpusCatalogCommand } from './commands/corpus-catalog.command';
import { corpusDownloadCommand } from './commands/corpus-download.command';
import { dbServeCommand } from './commands/db-serve.command';
import { evalCommand } from './commands/eval.command';
import { fitRelevanceCommand } from './commands/fit-relevance.command';
import { ingestCommand } from './commands/ingest.command';
import { searchCommand } from './commands/search.command';

const BOOLEAN_FLAGS = [
  'json',
  'retrieval-only',
  'fit-retrieval',
  'per-item',
  'historian',
  'help',
  'no-migrate',
];

const commands: Record<string, (args: Args) => Promise<number>> = {
  ingest: ingestCommand,
  'corpus:download': corpusDownloadCommand,
  'corpus:catalog': corpusCatalogCommand,
  search: searchCommand,
  ask: askCommand,
  eval: evalCommand,
  'eval:fit': fitRelevanceCommand,
  'db:serve': dbServeCommand,
  bench: benchCommand,
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: parley <${Object.keys(commands).join('|')}> [options]\n`);
    return 2;
  }
  return command(parseArgs(rest, BOOLEAN_FLAGS));
}

main().then(
  (code) => process.exit(code),
  (thrown: unknown) => {
    const e = unreported(thrown);
    if (e instanceof ConfigError || isAppError(e)) process.stderr.write(`${errorMessage(e)}\n`);
    else process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
