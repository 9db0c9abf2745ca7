import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { load } from 'js-yaml';
import { z } from 'zod';
import { RerankModelSchema } from './rerank-model';

/** `prompts/rerank-model.yaml`: the fitted re-ranking model and how it was made (written by `npm run eval -- --fit-rerank --write`). */
export const RerankModelFileSchema = z
  .object({
    source: z.string().trim().min(20, 'say how the model was fitted'),
    model: RerankModelSchema,
    /** What the fit measured (cross-validation per fold), kept beside the numbers it justifies. */
    crossValidation: z.unknown().optional(),
  })
  .strict();
export type RerankModelFile = z.infer<typeof RerankModelFileSchema>;

export const RERANK_MODEL_PATH = join('prompts', 'rerank-model.yaml');

/** Reads and validates the re-ranking model file; null when there is none; throws naming the file and the bad field. */
export function readRerankModelFile(path = join(projectRoot(), RERANK_MODEL_PATH)): RerankModelFile | null {
  if (!existsSync(path)) return null;
  const parsed = RerankModelFileSchema.safeParse(load(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${path}: ${issues}`);
  }
  return parsed.data;
}
