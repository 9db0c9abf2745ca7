export { Database, poolBusyError, type Queryable } from './database';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded-postgres';
export { loadMigrations, runMigrations, type Migration } from './migrations';
export { bindNamed } from './named-parameters';
export { openDatabase, type DatabaseHandle } from './database.provider';
export { DATABASE_HANDLE, DatabaseModule } from './database.module';
