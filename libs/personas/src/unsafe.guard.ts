import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import {
  moderationSentences,
  moderationWords,
  normaliseForModeration,
  phraseAt,
  phraseWithin,
  type Phrase,
} from '@parley/text';

const Entry = z
  .string()
  .trim()
  .min(1)
  .refine((e) => e === e.toLowerCase() && /^[a-z0-9' -]+$/.test(e), 'must be plain lower-case words');
const Entries = z.array(Entry).min(1);

/** The shape of `prompts/lexicon/unsafe.yaml`: word classes of request framing and harm. */
export const UnsafeLexiconSchema = z
  .object({
    source: z.string().trim().min(1),
    howTo: Entries,
    methodVerbs: Entries,
    weapons: Entries,
    violenceVerbs: Entries,
    askFrames: Entries,
    endorseVerbs: Entries,
    writeVerbs: Entries,
    endorseLinks: Entries,
    argueFrames: Entries,
    approval: Entries,
    atrocityTargets: Entries,
    hateWords: Entries,
  })
  .strict();
export type UnsafeLexicon = z.output<typeof UnsafeLexiconSchema>;

/** Why a question was judged unsafe: it asks for a method of violence, or for an endorsement of atrocity or hate. */
export interface UnsafeVerdict {
  kind: 'instructions' | 'endorsement';
  reason: string;
}

type Classes = { [K in Exclude<keyof UnsafeLexicon, 'source'>]: Phrase[] };

// Words after a frame within which its object must come.
const METHOD_GAP = 3;
const TARGET_WINDOW = 8;
// A request may open after a short address: "Comrade chairman, justify…".
const MAX_ADDRESS_WORDS = 4;
const QUESTION_WORDS = new Set(['why', 'how', 'what', 'when', 'where', 'who', 'whether', 'if']);

/**
 * Offline check for unsafe requests, run before retrieval in both modes. It tells a request from a question by its
 * framing: an imperative or a request frame ("can you", "I want you to") before a verb of endorsement or writing,
 * or a how-to frame before a method of violence or a weapon. Questions about the past ("Why did you justify the
 * terror?", "What did you write about terror?") carry none of these frames and are answered.
 */
export class UnsafeGuard {
  private readonly c: Classes;

  constructor(lexicon: UnsafeLexicon) {
    const { source: _source, ...classes } = lexicon;
    const entries = Object.entries(classes).map(([k, list]) => [k, list.map(wordsOf).sort(longestFirst)]);
    this.c = Object.fromEntries(entries) as unknown as Classes;
  }

  /** The lexicon in `dir/lexicon/unsafe.yaml`, or the project's own when `dir` has none (a test's prompts). */
  static load(dir: string = defaultPromptsDir()): UnsafeGuard {
    const file = join(dir, 'lexicon', 'unsafe.yaml');
    const chosen = existsSync(file) ? file : join(defaultPromptsDir(), 'lexicon', 'unsafe.yaml');
    return new UnsafeGuard(readYamlFile(chosen, UnsafeLexiconSchema));
  }

  /** The verdict for a question, or null when it is not an unsafe request. */
  check(question: string): UnsafeVerdict | null {
    for (const sentence of moderationSentences(normaliseForModeration(question))) {
      const verdict = this.checkSentence(moderationWords(sentence, { commas: true }), sentence);
      if (verdict) return verdict;
    }
    return null;
  }

  private checkSentence(words: string[], sentence: string): UnsafeVerdict | null {
    const c = this.c;
    for (let i = 0; i < words.length; i++) {
      const how = phraseAt(words, i, c.howTo);
      if (how && this.asksForMethod(words, i + how))
        return { kind: 'instructions', reason: `asks how to harm or arm: "${sentence.trim()}"` };
    }
    for (const start of this.requestStarts(words)) {
      const verdict = this.endorsementAt(words, start);
      if (verdict) return { kind: 'endorsement', reason: `${verdict}: "${sentence.trim()}"` };
    }
    return null;
  }

  // A violent verb right after the frame, or a verb of making or using with a weapon as its object.
  private asksForMethod(words: string[], from: number): boolean {
    const c = this.c;
    for (let j = from; j < Math.min(words.length, from + METHOD_GAP); j++) {
      if (phraseAt(words, j, c.violenceVerbs)) return true;
      const method = phraseAt(words, j, c.methodVerbs);
      if (method && phraseWithin(words, j + method, TARGET_WINDOW, c.weapons)) return true;
    }
    return false;
  }

  // Where a request's verb may stand: the sentence's first word, after a short address and a comma, or after a frame.
  private requestStarts(words: string[]): number[] {
    const starts = [0];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === ',' && i <= MAX_ADDRESS_WORDS) starts.push(i + 1);
      const frame = phraseAt(words, i, this.c.askFrames);
      // "Why would you justify…" asks for the persona's reasons, which the record can give.
      if (frame && !QUESTION_WORDS.has(words[i - 1] ?? '')) starts.push(i + frame);
    }
    return starts;
  }

  private endorsementAt(words: string[], i: number): string | null {
    const c = this.c;
    const endorse = phraseAt(words, i, c.endorseVerbs);
    if (endorse && this.targetWithin(words, i + endorse)) return 'asks to endorse atrocity or hate';
    const write = phraseAt(words, i, c.writeVerbs);
    if (write) {
      if (phraseWithin(words, i + write, TARGET_WINDOW, c.hateWords)) return 'asks to write hate';
      for (let j = i + write; j < Math.min(words.length, i + write + TARGET_WINDOW); j++) {
        const link = phraseAt(words, j, c.endorseLinks);
        if (link && this.targetWithin(words, j + link)) return 'asks to write an endorsement of atrocity';
      }
    }
    const argue = phraseAt(words, i, c.argueFrames);
    if (
      argue &&
      this.targetWithin(words, i + argue) &&
      phraseWithin(words, i + argue, 2 * TARGET_WINDOW, c.approval)
    )
      return 'asks for an argument that atrocity was good';
    return null;
  }

  private targetWithin(words: string[], from: number): boolean {
    return phraseWithin(words, from, TARGET_WINDOW, this.c.atrocityTargets);
  }
}

/** A lexicon entry's words, read as the question's are (commas kept as words so that an address can be found). */
function wordsOf(text: string): string[] {
  return moderationWords(normaliseForModeration(text), { commas: true });
}

const longestFirst = (a: Phrase, b: Phrase) => b.length - a.length;
