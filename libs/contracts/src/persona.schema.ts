import { z } from 'zod';

/** `GET /api/personas`: one card per persona, with how many of its documents are ingested. */
export const PersonaSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  born: z.string(),
  died: z.string(),
  /** The "as of" date a question gets when it names none. */
  asOf: z.string(),
  description: z.string(),
  /** Questions to start with, which the persona's documents answer (3–5, our own words). */
  starters: z.array(z.string()),
  documents: z.number().int().min(0),
});
export type PersonaSummary = z.infer<typeof PersonaSummarySchema>;

export const PersonaListSchema = z.array(PersonaSummarySchema);
export type PersonaList = z.infer<typeof PersonaListSchema>;

/** One of a persona's documents as listed: its metadata, never its text. */
export const SourceSummarySchema = z.object({
  id: z.string(),
  /** The corpus-relative path (`lenin/letter-to-the-congress.txt`), a second stable name of the document. */
  source: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
  kind: z.string().nullable(),
  translator: z.string().nullable(),
  url: z.string().nullable(),
  license: z.string().nullable(),
});
export type SourceSummary = z.infer<typeof SourceSummarySchema>;

/** `GET /api/personas/:id`: the card, the biography and topics, and every document in date order. */
export const PersonaDetailSchema = PersonaSummarySchema.extend({
  biography: z.string(),
  topics: z.array(z.string()),
  sources: z.array(SourceSummarySchema),
});
export type PersonaDetail = z.infer<typeof PersonaDetailSchema>;

/** `GET /api/documents/:id`: a document's metadata and its full text, the text every citation offset points into. */
export const SourceDocumentSchema = SourceSummarySchema.extend({
  persona: z.string(),
  /** When the text was first published, if that differs from when it was written. */
  published: z.string().nullable(),
  /** SHA-256 of the origin file the text was converted from. */
  sha256: z.string(),
  text: z.string(),
});
export type SourceDocument = z.infer<typeof SourceDocumentSchema>;
