import { join } from 'node:path';
import { dataDir, loadConfig } from '@parley/config';
import { Database, runMigrations, startEmbeddedPostgres } from '@parley/database';
import { flag, stringOption, type Args } from '../args';

/**
 * `npm run db:serve -- --port 5433`: serves the embedded database to other processes until interrupted. With
 * `--no-migrate` its `public` schema stays without Parley's tables, for `TEST_DATABASE_URL` (a test schema whose
 * table is missing must not find `public`'s instead).
 */
export async function dbServeCommand(args: Args): Promise<number> {
  const config = loadConfig();
  const port = Number(stringOption(args, 'port') ?? 5433);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const dir = stringOption(args, 'data-dir') ?? config.PGLITE_DATA_DIR ?? join(dataDir(config), 'pglite');
  const server = await startEmbeddedPostgres({ dataDir: dir, port, host, maxConnections: 64 });
  if (!flag(args, 'no-migrate')) {
    const db = Database.connect(server.url, 2);
    await runMigrations(db);
    await db.close();
  }
  process.stdout.write(`Serving ${dir} at ${server.url}\nUse it with DATABASE_URL=${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
}
