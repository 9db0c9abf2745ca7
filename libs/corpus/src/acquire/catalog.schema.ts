import { z } from 'zod';
import { ManifestEntrySchema } from '../manifest.schema';

/** The formats the acquisition converters read. */
export const ORIGIN_FORMATS = ['html', 'markdown', 'epub', 'text'] as const;
export type OriginFormat = (typeof ORIGIN_FORMATS)[number];

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits');

/**
 * A paragraph of the converted file, named by a fingerprint of the characters it starts with (whitespace squashed to
 * single spaces), never by its words: `chars` is how many characters (UTF-16 code units) of the paragraph the
 * fingerprint covers, `sha256` the first 16 hexadecimal digits of their SHA-256 (UTF-8). A rule thus survives converter
 * changes that only move spaces, and the catalogue carries no corpus text. `paragraphMarker` makes one.
 */
const MarkerSchema = z.strictObject({
  chars: z.number().int().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lower-case hexadecimal digits'),
});
export type ParagraphMarker = z.infer<typeof MarkerSchema>;

/**
 * Which part of an origin file is the document. The file is converted to paragraphs; `from` is the first
 * paragraph kept (default: the first), `until` the first paragraph after it that is no longer kept (default:
 * none). Each `drop` range, searched in order after the previous one, removes the paragraphs from its `from`
 * up to (not including) its `until`, or only the `from` paragraph when `until` is absent.
 */
export const PartRuleSchema = z.strictObject({
  from: MarkerSchema.optional(),
  until: MarkerSchema.optional(),
  drop: z.array(z.strictObject({ from: MarkerSchema, until: MarkerSchema.optional() })).optional(),
  /** Drop every paragraph that is wholly in square brackets (an editor's summary or note, not the author's). */
  dropBracketed: z.boolean().optional(),
  /** For an EPUB: only the spine items whose path ends with one of these (in spine order). */
  items: z.array(z.string().min(1)).optional(),
  /** Why the rule exists: whose words it leaves out. */
  why: z.string().min(1).optional(),
});
export type PartRule = z.infer<typeof PartRuleSchema>;

export const CatalogFileSchema = z.strictObject({
  path: z.string().min(1),
  bytes: z.number().int().positive(),
  sha256: Sha256Schema,
  part: PartRuleSchema.optional(),
});
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

const facts = ManifestEntrySchema.pick({
  file: true,
  persona: true,
  author: true,
  title: true,
  date: true,
  published: true,
  kind: true,
  translator: true,
  source_url: true,
  license: true,
});

/** One document: the manifest's facts and the pinned origin files its text is converted from, in order. */
export const CatalogEntrySchema = facts.extend({
  license: z.string().trim().min(1),
  format: z.enum(ORIGIN_FORMATS),
  origin: z.strictObject({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be OWNER/NAME'),
    commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-digit commit hash'),
    /** The manifest's `origin.path`: the file, or the folder of a document made of several files. */
    path: z.string().min(1),
    files: z.array(CatalogFileSchema).min(1),
  }),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const CatalogSchema = z
  .strictObject({
    note: z.string(),
    /** Manifest files left out because their origin could not be pinned. */
    unresolved: z.array(z.string()),
    documents: z.array(CatalogEntrySchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    for (const [i, d] of catalog.documents.entries()) {
      if (seen.has(d.file))
        ctx.addIssue({ code: 'custom', path: ['documents', i, 'file'], message: `duplicate file ${d.file}` });
      seen.add(d.file);
    }
  });
export type Catalog = z.infer<typeof CatalogSchema>;
