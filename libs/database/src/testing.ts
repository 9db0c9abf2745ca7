import { parseConfig } from '@parley/config';
import { openDatabase, type DatabaseHandle } from './database.provider';

/** A fresh, migrated, in-memory embedded database reached through `pg`, for tests. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  return openDatabase(parseConfig({ PGLITE_DATA_DIR: 'memory://' }));
}
