import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import { TopicModelSchema } from './topic-model';

/** The shape of `prompts/topic-guard.yaml`: the topic guard's few numbers and how they were chosen. */
export const TopicPolicySchema = z
  .object({
    source: z.string().min(1),
    /** Pseudo-words of general English mixed into the corpus counts (Dirichlet smoothing). */
    priorWords: z.number().positive(),
    /** A question whose everyday signal is above this is off-topic. */
    threshold: z.number(),
    /** Added to the threshold when the question asks the persona about their own life or views. */
    addressedMargin: z.number().nonnegative(),
    /** Scale the evidence of a word the corpus lacks by the chance the corpus would hold it (see `everydaySignal`). */
    weighAbsence: z.boolean().default(false),
    /** Neighbours in word-vector space that stand for a word the corpus lacks (0: off; see `TopicGuard.useWordSpace`). */
    neighbours: z.number().int().nonnegative().default(0),
    /** How much the neighbours' ratio replaces an absent word's own (0..1; 1: wholly). */
    neighbourMix: z.number().min(0).max(1).default(1),
    /** Weight of the WordNet-domain signal added to the everyday signal (0: the everyday signal alone). */
    domainWeight: z.number().nonnegative().default(0),
    /** How little a word's senses follow the question's other words (see `DomainProfile.signal`). */
    contextPrior: z.number().positive().default(0.1),
    /**
     * The per-word sense decision (`CorpusSenses`, GloVe word vectors): a word the corpus favours (everyday ratio below
     * 0) whose question context sits more than `senseBar` standard deviations below its corpus contexts is used in
     * another sense and counts 0, and no topic of the persona rests on it. Absent: no sense decision.
     */
    senseBar: z.number().optional(),
    /**
     * The converse: an everyday word (ratio above 0) whose question context sits above `senseOnBar` standard
     * deviations of its corpus contexts is used as the corpus uses it and counts 0. Absent: off.
     */
    senseOnBar: z.number().optional(),
    /**
     * Bars of the decision after retrieval (`TopicGuard.afterRetrieval`): a question the guard let through is off topic
     * when its sense signal against the retrieved passages is above `declined` (the passages hold no answer) or above
     * `answered` (they would answer it); each raised by `addressedMargin` for a question put to the persona. Absent:
     * no decision after retrieval.
     */
    afterRetrieval: z
      .object({
        declined: z.number(),
        answered: z.number(),
        /** Where another word of the question shows a word's sense: the same passage, or the same sentence. */
        context: z.enum(['sentence', 'passage']).default('passage'),
        /** Weight of the most everyday word that no passage holds, added to the sense signal (0: none). */
        absentWeight: z.number().nonnegative().default(0),
        /**
         * The per-word sense decision after retrieval: a corpus word (ratio below 0) that the passages hold beside
         * another word of the question, but whose question context sits below this centred cosine with its corpus
         * contexts (`CorpusSenses`), counts 0 instead of its ratio. Absent: off.
         */
        senseBar: z.number().optional(),
        /**
         * The switch of the learned decision: true → the logistic model of `prompts/topic-model.yaml` (`model`)
         * decides instead of the bars `declined`, `answered` and `absentWeight` (`senseBar` still names the words used
         * in another sense, one of its features). False or absent: the bars.
         */
        learned: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** The learned decision after retrieval, read from `topic-model.yaml` beside this file (see `loadTopicPolicy`). */
    model: TopicModelSchema.optional(),
  })
  .strict();
export type TopicPolicy = z.output<typeof TopicPolicySchema>;

/** The shape of `prompts/topic-model.yaml`, written by `npm run bench -- topic-model --write`. */
export const TopicModelFileSchema = z
  .object({
    source: z.string().trim().min(20, 'say how the model was fitted'),
    model: TopicModelSchema,
    /** What the fit measured, kept beside the numbers it justifies. */
    crossValidation: z.unknown().optional(),
  })
  .strict();

/** The policy in `dir/topic-guard.yaml` (default `prompts/`), with the learned model of `dir/topic-model.yaml` if any. */
export function loadTopicPolicy(dir: string = defaultPromptsDir()): TopicPolicy {
  const policy = readYamlFile(join(dir, 'topic-guard.yaml'), TopicPolicySchema);
  const modelFile = join(dir, 'topic-model.yaml');
  if (policy.model || !existsSync(modelFile)) return policy;
  return { ...policy, model: readYamlFile(modelFile, TopicModelFileSchema).model };
}
