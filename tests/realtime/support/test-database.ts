import { Database, runMigrations, startEmbeddedPostgres } from '@parley/database';

export interface SerialTestDatabase {
  database: Database;
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh in-memory embedded database reached through ONE connection. pglite-socket queues each
 * wire-protocol message separately and only keeps a connection's messages together inside an
 * explicit transaction, so two connections running parameterised queries at once can interleave
 * Parse/Bind messages ("bind message supplies 12 parameters, but prepared statement "" requires 4").
 * One connection per process avoids that until libs/database groups messages up to Sync.
 */
export async function createSerialTestDatabase(): Promise<SerialTestDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: 'memory://' });
  const database = Database.connect(server.url, 1);
  await runMigrations(database);
  return {
    database,
    url: server.url,
    async close() {
      await database.close();
      await server.stop();
    },
  };
}
