import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { foldText, phraseAt, type Phrase } from '@parley/text';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import type { Persona } from './persona.schema';

const Entry = z
  .string()
  .trim()
  .min(1)
  .refine((e) => e === e.toLowerCase() && /^[a-z0-9' ]+$/.test(e), 'must be plain lower-case words');
const Entries = z.array(Entry).min(1);

/** The shape of `prompts/lexicon/greetings.yaml`. */
export const GreetingLexiconSchema = z
  .object({ source: z.string().trim().min(20), greetings: Entries, identity: Entries, filler: Entries })
  .strict();
export type GreetingLexicon = z.output<typeof GreetingLexiconSchema>;

const wordsOf = (text: string): string[] => text.match(/[a-z0-9']+/g) ?? [];
const longestFirst = (a: Phrase, b: Phrase) => b.length - a.length;

/**
 * Tells a greeting ("Hello, who are you?") from a question the sources could answer: a greeting is made only of
 * greetings, questions about who the persona is or what to ask, words of address and the persona's own names.
 * Anything else in it ("Hello, what about the banks?") makes it a question.
 */
export class GreetingReader {
  private readonly phrases: Phrase[];
  private readonly filler: Phrase[];

  constructor(lexicon: GreetingLexicon) {
    this.phrases = [...lexicon.greetings, ...lexicon.identity].map(wordsOf).sort(longestFirst);
    this.filler = lexicon.filler.map(wordsOf).sort(longestFirst);
  }

  /** The lexicon in `dir/lexicon/greetings.yaml`, or the project's own when `dir` has none (a test's prompts). */
  static load(dir: string = defaultPromptsDir()): GreetingReader {
    const file = join(dir, 'lexicon', 'greetings.yaml');
    const chosen = existsSync(file) ? file : join(defaultPromptsDir(), 'lexicon', 'greetings.yaml');
    return new GreetingReader(readYamlFile(chosen, GreetingLexiconSchema));
  }

  /** True when `question` only greets `persona` or asks who they are. */
  isGreeting(question: string, persona: Pick<Persona, 'names'>): boolean {
    const words = wordsOf(foldText(question).toLowerCase().replace(/[’‘`]/g, "'"));
    const names = persona.names.map((n) => wordsOf(foldText(n).toLowerCase())).sort(longestFirst);
    let greeted = false;
    // Each step consumes at least one word, so the loop ends.
    for (let i = 0; i < words.length;) {
      const phrase = phraseAt(words, i, this.phrases);
      if (phrase) greeted = true;
      const step = phrase || phraseAt(words, i, names) || phraseAt(words, i, this.filler);
      if (!step) return false;
      i += step;
    }
    return greeted;
  }
}
