import { corpusPathProblem } from '@parley/corpus';
import { z } from 'zod';
import { errorMessage } from '@parley/core';

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

const MAX_PROBLEMS = 10;

/**
 * A dataset file's items, or what is wrong with it, item by item ("item 3: question: …"): a run stops before it
 * starts rather than on the first bad item, half-way through.
 */
export function parseDataset(json: string): { items: EvalItem[]; given: unknown[] } | { problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { problems: [`not JSON: ${errorMessage(e)}`] };
  }
  const parsed = EvalDatasetSchema.safeParse(data);
  // `given` keeps each item exactly as written (no defaults filled in), for the --out file to echo.
  if (parsed.success) return { items: parsed.data, given: data as unknown[] };
  const problems = parsed.error.issues.map((issue) => {
    const [index, ...field] = issue.path;
    const where =
      typeof index === 'number'
        ? `item ${index + 1}${field.length ? `: ${field.join('.')}` : ''}`
        : 'the dataset (a JSON array of items)';
    return `${where}: ${issue.message}`;
  });
  return {
    problems:
      problems.length > MAX_PROBLEMS
        ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
        : problems,
  };
}

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
