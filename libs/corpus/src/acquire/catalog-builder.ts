import { z } from 'zod';
import { ManifestEntrySchema } from '../manifest.schema';
import {
  CatalogSchema,
  ORIGIN_FORMATS,
  PartRuleSchema,
  type Catalog,
  type CatalogEntry,
} from './catalog.schema';

/** `origin-files.json`: for each manifest file, the pinned origin files its text came from, in order. */
export const OriginFilesSchema = z.array(
  z.looseObject({
    file: z.string().min(1),
    repo: z.string().optional(),
    commit: z.string().optional(),
    format: z.enum(ORIGIN_FORMATS).optional(),
    files: z.array(z.object({ path: z.string(), bytes: z.number(), sha256: z.string() })).optional(),
    unresolved: z.unknown().optional(),
  }),
);

/** `sources/catalog-parts.json`: per document file, per origin path, which part of the file is the document. */
export const PartRulesSchema = z.record(z.string(), z.record(z.string(), PartRuleSchema));
export type PartRules = z.infer<typeof PartRulesSchema>;

const NOTE =
  'Facts about each corpus document and the pinned public files its text is converted from (never the text). ' +
  'Built by `npm run corpus:catalog` from the corpus manifest, origin-files.json and sources/catalog-parts.json; ' +
  'a file\u2019s `part` says which paragraphs are the document, so nobody else\u2019s words reach a persona.';

/**
 * Joins the manifest's facts with the origin files and the part rules into a validated catalogue. Entries the
 * origin list marks `unresolved` (or gives no files for) are left out and named in `unresolved`.
 */
export function buildCatalog(manifestJson: unknown, originJson: unknown, rulesJson: unknown): Catalog {
  const manifest = z.array(ManifestEntrySchema).parse(manifestJson);
  const origins = new Map(OriginFilesSchema.parse(originJson).map((o) => [o.file, o]));
  const rules = PartRulesSchema.parse(rulesJson);
  const documents: CatalogEntry[] = [];
  const unresolved: string[] = [];
  for (const m of manifest) {
    const o = origins.get(m.file);
    if (!o || o.unresolved || !o.files?.length || !o.repo || !o.commit || !o.format) {
      unresolved.push(m.file);
      continue;
    }
    const fileRules = rules[m.file] ?? {};
    documents.push({
      file: m.file,
      persona: m.persona,
      author: m.author,
      title: m.title,
      date: m.date,
      ...(m.published ? { published: m.published } : {}),
      ...(m.kind ? { kind: m.kind } : {}),
      ...(m.translator ? { translator: m.translator } : {}),
      ...(m.source_url ? { source_url: m.source_url } : {}),
      license: m.license ?? 'unknown',
      format: o.format,
      origin: {
        repo: o.repo,
        commit: o.commit,
        path: m.origin?.path ?? o.files[0].path,
        files: o.files.map((f) => ({
          path: f.path,
          bytes: f.bytes,
          sha256: f.sha256,
          ...(fileRules[f.path] ? { part: fileRules[f.path] } : {}),
        })),
      },
    });
  }
  const unknownRules = Object.keys(rules).filter((f) => !documents.some((d) => d.file === f));
  if (unknownRules.length) throw new Error(`part rules for unknown documents: ${unknownRules.join(', ')}`);
  return CatalogSchema.parse({ note: NOTE, unresolved, documents });
}
