import { corpusPathProblem } from '@parley/corpus';
import { z } from 'zod';

export const EvalTypeSchema = z.enum([
  'factual',
  'opinion',
  'paraphrase',
  'anachronism',
  'offtopic',
  'unanswerable',
]);
export type EvalType = z.infer<typeof EvalTypeSchema>;

// The manifest's rule for a corpus-relative path: it must stay inside the corpus.
const CorpusFile = z.string().superRefine((file, ctx) => {
  const problem = corpusPathProblem(file);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A gold passage given by its words: `quote` is an exact substring of the document (DESIGN.md §4). */
const QuoteGold = z.object({ file: CorpusFile, quote: z.string().min(1) });
/**
 * A gold passage given by where it is: characters `[start, end)` of the document's text as ingested, the text
 * citation offsets refer to. Lets a dataset kept in this repository point at the corpus without copying it.
 */
const OffsetGold = z
  .object({ file: CorpusFile, start: z.number().int().nonnegative(), end: z.number().int().positive() })
  .refine((g) => g.end > g.start, { message: 'end must be after start' });
export type Gold = z.infer<typeof QuoteGold> | z.infer<typeof OffsetGold>;

export const EvalItemSchema = z
  .object({
    persona: z.string().min(1),
    question: z.string().min(1).max(2000),
    asOf: z.string().optional(),
    type: EvalTypeSchema,
    gold: z.array(z.union([QuoteGold, OffsetGold])).default([]),
  })
  .passthrough();
export type EvalItem = z.infer<typeof EvalItemSchema>;

export const EvalDatasetSchema = z.array(EvalItemSchema);

export const ANSWERABLE: readonly EvalType[] = ['factual', 'opinion', 'paraphrase'];

/** The refusal an item of each type expects (null: an answer). */
export function expectedRefusal(type: EvalType): string | null {
  switch (type) {
    case 'anachronism':
      return 'anachronism';
    case 'offtopic':
      return 'off_topic';
    case 'unanswerable':
      return 'no_sources';
    case 'factual':
    case 'opinion':
    case 'paraphrase':
      return null;
  }
}
