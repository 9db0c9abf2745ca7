import type { ChatMode } from '@parley/contracts';
import { nestTitleQuotes, seedOf } from '@parley/text';
import { sameVoice, type ExtractivePassage, type PersonaRef, type Voice } from './passage-sentences';

/**
 * Wording of extractive answers, supplied by the caller (the personas lib reads them from
 * `prompts/templates/extractive.yaml`). Placeholders: `{name}` persona name, `{title}`, `{date}`,
 * `{year}`, `{author}` of the cited document, `{speaker}` of the quoted words, `{quote}` the verbatim
 * span, `{n}` its marker number. Unknown placeholders are left as written.
 */
export interface ExtractiveTemplates {
  /** Optional opening line, e.g. `Let me answer with my own words.` */
  intro?: string[];
  /** Persona mode, own words: `As I wrote in *{title}* ({date}): “{quote}” [{n}]`. */
  quote: string[];
  /** Historian mode: `{name} wrote in *{title}* ({date}): “{quote}” [{n}]`. */
  historianQuote: string[];
  /** Words quoted from someone else (historian mode only): `{speaker} said: “{quote}” [{n}]`. */
  speakerQuote?: string[];
  /** A further quote from the document just cited, after a joiner; default `“{quote}” [{n}]`. */
  continuationQuote?: string[];
  /**
   * A quote from another source after the first, carrying its own link (`I returned to this in *{title}*: …`);
   * when given, no joiner is placed before it, so a joiner never runs into a capitalised opening.
   */
  furtherQuote?: string[];
  /** Placed between two quotes when there is no `furtherQuote`: a whole sentence, e.g. `I also said this.` */
  joiner?: string[];
}

/** Used when the caller's templates have no `speakerQuote`. */
export const FALLBACK_SPEAKER_QUOTE = '{speaker} said, as recorded in *{title}* ({date}): “{quote}” [{n}]';
/** Used when the caller's templates have no `continuationQuote`. */
export const FALLBACK_CONTINUATION_QUOTE = '“{quote}” [{n}]';

export type TemplateValues = Partial<
  Record<'name' | 'title' | 'date' | 'year' | 'author' | 'speaker' | 'quote' | 'n', string>
>;

/** Replaces `{key}` placeholders with their values in one pass (a quote containing `{n}` stays as is). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key as keyof TemplateValues] ?? whole);
}

/** The variant at `seed + offset`, cycling; undefined when there are none. */
export function pickVariant(
  variants: readonly string[] | undefined,
  seed: number,
  offset = 0,
): string | undefined {
  if (!variants || variants.length === 0) return undefined;
  return variants[(seed + offset) % variants.length];
}

/** A quote ready to be framed: its text, its marker, where it comes from and whose words it is. */
export interface FramedQuote {
  quote: string;
  marker: number;
  source: Pick<ExtractivePassage, 'title' | 'date' | 'author'>;
  voice: Voice;
}

export interface FrameInput {
  question: string;
  persona: PersonaRef;
  mode: ChatMode;
  templates: ExtractiveTemplates;
  quotes: readonly FramedQuote[];
}

/** The answer text: intro, then each quote in its template, joined; every quote verbatim and marked. */
export function frameAnswer({ question, persona, mode, templates, quotes }: FrameInput): string {
  if (quotes.length === 0) return '';
  const seed = seedOf(question.trim().toLowerCase());
  const parts: string[] = [];
  const intro = pickVariant(templates.intro, seed);
  if (intro) parts.push(renderTemplate(intro, { name: persona.name }));
  quotes.forEach((q, k) => {
    const previous = quotes[k - 1];
    // A second quote from the same source needs no second introduction of that source; its continuation line
    // links it, so a joiner ("Elsewhere I returned to the point.") would contradict or stutter.
    const continues =
      previous !== undefined && sameSource(previous.source, q.source) && sameVoice(previous.voice, q.voice);
    const further =
      previous !== undefined && !continues && q.voice.own && (templates.furtherQuote?.length ?? 0) > 0;
    if (previous && !continues && !further) {
      const joiner = pickVariant(templates.joiner, seed, k - 1);
      if (joiner) parts.push(renderTemplate(joiner, { name: persona.name }));
    }
    const variants = continues
      ? (templates.continuationQuote ?? [FALLBACK_CONTINUATION_QUOTE])
      : further
        ? templates.furtherQuote
        : !q.voice.own
          ? (templates.speakerQuote ?? [FALLBACK_SPEAKER_QUOTE])
          : mode === 'historian'
            ? templates.historianQuote
            : templates.quote;
    const template = pickVariant(variants, seed, k) ?? FALLBACK_CONTINUATION_QUOTE;
    const rendered = renderTemplate(template, {
      name: persona.name,
      title: nestTitleQuotes(spokenTitle(q.source.title)),
      date: q.source.date,
      year: q.source.date.slice(0, 4),
      author: q.source.author,
      speaker: q.voice.own ? persona.name : q.voice.speaker,
      quote: q.quote,
      n: String(q.marker),
    });
    parts.push(ensureQuoted(rendered, q, template));
  });
  return parts.join(' ');
}

/**
 * The title as a speaker names it: without a trailing editorial note in parentheses ("(reports, speeches and
 * drafts by Lenin)", "(chapters I, III and V)"), which the catalogue adds and no author says of their own work.
 * The citation keeps the full title.
 */
export function spokenTitle(title: string): string {
  let out = title.trim();
  for (let m = /\s+\([^()]*\)$/.exec(out); m && m.index > 0; m = /\s+\([^()]*\)$/.exec(out))
    out = out.slice(0, m.index);
  return out;
}

function sameSource(a: FramedQuote['source'], b: FramedQuote['source']): boolean {
  return a.title === b.title && a.date === b.date && a.author === b.author;
}

// A template missing {quote} or {n} must not produce an unquoted or uncited answer.
function ensureQuoted(rendered: string, q: FramedQuote, template: string): string {
  let out = rendered;
  if (!template.includes('{quote}')) out = `${out} “${q.quote}”`;
  if (!template.includes('{n}')) out = `${out} [${q.marker}]`;
  return out;
}
