import { join } from 'node:path';
import { z } from 'zod';
import { defaultPromptsDir, readYamlFile } from '@parley/personas';

const Entry = z
  .string()
  .trim()
  .min(1)
  .refine((e) => e === e.toLowerCase() && /^[a-z' ]+$/.test(e), 'must be plain lower-case words');
const Entries = z.array(Entry).min(1);

/** The shape of `prompts/lexicon/moderation.yaml`: word classes, never whole test sentences. */
export const ModerationLexiconSchema = z
  .object({
    source: z.string().trim().min(1),
    firstPerson: Entries,
    intentOpeners: Entries,
    fillers: Entries,
    harm: Entries,
    weaponVerbs: Entries,
    weapons: Entries,
    presentTargets: Entries,
    targetNouns: Entries,
    selfHarmVerbs: Entries,
    selfHarmObjects: Entries,
    selfHarmActs: Entries,
    desireWords: Entries,
    despair: Entries,
  })
  .strict();
export type ModerationLexicon = z.output<typeof ModerationLexiconSchema>;

let cached: ModerationLexicon | null = null;

/** The moderation lexicon in `dir/lexicon/moderation.yaml` (default `prompts/`), read and validated once. */
export function moderationLexicon(dir?: string): ModerationLexicon {
  if (dir) return readYamlFile(join(dir, 'lexicon', 'moderation.yaml'), ModerationLexiconSchema);
  cached ??= readYamlFile(join(defaultPromptsDir(), 'lexicon', 'moderation.yaml'), ModerationLexiconSchema);
  return cached;
}
