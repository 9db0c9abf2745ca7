import { z } from 'zod';
import { IsoDateSchema, PersonaIdSchema } from './common.schema';

export const SearchQuerySchema = z.object({
  persona: PersonaIdSchema,
  q: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  k: z.coerce.number().int().min(1).max(50).default(10),
  asOf: IsoDateSchema.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** One ranked passage: chunk text with exact document offsets, its document's metadata and the three scores. */
export const PassageSchema = z.object({
  rank: z.number().int(),
  chunkId: z.string(),
  documentId: z.string(),
  source: z.string(),
  persona: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
  url: z.string().nullable(),
  heading: z.string().nullable(),
  speaker: z.string().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  scores: z.object({ vector: z.number().nullable(), text: z.number().nullable(), fused: z.number() }),
});
export type Passage = z.infer<typeof PassageSchema>;

export const SearchResponseSchema = z.object({
  persona: z.string(),
  query: z.string(),
  asOf: z.string().nullable(),
  embedder: z.string(),
  passages: z.array(PassageSchema),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
