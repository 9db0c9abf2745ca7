import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '@parley/core';
import type { Database } from './database';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const logger = new Logger('Migrations');

/** The ordered SQL migrations shipped in `libs/database/migrations` (`NNN_name.sql`). */
export function loadMigrations(dir = join(projectRoot(), 'libs', 'database', 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies pending migrations, each in its own transaction, and records them; safe to run from several processes. */
export async function runMigrations(db: Database, migrations = loadMigrations()): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  // Most starts find every migration applied: one read settles it, without a transaction and lock per migration.
  const recorded = new Map(
    (await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).map(
      (r) => [r.name, r.checksum],
    ),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const checksum = recorded.get(m.name);
    if (checksum !== undefined) {
      if (checksum !== m.checksum) warnChanged(m.name);
      continue;
    }
    const done = await db.transaction(async (client) => {
      // One migrator at a time across processes sharing the database.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['parley.migrations']);
      const rows = await client.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE name = $1',
        [m.name],
      );
      if (rows.rows.length > 0) {
        if (rows.rows[0].checksum !== m.checksum) warnChanged(m.name);
        return false;
      }
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
  return applied;
}

function warnChanged(name: string): void {
  logger.warn(`migration ${name} changed after it was applied; it is not applied again`);
}
