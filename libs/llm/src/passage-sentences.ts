import type { Passage } from '@parley/contracts';
import { speakerLabel, splitSentences, words } from '@parley/text';

/** The fields of a retrieved passage the extractive answerer reads; a full `Passage` fits. */
export type ExtractivePassage = Pick<
  Passage,
  'text' | 'title' | 'date' | 'author' | 'persona' | 'speaker'
> & {
  heading?: string | null;
  /** Which document the passage comes from (passages of one document are read together); title and date if absent. */
  documentId?: string;
  /** Its retrieval scores, when it was retrieved. */
  scores?: Pick<Passage['scores'], 'fused'>;
};

export interface PersonaRef {
  id: string;
  name: string;
}

/** Whose words a sentence is: the persona's own, or someone else's (named). */
export type Voice = { own: true } | { own: false; speaker: string };

/** One sentence of a passage, located by offsets into `passage.text` (speaker label excluded). */
export interface PassageSentence {
  index: number;
  start: number;
  end: number;
  voice: Voice;
  /** False when a blank line separates it from the previous sentence (or it opens the passage). */
  continuesParagraph: boolean;
}

/** True when `speaker` names the persona (`Trotsky`, `L. D. Trotsky`, `Leon Trotsky`). */
export function isPersonaSpeaker(speaker: string, persona: PersonaRef): boolean {
  const said = words(speaker);
  const name = words(persona.name);
  const surname = name[name.length - 1];
  return said.includes(persona.id.toLowerCase()) || (surname !== undefined && said.includes(surname));
}

/**
 * Splits a passage into sentences and attributes each one. A transcript paragraph opening with
 * `Name:` belongs to Name until the next label (the label itself is never part of a quote);
 * before any label, the chunk's recorded speaker holds. Labels are only believed in passages that
 * record a speaker, or when they name the persona, so that "Note:" in an essay is not a person.
 */
export function passageSentences(passage: ExtractivePassage, persona: PersonaRef): PassageSentence[] {
  const text = passage.text;
  const isTranscript = passage.speaker !== null && passage.speaker !== undefined;
  let speaker = passage.speaker ?? null;
  let previousEnd = -1;
  const result: PassageSentence[] = [];
  for (const span of splitSentences(text)) {
    const opensParagraph = previousEnd < 0 || /\n[ \t]*\n/.test(text.slice(previousEnd, span.start));
    let start = span.start;
    if (opensParagraph) {
      const label = speakerLabel(text.slice(span.start, span.end));
      if (label && (isTranscript || isPersonaSpeaker(label.name, persona))) {
        speaker = label.name;
        start += label.length;
      }
    }
    previousEnd = span.end;
    if (start >= span.end) continue;
    // Headings are kept at the top of a section's first passage; they are nobody's words to quote.
    if (opensParagraph && isHeadingLine(passage, text.slice(start, span.end))) continue;
    result.push({
      index: result.length,
      start,
      end: span.end,
      voice: voiceOf(passage, speaker, persona),
      continuesParagraph: !opensParagraph,
    });
  }
  return joinOpenQuotations(text, result);
}

// How many following sentences may be joined to close a quotation that a sentence opens.
const MAX_JOINED_SENTENCES = 3;

/**
 * True when the double quotation marks of `text` pair up: as many “ as ”, « as », and an even number of ".
 * A quote cut inside a quotation would otherwise reach the reader with a mark that opens and never closes.
 */
export function quotationsBalanced(text: string): boolean {
  const count = (mark: string) => text.split(mark).length - 1;
  return count('“') === count('”') && count('«') === count('»') && count('"') % 2 === 0;
}

/**
 * Joins a sentence that opens a quotation with the sentences that close it (“I can’t vote for him. I have my
 * mandate.”), within its paragraph and voice: the splitter cuts at every full stop, quoted or not.
 */
function joinOpenQuotations(text: string, sentences: PassageSentence[]): PassageSentence[] {
  const joined: PassageSentence[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const unit = { ...sentences[i], index: joined.length };
    let taken = 0;
    while (
      !quotationsBalanced(text.slice(unit.start, unit.end)) &&
      taken < MAX_JOINED_SENTENCES &&
      sentences[i + 1]?.continuesParagraph &&
      sameVoice(sentences[i + 1].voice, unit.voice)
    ) {
      i++;
      taken++;
      unit.end = sentences[i].end;
    }
    joined.push(unit);
  }
  return joined;
}

function isHeadingLine(passage: ExtractivePassage, sentence: string): boolean {
  const line = sentence.trim();
  if (passage.heading && passage.heading.split(' — ').some((h) => h.trim() === line)) return true;
  // A short paragraph-opening line with no sentence punctuation reads as a heading too.
  return !/[.!?…:;"”’)]$/.test(line) && line.split(/\s+/).length <= 14 && !line.includes('\n');
}

function voiceOf(passage: ExtractivePassage, speaker: string | null, persona: PersonaRef): Voice {
  if (speaker && !isPersonaSpeaker(speaker, persona)) return { own: false, speaker };
  if (passage.persona && passage.persona !== persona.id)
    return { own: false, speaker: speaker ?? passage.author };
  return { own: true };
}

/** True when both sentences are the persona's own, or both are the same other speaker's. */
export function sameVoice(a: Voice, b: Voice): boolean {
  if (a.own || b.own) return a.own === b.own;
  return a.speaker === b.speaker;
}
