import { formatHumanDate } from './iso-date';
import type { PersonaRegistry } from './persona.registry';
import type { Persona, RefusalKind } from './persona.schema';
import {
  loadPromptTemplates,
  type ExtractiveTemplates,
  type PromptTemplates,
  type TemplateName,
} from './prompt-templates';
import { pickVariant, refusalLine } from './refusal-line';

/** A retrieved passage as the prompt shows it; `marker` defaults to its 1-based position. */
export interface PromptPassage {
  title: string;
  date: string;
  text: string;
  author?: string;
  speaker?: string | null;
  persona?: string;
  marker?: number;
}

/** One earlier turn of a conversation. */
export interface PromptTurn {
  role: string;
  content: string;
}

export type PromptMode = 'persona' | 'historian';

/** Replaces every `{placeholder}` in one pass; throws naming any placeholder without a value (values are never re-scanned). */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | number>>,
  label = 'template',
): string {
  const missing = [
    ...new Set([...template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1])),
  ].filter((name) => !Object.hasOwn(values, name));
  if (missing.length) throw new Error(`${label}: no value for ${missing.map((m) => `{${m}}`).join(', ')}`);
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => String(values[name]));
}

const LOOKALIKE_ANGLES: Record<string, string> = { '＜': '<', '﹤': '<', '＞': '>', '﹥': '>' };

/** Makes untrusted text unable to open or close a `<<<` / `>>>` delimiter: runs of angle brackets become ‹ ›. */
export function neutraliseDelimiters(text: string): string {
  return (
    text
      .replace(/[＜﹤＞﹥]/g, (c) => LOOKALIKE_ANGLES[c])
      // Invisible characters between brackets would let "<\u200b<<" read as a marker.
      .replace(/([<>])[\u200b-\u200d\u2060\ufeff]+(?=[<>])/g, '$1')
      .replace(/<{2,}/g, (run) => '‹'.repeat(run.length))
      .replace(/>{2,}/g, (run) => '›'.repeat(run.length))
  );
}

// Header fields sit on one line of the marker block, so they may not break it.
function headerValue(text: string): string {
  return neutraliseDelimiters(text).replace(/\s+/g, ' ').trim();
}

/** Passages as numbered blocks between `<<<PASSAGE n` and `PASSAGE n>>>`, with title, date, author and speaker. */
export function renderPassages(passages: readonly PromptPassage[]): string {
  if (passages.length === 0) return '(no passages were found)';
  return passages
    .map((p, i) => {
      const n = p.marker ?? i + 1;
      const header = [`title: ${headerValue(p.title)}`, `date: ${headerValue(p.date)}`];
      if (p.author) header.push(`author: ${headerValue(p.author)}`);
      const speaker = p.speaker ?? p.author;
      if (speaker) header.push(`speaker: ${headerValue(speaker)}`);
      return [
        `<<<PASSAGE ${n}`,
        ...header,
        '---',
        neutraliseDelimiters(p.text.trim()),
        `PASSAGE ${n}>>>`,
      ].join('\n');
    })
    .join('\n\n');
}

/** Earlier turns between `<<<CONVERSATION` and `CONVERSATION>>>`, labelled Student / the persona's name. */
export function renderHistory(turns: readonly PromptTurn[], speakerName: string): string {
  if (turns.length === 0) return '<<<CONVERSATION\n(no earlier turns)\nCONVERSATION>>>';
  const lines = turns.map(
    (t) => `${t.role === 'user' ? 'Student' : speakerName}: ${neutraliseDelimiters(t.content.trim())}`,
  );
  return ['<<<CONVERSATION', ...lines, 'CONVERSATION>>>'].join('\n');
}

/** Renders the system prompts, the condense-question prompt and the extractive framing from `prompts/templates/`. */
export class PromptRenderer {
  constructor(
    private readonly templates: PromptTemplates,
    private readonly registry?: PersonaRegistry,
  ) {}

