import type { AppConfig } from '@parley/config';
import { z } from 'zod';

/**
 * Every tunable number of the answer pipeline, in one validated object. Each line says how its value was chosen;
 * evaluation varies them per call (`GenerateInput.policy`), never by changing a shared service.
 */
export const AnswerPolicySchema = z
  .object({
    /** Passages handed to the drafter (model or extractive): the prompt's budget of about 8 × 180 words. */
    passages: z.number().int().min(1).max(20),
    /** Of those, the best-ranked the extractive answer reads (5, unchanged from earlier stops). */
    extractivePassages: z.number().int().min(1).max(20),
    /** Passages of one document an answer draws on (retrieval has no per-document cap): 2, as the issue fixes. */
    maxPerDocument: z.number().int().min(1).max(20),
    /**
     * Relevance (0..1) the best evidence must reach for an answer to be given; below it the persona abstains.
     * 0.4: chosen on the development sets (dev and validation, 68 answerable questions) from `npm run eval`'s
     * risk–coverage table. Precision hardly moves between 0.35 and 0.5 (dev 0.45–0.60, validation 0.55–0.59) while
     * coverage falls fast; at 0.4 dev answers 0.70 with 0.50 citing gold, validation 0.60 with 0.59 (at 0.2, the
     * earlier bar: 1.00 / 0.39 and 0.96 / 0.44). At 0.45 validation's paraphrased questions were all refused.
     */
    minRelevance: z.number().min(0).max(1),
    /**
     * The bar for a debate turn, where the teacher set the motion and a speaker must answer it: 0.2, the bar every
     * answer had before selective answering (a turn abstains only when almost nothing in the sources bears on it).
     */
    minDebateRelevance: z.number().min(0).max(1),
    /** Share of the question's named subjects (capitalised phrases) the passages must mention. */
    minSubjectCoverage: z.number().min(0).max(1),
  })
  .strict();

export type AnswerPolicy = z.infer<typeof AnswerPolicySchema>;

export const DEFAULT_ANSWER_POLICY: AnswerPolicy = AnswerPolicySchema.parse({
  passages: 8,
  extractivePassages: 5,
  maxPerDocument: 2,
  minRelevance: 0.4,
  minDebateRelevance: 0.2,
  minSubjectCoverage: 0.5,
});

/** The default policy with what the operator configured (`ANSWER_MIN_RELEVANCE`). */
export function configuredAnswerPolicy(config: Pick<AppConfig, 'ANSWER_MIN_RELEVANCE'>): AnswerPolicy {
  return AnswerPolicySchema.parse({
    ...DEFAULT_ANSWER_POLICY,
    minRelevance: config.ANSWER_MIN_RELEVANCE ?? DEFAULT_ANSWER_POLICY.minRelevance,
  });
}
