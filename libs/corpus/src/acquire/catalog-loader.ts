import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIssues, projectRoot } from '@parley/core';
import { CatalogSchema, type Catalog } from './catalog.schema';

/** Where the committed catalogue lives. */
export const DEFAULT_CATALOG_PATH = join(projectRoot(), 'sources', 'catalog.json');

export class CatalogError extends Error {}

/** Reads and validates a catalogue; every problem is listed in one CatalogError. */
export function loadCatalog(path = DEFAULT_CATALOG_PATH): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CatalogError(`cannot read the corpus catalogue ${path}: ${(e as Error).message}`);
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success)
    throw new CatalogError(`bad corpus catalogue ${path}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
