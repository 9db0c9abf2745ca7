import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { RelevanceModelSchema } from '@parley/llm';
import { load } from 'js-yaml';
import { z } from 'zod';

/** `prompts/relevance-model.yaml`: the fitted relevance model, the bar chosen with it, and how both were made. */
export const RelevanceModelFileSchema = z
  .object({
    source: z.string().trim().min(20, 'say how the model was fitted'),
    model: RelevanceModelSchema,
    /** The relevance bar chosen on the development sets for the target precision. */
    minRelevance: z.number().min(0).max(1),
    /** What the fit measured (cross-validation per fold), kept beside the numbers it justifies. */
    crossValidation: z.unknown().optional(),
  })
  .strict();
export type RelevanceModelFile = z.infer<typeof RelevanceModelFileSchema>;

export const RELEVANCE_MODEL_PATH = join('prompts', 'relevance-model.yaml');

/** Reads and validates the relevance model file; throws naming the file and the bad field. */
export function readRelevanceModelFile(path = join(projectRoot(), RELEVANCE_MODEL_PATH)): RelevanceModelFile {
  const parsed = RelevanceModelFileSchema.safeParse(load(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${path}: ${issues}`);
  }
  return parsed.data;
}
