import { join } from 'node:path';
import { z } from 'zod';
import { defaultPromptsDir, readYamlFile } from './prompt-file';

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
  })
  .strict();
export type TopicPolicy = z.output<typeof TopicPolicySchema>;

/** The policy in `dir/topic-guard.yaml` (default `prompts/`). */
export function loadTopicPolicy(dir: string = defaultPromptsDir()): TopicPolicy {
  return readYamlFile(join(dir, 'topic-guard.yaml'), TopicPolicySchema);
}
