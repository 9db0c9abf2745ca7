import { z } from 'zod';
import { IsoDateSchema } from './iso-date';

/** The refusal kinds of the Answer contract; each persona has in-character lines for every one. */
export const REFUSAL_KINDS = ['anachronism', 'no_sources', 'off_topic', 'unsafe'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/** Placeholders a refusal line of each kind may use; anything else is a typo caught at load time. */
export const REFUSAL_PLACEHOLDERS: Readonly<Record<RefusalKind, readonly string[]>> = {
  anachronism: ['asOf', 'event', 'year', 'name'],
  no_sources: ['asOf', 'name'],
  off_topic: ['asOf', 'name'],
  unsafe: ['asOf', 'name'],
};

/** Placeholder names used in a template string, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
}

const PersonaIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lowercase slug such as "kollontai"');
const Line = z.string().trim().min(1, 'must not be empty');
const RefusalLinesSchema = z.array(Line).min(2, 'needs several variants (at least 2)');

const WitnessSchema = z
  .object({
    enabled: z.boolean(),
    // Why the policy applies: documented responsibility, stated factually. Shown to no one but maintainers.
    rationale: Line.optional(),
  })
  .strict();

/** The shape of `prompts/personas/<id>.yaml`. */
export const PersonaFileSchema = z
  .object({
    id: PersonaIdSchema,
    name: Line,
    names: z.array(Line).default([]),
    born: IsoDateSchema,
    died: IsoDateSchema,
    defaultAsOf: IsoDateSchema.optional(),
    description: Line.max(140, 'must fit on a UI card (at most 140 characters)'),
    biography: Line.max(1500, 'must be a short biography (at most 1500 characters)'),
    voice: z.array(Line).min(1),
    topics: z.array(Line).min(1),
    starters: z
      .array(Line.max(120, 'must fit on a button (at most 120 characters)'))
      .min(3, 'needs three to five starter questions')
      .max(5, 'needs three to five starter questions'),
    refusals: z
      .object({
        anachronism: RefusalLinesSchema,
        no_sources: RefusalLinesSchema,
        off_topic: RefusalLinesSchema,
        unsafe: RefusalLinesSchema,
      })
      .strict(),
    witness: WitnessSchema.default({ enabled: false }),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.died <= p.born) ctx.addIssue({ code: 'custom', path: ['died'], message: 'must be after born' });
    if (p.defaultAsOf && (p.defaultAsOf < p.born || p.defaultAsOf > p.died)) {
      ctx.addIssue({ code: 'custom', path: ['defaultAsOf'], message: 'must lie between born and died' });
    }
    // refusalLine() needs a variant it can fill when the guard knows no event or year.
    if (
      p.refusals.anachronism.every((line) =>
        placeholdersOf(line).some((name) => name === 'event' || name === 'year'),
      )
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['refusals', 'anachronism'],
        message: 'needs at least one variant without {event} or {year}',
      });
    }
    for (const kind of REFUSAL_KINDS) {
      p.refusals[kind].forEach((line, i) => {
        const unknown = placeholdersOf(line).filter((name) => !REFUSAL_PLACEHOLDERS[kind].includes(name));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['refusals', kind, i],
            message: `uses unknown placeholder(s) ${unknown.map((u) => `{${u}}`).join(', ')}`,
          });
        }
      });
    }
  })
  .transform((p): Persona => {
    const { defaultAsOf, names, witness, ...rest } = p;
    return {
      ...rest,
      defaultAsOf: defaultAsOf ?? p.died,
      names: [...new Set([p.name, ...names])],
      witness: { enabled: witness.enabled, rationale: witness.rationale ?? null },
    };
  });

/** A historical figure as Parley knows it: identity, life dates, voice and in-character refusals. */
export interface Persona {
  id: string;
  /** Display name, e.g. for UI cards and `{name}` in templates. */
  name: string;
  /** Every name the figure's words may be labelled with (display name first), for attribution checks. */
  names: string[];
  born: string;
  died: string;
  /** The as-of date used when a request names none (the death date unless the file says otherwise). */
  defaultAsOf: string;
  /** One line for UI cards. */
  description: string;
  biography: string;
  /** Style notes for the LLM prompt. */
  voice: string[];
  topics: string[];
  /** Three to five questions in our own words, shown on an empty chat, that the persona's documents answer. */
  starters: string[];
  refusals: Record<RefusalKind, string[]>;
  /** When enabled, the persona speaks only in documented words and atrocity topics carry a historian's note. */
  witness: { enabled: boolean; rationale: string | null };
}
