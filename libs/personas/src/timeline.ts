import { join } from 'node:path';
import { z } from 'zod';
import { IsoDateSchema } from './iso-date';
import { defaultPromptsDir, readYamlFile } from './prompt-file';
import { normaliseForMatch, phraseIndex } from '@parley/text';

const TimelineEventSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug'),
    name: z.string().trim().min(1),
    date: IsoDateSchema,
    end: IsoDateSchema.optional(),
    // When the thing could be known before its date (a person famous before the office they are asked about).
    knownFrom: IsoDateSchema.optional(),
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
  .object({ events: z.array(TimelineEventSchema).min(1) })
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
  aliases: string[];
}

/** An event named in a text: which alias matched and where (offset in the normalised text). */
export interface TimelineMention {
  event: TimelineEvent;
  alias: string;
  index: number;
}

/** Dated events 1870–2000 (and a few later) with aliases, for the anachronism guard and topic detection. */
export class Timeline {
  private readonly compiled: { event: TimelineEvent; alias: string; normalised: string }[];

  constructor(readonly events: readonly TimelineEvent[]) {
    this.compiled = events.flatMap((event) =>
      event.aliases.map((alias) => ({ event, alias, normalised: normaliseForMatch(alias).trim() })),
    );
  }

  /** The timeline in `dir/timeline.yaml` (default `prompts/`). */
  static load(dir: string = defaultPromptsDir()): Timeline {
    return new Timeline(readYamlFile(join(dir, 'timeline.yaml'), TimelineFileSchema).events);
  }

  /** The event with this id, or undefined. */
  find(id: string): TimelineEvent | undefined {
    return this.events.find((e) => e.id === id);
  }

  /** The first day on which someone could have known of the event. */
  knowableFrom(event: TimelineEvent): string {
    return event.knownFrom ?? event.date;
  }

  /** Every event named in `text` by one of its aliases (whole words, any case), once per event, in order of appearance. */
  mentionsIn(text: string): TimelineMention[] {
    const norm = normaliseForMatch(text);
    const best = new Map<string, TimelineMention>();
    for (const c of this.compiled) {
      const index = phraseIndex(norm, c.normalised);
      if (index < 0) continue;
      const prev = best.get(c.event.id);
      if (!prev || index < prev.index) best.set(c.event.id, { event: c.event, alias: c.alias, index });
    }
    return [...best.values()].sort((a, b) => a.index - b.index);
  }
}
