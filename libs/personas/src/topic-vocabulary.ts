import { join } from 'node:path';
import { z } from 'zod';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import { normaliseForMatch, phraseIndex, wordForms, wordsOf } from '@parley/text';

const Term = z
  .string()
  .trim()
  .min(2)
  .refine((t) => t === t.toLowerCase(), 'must be lowercase')
  .refine(
    (t) => !t.includes('*') || /^[a-z]{4,}\*$/.test(t),
    'a prefix term is one word of 4+ letters ending in *',
  );
// Lists are written as comma-separated folded text so the file stays readable; plain YAML lists work too.
const TermList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : v,
  z.array(Term).min(1),
);
const Domains = z.record(z.string(), TermList);

/** The shape of `prompts/topic-vocabulary.yaml`. */
export const TopicVocabularyFileSchema = z
  .object({
    onTopic: Domains,
    general: Domains,
    offTopic: Domains,
    requests: TermList.default([]),
    ignore: TermList.default([]),
  })
  .strict();
export type TopicVocabularyFile = z.output<typeof TopicVocabularyFileSchema>;

/** Which vocabulary list a hit came from. */
export type TermGroup = 'onTopic' | 'general' | 'offTopic' | 'requests';

/** One vocabulary term found in a text. */
export interface TermHit {
  group: TermGroup;
  domain: string;
  term: string;
}

interface Entry {
  group: TermGroup;
  domain: string;
  term: string;
}

/** Compiled vocabulary: phrases matched first (their words are then used up), then single words and prefixes. */
export class TopicVocabulary {
  private readonly phrases: (Entry & { normalised: string })[] = [];
  private readonly words = new Map<string, Entry>();
  private readonly prefixes: (Entry & { prefix: string })[] = [];
  readonly ignored: ReadonlySet<string>;

  constructor(file: TopicVocabularyFile) {
    this.ignored = new Set(file.ignore);
    const groups: [TermGroup, Record<string, string[]>][] = [
      // Later groups never overwrite earlier ones: an ambiguous word stays on-topic.
      ['onTopic', file.onTopic],
      ['general', file.general],
      ['requests', { requests: file.requests }],
      ['offTopic', file.offTopic],
    ];
    for (const [group, domains] of groups) {
      for (const [domain, terms] of Object.entries(domains))
        for (const term of terms) this.add({ group, domain, term });
    }
    // Longest phrases first, so "birthday party" uses up "party" before "party" alone is looked at.
    this.phrases.sort((a, b) => b.normalised.length - a.normalised.length);
  }

  /** The vocabulary in `dir/topic-vocabulary.yaml` (default `prompts/`). */
  static load(dir: string = defaultPromptsDir()): TopicVocabulary {
    return new TopicVocabulary(readYamlFile(join(dir, 'topic-vocabulary.yaml'), TopicVocabularyFileSchema));
  }

  /** Every distinct term of the vocabulary found in `text`. */
  hits(text: string): TermHit[] {
    return this.analyse(text).hits;
  }

  /** The terms found in `text`, and the words left once matched phrases have used theirs up. */
  analyse(text: string): { hits: TermHit[]; rest: string[] } {
    let norm = normaliseForMatch(text);
    const hits: TermHit[] = [];
    for (const p of this.phrases) {
      const at = phraseIndex(norm, p.normalised);
      if (at < 0) continue;
      hits.push({ group: p.group, domain: p.domain, term: p.term });
      // Blank out the phrase so its words are not counted again on their own.
      const end = norm.indexOf(' ', at + 1 + p.normalised.length);
      norm = `${norm.slice(0, at)} ${' '.repeat(Math.max(0, end - at - 1))}${norm.slice(end)}`;
    }
    const seen = new Set(hits.map((h) => h.term));
    const rest = wordsOf(norm.replace(/\s+/g, ' '));
    for (const word of rest) {
      if (this.ignored.has(word)) continue;
      const entry = this.lookup(word);
      if (entry && !seen.has(entry.term)) {
        seen.add(entry.term);
        hits.push({ group: entry.group, domain: entry.domain, term: entry.term });
      }
    }
    return { hits, rest };
  }

  private lookup(word: string): Entry | undefined {
    for (const form of wordForms(word)) {
      const entry = this.words.get(form);
      if (entry) return entry;
    }
    const forms = wordForms(word);
    return this.prefixes.find((p) => forms.some((f) => f.startsWith(p.prefix)));
  }

  private add(entry: Entry): void {
    const normalised = normaliseForMatch(entry.term.replace(/\*$/, '')).trim();
    if (!normalised) return;
    if (entry.term.endsWith('*')) {
      if (!this.prefixes.some((p) => p.prefix === normalised))
        this.prefixes.push({ ...entry, prefix: normalised });
    } else if (normalised.includes(' ')) {
      if (!this.phrases.some((p) => p.normalised === normalised)) this.phrases.push({ ...entry, normalised });
    } else if (!this.words.has(normalised)) {
      this.words.set(normalised, entry);
    }
  }
}
