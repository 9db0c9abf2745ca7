// `npm run db:serve` without the build step: the same command code, run from the sources.
import 'reflect-metadata';
import { parseArgs } from '../../../../apps/cli/src/args';
import { dbServeCommand } from '../../../../apps/cli/src/commands/db-serve.command';

dbServeCommand(parseArgs(process.argv.slice(2), [])).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
