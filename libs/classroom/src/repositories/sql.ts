import type { QueryResultRow } from 'pg';
import type { Queryable } from '@parley/database';

/** Runs one parameterised statement on a pool or a transaction's client and returns its rows. */
export async function rows<T extends QueryResultRow>(
  q: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result = await q.query<T>(sql, params);
  return result.rows;
}

export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}
