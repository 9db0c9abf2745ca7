import { join } from 'node:path';
import { z } from 'zod';
import { IsoDateSchema } from './iso-date';
import type { Persona } from './persona.schema';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import { normaliseForMatch, phraseIndex } from '@parley/text';

const Alias = z
  .string()
  .trim()
  .min(2)
  .refine((a) => a === a.toLowerCase(), 'must be lowercase');

const ContextTopicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug'),
    title: z.string().trim().min(1),
    // When the topic begins: a persona who died earlier gets no note about it.
    date: IsoDateSchema,
    aliases: z.array(Alias).min(1),
    // Stricter phrases for retrieved passages, where single words such as "terror" are too common.
    passageAliases: z.array(Alias).optional(),
    note: z.string().trim().min(1).max(700, 'must stay short (at most 700 characters)'),
  })
  .strict();

/** The shape of `prompts/context-notes.yaml`. */
export const ContextNotesFileSchema = z
  .object({
    label: z.string().trim().min(1),
    topics: z.array(ContextTopicSchema).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.topics.forEach((t, i) => {
      if (seen.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `duplicate id "${t.id}"` });
      seen.add(t.id);
    });
  });
export type ContextNotesFile = z.output<typeof ContextNotesFileSchema>;
export type ContextTopic = ContextNotesFile['topics'][number];

/** A historian's note attached to an answer, out of character and marked as general context. */
export interface ContextNote {
  topic: string;
  title: string;
  note: string;
}

/** Options for `contextNote`; `asOf` limits notes to topics that had begun by then (default: the persona's death). */
export interface ContextNoteOptions {
  asOf?: string;
}

interface Match {
  topic: ContextTopic;
  weight: number;
}

/**
 * The witness policy's context check: for personas with `witness.enabled`, questions (or retrieved passages)
 * that touch documented atrocities get a short, factual historian's note from `prompts/context-notes.yaml`.
 */
export class ContextNotes {
  constructor(private readonly file: ContextNotesFile) {}

  /** The notes in `dir/context-notes.yaml` (default `prompts/`). */
  static load(dir: string = defaultPromptsDir()): ContextNotes {
    return new ContextNotes(readYamlFile(join(dir, 'context-notes.yaml'), ContextNotesFileSchema));
  }

  /** Every topic the notes cover. */
  get topics(): readonly ContextTopic[] {
    return this.file.topics;
  }

  /**
   * The note for the atrocity topic the question names (most aliases matched, then the most specific), or, failing
   * that, the one the passages name most often; null for personas without the witness policy or when nothing matches.
   */
  contextNote(
    question: string,
    passagesText: string | undefined,
    persona: Persona,
    options: ContextNoteOptions = {},
  ): ContextNote | null {
    if (!persona.witness.enabled) return null;
    const bound = options.asOf ?? persona.died;
    const topics = this.file.topics.filter((t) => t.date <= bound);
    const best =
      bestIn(question, topics, (t) => t.aliases, 'specific') ??
      (passagesText ? bestIn(passagesText, topics, (t) => t.passageAliases ?? t.aliases, 'count') : null);
    if (!best) return null;
    return {
      topic: best.id,
      title: best.title,
      note: `${this.file.label} ${best.note}`.replace(/\s+/g, ' ').trim(),
    };
  }

  /** `contextNote` with the arguments in the order the chat pipeline holds them. */
  noteFor(
    question: string,
    persona: Persona,
    passagesText?: string,
    options: ContextNoteOptions = {},
  ): ContextNote | null {
    return this.contextNote(question, passagesText, persona, options);
  }
}

function bestIn(
  text: string,
  topics: readonly ContextTopic[],
  aliasesOf: (t: ContextTopic) => string[],
  by: 'specific' | 'count',
): ContextTopic | null {
  const norm = normaliseForMatch(text);
  const matches: Match[] = [];
  for (const topic of topics) {
    const found = aliasesOf(topic)
      .map((a) => normaliseForMatch(a).trim())
      .filter((a) => phraseIndex(norm, a) >= 0);
    if (found.length === 0) continue;
    // More distinct aliases first, then the most specific (longest in words) alias.
    const weight =
      by === 'specific'
        ? found.length * 100 + Math.max(...found.map((a) => a.split(' ').length))
        : found.length;
    matches.push({ topic, weight });
  }
  // Ties go to the later topic: "the famine" to a persona who lived through both means the later one.
  matches.sort((a, b) => b.weight - a.weight || b.topic.date.localeCompare(a.topic.date));
  return matches[0]?.topic ?? null;
}
