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

export const EvalItemSchema = z
  .object({
    persona: z.string().min(1),
    question: z.string().min(1).max(2000),
    asOf: z.string().optional(),
    type: EvalTypeSchema,
    gold: z.array(z.object({ file: z.string().min(1), quote: z.string().min(1) })).default([]),
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
