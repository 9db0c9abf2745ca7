import { join } from 'node:path';
import { z } from 'zod';
import { IsoDateSchema } from './iso-date';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import { normaliseForMatch, phraseIndex, stem, wordsOf } from '@parley/text';

export const TIMELINE_KINDS = [
  'event',
  'invention',
  'institution',
  'policy',
  'person',
  'term',
  'place',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

const TimelineEventSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug'),
    name: z.string().trim().min(1),
    date: IsoDateSchema,
    end: IsoDateSchema.optional(),
    // When the thing could be known before its date (a person famous before the office they are asked about).
    knownFrom: IsoDateSchema.optional(),
    // What the entry is; a `person` is known from `knownFrom` and asked about in office (see `roleWords`) from `date`.
    kind: z.enum(TIMELINE_KINDS).optional(),
    // A thing of everyday life (a gadget, a household product): later than a persona, but no evidence on its own
    // that a question is about history ("which credit card is best?"), so only the anachronism guard asks for it.
    everyday: z.boolean().optional(),
    aliases: z
      .array(
        z
          .string()
          .trim()
          .min(2)
          .refine((a) => a === a.toLowerCase(), 'must be lowercase'),
      )
      .min(1),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.end && e.end < e.date)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before date' });
    if (e.knownFrom && e.knownFrom > e.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['knownFrom'],
        message: 'must not be after date (it says when the thing became knowable earlier)',
      });
    }
  });

/** The shape of `prompts/timeline.yaml`. */
export const TimelineFileSchema = z
  .object({
    // Words that ask about a person in office or acting for a state ("Brezhnev's leadership", "under Khrushchev").
    roleWords: z
      .array(
        z
          .string()
          .trim()
          .min(2)
          .refine((a) => a === a.toLowerCase(), 'must be lowercase'),
      )
      .default([]),
    events: z.array(TimelineEventSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.events.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['events', i, 'id'], message: `duplicate id "${e.id}"` });
      seen.add(e.id);
    });
  });

/** A dated event (or a span with `end`) and the phrases that name it. */
export interface TimelineEvent {
  id: string;
  name: string;
  date: string;
  end?: string;
  knownFrom?: string;
  kind?: TimelineKind;
  everyday?: boolean;
  aliases: string[];
}

/** What `mentionsIn` reports: things of everyday life only when asked for. */
export interface MentionOptions {
  everyday?: boolean;
}

/** An event named in a text: which alias matched and where (offset in the normalised text). */
export interface TimelineMention {
  event: TimelineEvent;
  alias: string;
  index: number;
  /** The first day the thing could be known as the text names it: a person asked about in office, from the office. */
  knowable: string;
}

// A battle is also named by its outcome or its fighting: "the victory at Kursk", "the defeat at Tannenberg".
const BATTLE_STEMS = ['victori', 'defeat', 'fight'];
const BATTLE = stem('battle');

// Words an alias may add or drop without naming something else: "the capture of Berlin" is "capturing Berlin".
const FUNCTION_WORDS = new Set(['the', 'of', 'a', 'an', 'in', 'at', 'on', 'by', 'to', 'for', 'with', 'from']);

interface CompiledAlias {
  event: TimelineEvent;
  alias: string;
  normalised: string;
  /** The alias's content words, when it has two or more; otherwise only the exact phrase matches. */
  stems: Token[] | null;
  /** Other word sequences that name the same thing ("victory at kursk" for "battle of kursk"). */
  variants: Token[][];
}

/** A content word, stemmed; `gap` when function words stood between it and the content word before it. */
interface Token {
  stem: string;
  gap: boolean;
}

/** A normalised text's content words, stemmed, with where each starts in that text. */
function stemmedWords(norm: string): { stems: Token[]; at: number[] } {
  const stems: Token[] = [];
  const at: number[] = [];
  let offset = 1;
  let gap = false;
  for (const w of wordsOf(norm)) {
    if (FUNCTION_WORDS.has(w)) gap = true;
    else {
      stems.push({ stem: stem(w), gap });
      at.push(offset - 1);
      gap = false;
    }
    offset += w.length + 1;
  }
  return { stems, at };
}

// Where `needle` runs in `haystack`: the same stems, and words the needle has side by side ("west germany") side by
// side in the text too ("west of Germany" is not West Germany); where the needle has a function word, any or none.
function sequenceAt(haystack: Token[], needle: Token[], from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      const h = haystack[i + j];
      if (h.stem !== needle[j].stem || (j > 0 && h.gap && !needle[j].gap)) continue outer;
    }
    return i;
  }
  return -1;
}

