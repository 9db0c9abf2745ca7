import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '@parley/core';
import { DEFAULT_CATALOG_PATH, buildCatalog } from '@parley/corpus';
import { stringOption, type Args } from '../args';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/**
 * `npm run corpus:catalog -- [--manifest ../shared/corpus/manifest.json] [--origin ../shared/corpus/origin-files.json]
 * [--parts sources/catalog-parts.json] [--out sources/catalog.json]`: writes the catalogue (facts, never text).
 */
export async function corpusCatalogCommand(args: Args): Promise<number> {
  const shared = resolve(projectRoot(), '..', 'shared', 'corpus');
  const manifest = resolve(stringOption(args, 'manifest') ?? join(shared, 'manifest.json'));
  const origin = resolve(stringOption(args, 'origin') ?? join(shared, 'origin-files.json'));
  const parts = resolve(stringOption(args, 'parts') ?? join(projectRoot(), 'sources', 'catalog-parts.json'));
  const out = resolve(stringOption(args, 'out') ?? DEFAULT_CATALOG_PATH);
  const catalog = buildCatalog(readJson(manifest), readJson(origin), readJson(parts));
  writeFileSync(out, `${JSON.stringify(catalog, null, 2)}\n`);
  const files = catalog.documents.reduce((n, d) => n + d.origin.files.length, 0);
  process.stdout.write(
    `Wrote ${out}: ${catalog.documents.length} documents from ${files} origin files` +
      (catalog.unresolved.length ? `; left out (unresolved): ${catalog.unresolved.join(', ')}` : '') +
      '\n',
  );
  return Promise.resolve(0);
}
