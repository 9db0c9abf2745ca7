import { join } from 'node:path';
import { z } from 'zod';
import { placeholdersOf, REFUSAL_KINDS, type RefusalKind } from './persona.schema';
import { defaultPromptsDir, PromptFileError, readPromptText, readYamlFile } from './prompt-file';

/** The Markdown templates under `prompts/templates/`, with the placeholders each must and may use. */
export const TEMPLATE_SPECS = {
  'system-persona': {
    required: ['name', 'asOf', 'passages'],
    allowed: [
      'name',
      'born',
      'died',
      'asOf',
      'biography',
      'voice',
      'topics',
      'witnessRule',
      'noRecord',
      'passages',
    ],
  },
  'system-historian': { required: ['passages'], allowed: ['figures', 'passages'] },
  'condense-question': {
    required: ['history', 'question'],
    allowed: ['name', 'asOf', 'history', 'question'],
  },
  'witness-rule': { required: [], allowed: ['name'] },
} as const satisfies Record<string, { required: readonly string[]; allowed: readonly string[] }>;
export type TemplateName = keyof typeof TEMPLATE_SPECS;

const QUOTE_PLACEHOLDERS = ['name', 'title', 'date', 'year', 'author', 'speaker', 'quote', 'n'];

const quoteLines = (label: string) =>
  z
    .array(z.string().trim().min(1))
    .min(1)
    .superRefine((lines, ctx) =>
      lines.forEach((line, i) => {
        const used = placeholdersOf(line);
        const unknown = used.filter((p) => !QUOTE_PLACEHOLDERS.includes(p));
        if (unknown.length)
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `unknown placeholder(s) ${unknown.join(', ')}`,
          });
        if (!used.includes('quote') || !used.includes('n')) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${label} must contain {quote} and {n}` });
        }
      }),
    );

// Intros and joiners carry no quotation and no facts: no placeholders but {name}, no digits, no quotation marks.
const framingLines = z
  .array(z.string().trim().min(1))
  .min(1)
  .superRefine((lines, ctx) =>
    lines.forEach((line, i) => {
      if (placeholdersOf(line).some((p) => p !== 'name')) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'may use only {name}' });
      }
      if (/[\d"“”«»]/.test(line))
        ctx.addIssue({ code: 'custom', path: [i], message: 'must hold no digits or quotation marks' });
    }),
  );

const VoiceTemplatesSchema = z
  .object({
    intro: framingLines.optional(),
    quote: quoteLines('a quote template'),
    continuationQuote: quoteLines('a continuation template').optional(),
    furtherQuote: quoteLines('a further-quote template').optional(),
    speakerQuote: quoteLines('a speaker template').optional(),
    joiner: framingLines.optional(),
  })
  .strict();

/** The shape of `prompts/templates/extractive.yaml`: framing for verbatim quotes, in the persona's and the historian's voice. */
export const ExtractiveFileSchema = z
  .object({ persona: VoiceTemplatesSchema, historian: VoiceTemplatesSchema })
  .strict();
export type ExtractiveFile = z.output<typeof ExtractiveFileSchema>;

/**
 * Wording for the offline extractive answerer (structurally the `ExtractiveTemplates` of `@parley/llm`):
 * `quote` frames the persona's own words, `historianQuote` a figure's words in historian mode.
 */
export interface ExtractiveTemplates {
  intro?: string[];
  quote: string[];
  historianQuote: string[];
  speakerQuote?: string[];
  continuationQuote?: string[];
  furtherQuote?: string[];
  joiner?: string[];
}

/** `prompts/templates/historian-refusals.yaml`: the narrator's own refusal lines, one list per refusal kind. */
export const HistorianRefusalsSchema = z
  .object(
    Object.fromEntries(
      REFUSAL_KINDS.map((kind) => [
        kind,
        z
          .array(
            z
              .string()
              .min(1)
              .refine((line) => placeholdersOf(line).length === 0, 'may hold no placeholders'),
          )
          .min(1),
      ]),
    ) as Record<RefusalKind, z.ZodArray<z.ZodString>>,
  )
  .strict();
export type HistorianRefusals = Record<RefusalKind, string[]>;

/** Every template file, read and checked. */
export interface PromptTemplates {
  markdown: Record<TemplateName, string>;
  extractive: ExtractiveFile;
  historianRefusals: HistorianRefusals;
}

/** Reads `dir/templates/*` (default `prompts/`), stripping `<!-- -->` maintainer comments and checking placeholders. */
export function loadPromptTemplates(dir: string = defaultPromptsDir()): PromptTemplates {
  const templatesDir = join(dir, 'templates');
  const markdown = {} as Record<TemplateName, string>;
  for (const name of Object.keys(TEMPLATE_SPECS) as TemplateName[]) {
    const file = join(templatesDir, `${name}.md`);
    const text = readPromptText(file)
      .replace(/<!--[\s\S]*?-->\s*/g, '')
      .trim();
    checkPlaceholders(file, text, TEMPLATE_SPECS[name]);
    markdown[name] = text;
  }
  return {
    markdown,
    extractive: readYamlFile(join(templatesDir, 'extractive.yaml'), ExtractiveFileSchema),
    historianRefusals: readYamlFile(join(templatesDir, 'historian-refusals.yaml'), HistorianRefusalsSchema),
  };
}

function checkPlaceholders(
  file: string,
  text: string,
  spec: { required: readonly string[]; allowed: readonly string[] },
): void {
  const used = new Set(placeholdersOf(text));
  const unknown = [...used].filter((p) => !spec.allowed.includes(p));
  if (unknown.length)
    throw new PromptFileError(file, `unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}`);
  const missing = spec.required.filter((p) => !used.has(p));
  if (missing.length)
    throw new PromptFileError(file, `must use placeholder(s) ${missing.map((p) => `{${p}}`).join(', ')}`);
}