// A role word this close to a person's name (in content words) asks about them in that role.
const ROLE_REACH = 3;
// "under your leadership" is the persona's role, not the named person's.
const SELF_WORDS = new Set(['you', 'your', 'yourself', 'my', 'me', 'i']);

/** Dated events 1870–2000 (and a few later) with aliases, for the anachronism guard and topic detection. */
export class Timeline {
  private readonly compiled: CompiledAlias[];
  private readonly roleStems: Token[][];

  constructor(
    readonly events: readonly TimelineEvent[],
    roleWords: readonly string[] = [],
  ) {
    this.compiled = events.flatMap((event) =>
      event.aliases.map((alias) => {
        const normalised = normaliseForMatch(alias).trim();
        const { stems } = stemmedWords(` ${normalised} `);
        const variants =
          stems.length >= 2 && stems[0].stem === BATTLE
            ? BATTLE_STEMS.map((b) => [
                { stem: b, gap: false },
                { ...stems[1], gap: true },
                ...stems.slice(2),
              ])
            : [];
        return { event, alias, normalised, stems: stems.length >= 2 ? stems : null, variants };
      }),
    );
    this.roleStems = roleWords
      .map((w) => stemmedWords(normaliseForMatch(w)).stems)
      .filter((r) => r.length > 0);
  }

  /** The timeline in `dir/timeline.yaml` (default `prompts/`). */
  static load(dir: string = defaultPromptsDir()): Timeline {
    const file = readYamlFile(join(dir, 'timeline.yaml'), TimelineFileSchema);
    return new Timeline(file.events, file.roleWords);
  }

  /** The event with this id, or undefined. */
  find(id: string): TimelineEvent | undefined {
    return this.events.find((e) => e.id === id);
  }

  /** The first day on which someone could have known of the event. */
  knowableFrom(event: TimelineEvent): string {
    return event.knownFrom ?? event.date;
  }

  /**
   * Every event named in `text` by one of its aliases, once per event, in order of appearance. An alias matches as
   * whole words in any case (a plural -s/-es allowed); one of two or more content words also matches inflected and
   * with other articles and prepositions ("the five-year plans", "the Apollo programme" for "apollo program").
   * Things of everyday life (`everyday`) are left out unless `options.everyday` asks for them.
   */
  mentionsIn(text: string, options: MentionOptions = {}): TimelineMention[] {
    const norm = normaliseForMatch(text);
    const words = stemmedWords(norm);
    const roles = this.roleSpans(words.stems);
    const present = new Set(words.stems.map((t) => t.stem));
    const best = new Map<string, TimelineMention>();
    for (const c of this.compiled) {
      if (c.event.everyday && !options.everyday) continue;
      let index = phraseIndex(norm, c.normalised);
      for (const seq of c.stems && index < 0 ? [c.stems, ...c.variants] : []) {
        // Most aliases share no word with the text: skip them before scanning.
        if (!present.has(seq[0].stem)) continue;
        const at = sequenceAt(words.stems, seq);
        if (at >= 0) {
          index = words.at[at];
          break;
        }
      }
      if (index < 0) continue;
      const prev = best.get(c.event.id);
      if (prev && prev.index <= index) continue;
      let knowable = this.knowableFrom(c.event);
      if (c.event.kind === 'person') {
        const first = words.at.findIndex((a) => a >= index);
        const last = first + Math.max(1, c.stems?.length ?? 1) - 1;
        if (roles.some(([s, e]) => s <= last + ROLE_REACH && e >= first - ROLE_REACH))
          knowable = c.event.date;
      }
      best.set(c.event.id, { event: c.event, alias: c.alias, index, knowable });
    }
    return [...best.values()].sort((a, b) => a.index - b.index);
  }

  // Where role words stand among the content words, [first, last], unless they belong to "you" or "your".
  private roleSpans(stems: Token[]): [number, number][] {
    const spans: [number, number][] = [];
    for (const role of this.roleStems) {
      for (let i = sequenceAt(stems, role); i >= 0; i = sequenceAt(stems, role, i + 1)) {
        const end = i + role.length - 1;
        if (SELF_WORDS.has(stems[i - 1]?.stem ?? '') || SELF_WORDS.has(stems[end + 1]?.stem ?? '')) continue;
        spans.push([i, end]);
      }
    }
    return spans;
  }
}