  /** A renderer for the templates in `dir/templates` (default `prompts/`). */
  static load(dir?: string, registry?: PersonaRegistry): PromptRenderer {
    return new PromptRenderer(loadPromptTemplates(dir), registry);
  }

  /** A named template with every placeholder filled; throws if one is missing. */
  render(name: TemplateName, values: Readonly<Record<string, string | number>>): string {
    return fillTemplate(this.templates.markdown[name], values, `templates/${name}.md`);
  }

  /** A refusal in the historian's own (out-of-character) voice; `seed` picks the variant deterministically. */
  historianRefusal(kind: RefusalKind, seed: string | number = 0): string {
    return pickVariant(this.templates.historianRefusals[kind], seed);
  }

  /** The system prompt for either mode: the persona speaking as of `asOf`, or the historian comparing documents. */
  renderSystem(input: {
    persona: Persona;
    passages: readonly PromptPassage[];
    mode: PromptMode;
    asOf: string;
  }): string {
    return input.mode === 'historian'
      ? this.systemHistorian(input.passages, [input.persona])
      : this.systemPersona(input.persona, input.asOf, input.passages);
  }

  /** The persona-mode system prompt: identity, voice, the as-of limit, the rules and the delimited passages. */
  systemPersona(persona: Persona, asOf: string, passages: readonly PromptPassage[]): string {
    return this.render('system-persona', {
      name: persona.name,
      born: formatHumanDate(persona.born),
      died: formatHumanDate(persona.died),
      asOf: formatHumanDate(asOf),
      biography: persona.biography,
      voice: persona.voice.map((v) => `- ${v}`).join('\n'),
      topics: persona.topics.join('; '),
      witnessRule: persona.witness.enabled ? this.render('witness-rule', { name: persona.name }) : '',
      noRecord: refusalLine(persona, 'no_sources', { asOf }, 0),
      passages: renderPassages(passages),
    });
  }

  /** The historian-mode system prompt: the figures whose documents appear, and the delimited passages. */
  systemHistorian(passages: readonly PromptPassage[], extra: readonly Persona[] = []): string {
    return this.render('system-historian', {
      figures: this.figures(passages, extra),
      passages: renderPassages(passages),
    });
  }

  /** The prompt that turns a follow-up and the conversation so far into one standalone retrieval question. */
  condenseQuestion(input: {
    question: string;
    history: readonly PromptTurn[];
    persona?: Persona;
    asOf?: string;
  }): string {
    const name = input.persona?.name ?? 'Historian';
    return this.render('condense-question', {
      name,
      asOf: input.asOf ? formatHumanDate(input.asOf) : 'the present',
      history: renderHistory(input.history, name),
      question: `<<<QUESTION\n${neutraliseDelimiters(input.question.trim())}\nQUESTION>>>`,
    });
  }

  /** Framing for the extractive answerer in the persona's voice (default) or the historian's. */
  extractiveTemplates(mode: PromptMode = 'persona'): ExtractiveTemplates {
    const { persona, historian } = this.templates.extractive;
    const voice = mode === 'historian' ? historian : persona;
    return {
      intro: voice.intro,
      quote: persona.quote,
      historianQuote: historian.quote,
      speakerQuote: voice.speakerQuote,
      continuationQuote: voice.continuationQuote,
      furtherQuote: voice.furtherQuote,
      joiner: voice.joiner,
    };
  }

  private figures(passages: readonly PromptPassage[], extra: readonly Persona[]): string {
    const byId = new Map<string, string>();
    for (const p of extra) byId.set(p.id, describe(p));
    for (const p of passages) {
      if (!p.persona || byId.has(p.persona)) continue;
      const known = this.registry?.has(p.persona) ? this.registry.get(p.persona) : undefined;
      byId.set(p.persona, known ? describe(known) : `- ${headerValue(p.author ?? p.persona)}`);
    }
    return byId.size ? [...byId.values()].join('\n') : '- (the authors named in the passages)';
  }
}

function describe(p: Persona): string {
  return `- ${p.name} (${formatHumanDate(p.born)} – ${formatHumanDate(p.died)}): ${p.description}`;
}
