import type { AppConfig } from '@parley/config';
import { RelevanceModelSchema } from '@parley/llm';
import { z } from 'zod';
import { readRelevanceModelFile } from './relevance-model.file';

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
     * Relevance (0..1) the best evidence must reach for an answer to be given; below it the persona abstains. With
     * the relevance model, the bar is chosen with it on the development sets for a target precision, by the command
     * that fitted it (`prompts/relevance-model.yaml` says which, and what each cross-validation fold measured).
     */
    minRelevance: z.number().min(0).max(1),
    /**
     * The bar for a debate turn, where the teacher set the motion and a speaker must answer it: lenient, so that a
     * turn abstains only when almost nothing in the sources bears on it. 0.02 on the relevance model's scale, where
     * the development sets answer 0.93–0.96 of answerable questions (as the old bar of 0.2 did on the old score).
     */
    minDebateRelevance: z.number().min(0).max(1),
    /** Share of the question's named subjects (capitalised phrases) the passages must mention. */
    minSubjectCoverage: z.number().min(0).max(1),
    /**
     * The logistic model that scores every candidate sentence (`prompts/relevance-model.yaml`); absent, a sentence's
     * relevance is its weighted word coverage blended with its similarity to the question (the earlier score).
     */
    relevanceModel: RelevanceModelSchema.optional(),
    /**
     * A question asking for a person, a time, a place or a number (who, when, where, how many) is answered only
     * from sentences holding one (a name, a date, a number) in a document using its most telling word; else the
     * persona abstains. On: a who-question answered by naming whoever the passages mention is a wrong answer, not
     * a weak one (issue 16). The relevance model also weighs this (`answerType`), fitted with the gate on.
     */
    requireAnswerType: z.boolean(),
  })
  .strict();

export type AnswerPolicy = z.infer<typeof AnswerPolicySchema>;

const fitted = readRelevanceModelFile();

export const DEFAULT_ANSWER_POLICY: AnswerPolicy = AnswerPolicySchema.parse({
  passages: 8,
  extractivePassages: 5,
  maxPerDocument: 2,
  minRelevance: fitted.minRelevance,
  minDebateRelevance: 0.02,
  minSubjectCoverage: 0.5,
  relevanceModel: fitted.model,
  requireAnswerType: true,
});

/** The default policy with what the operator configured (`ANSWER_MIN_RELEVANCE`). */
export function configuredAnswerPolicy(config: Pick<AppConfig, 'ANSWER_MIN_RELEVANCE'>): AnswerPolicy {
  return AnswerPolicySchema.parse({
    ...DEFAULT_ANSWER_POLICY,
    minRelevance: config.ANSWER_MIN_RELEVANCE ?? DEFAULT_ANSWER_POLICY.minRelevance,
  });
}
