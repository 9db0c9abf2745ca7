import { isAbbreviationPeriod } from '@parley/text';

/** What a cleanup edit repairs. */
export type ArtefactKind = 'note-number' | 'missing-space';

/** One edit of {@link cleanSourceArtefacts}: `text[at, at + remove)` of the input became `insert`. */
export interface ArtefactEdit {
  kind: ArtefactKind;
  at: number;
  remove: number;
  insert: string;
}

export interface CleanedText {
  text: string;
  /** The edits made, in input offsets, in order, never overlapping. */
  edits: ArtefactEdit[];
}

// A note number glued to the sentence it belongs to: a word, its stop (and any closing quotes or brackets), then
// one to three digits, then a new sentence or the end of the paragraph ("imperialists.185 Though"). A year has four
// digits; a decimal, a list number or "1917." has a digit before the stop; "pp.31 and" goes on in lower case.
const GLUED_NOTE = /(?<=\p{L})[.?!][”’")\]]{0,3}([1-9]\d{0,2})(?=[ \t]+[“"‘(]?\p{Lu}|[ \t]*(?:\n|$))/gu;
// A sentence end with no space before the next sentence ("exists?What", "economically.The").
const GLUED_SENTENCE = /(?<=\p{Ll})[.?!][”’)]?(?=\p{Lu}\p{Ll})/gu;
// An opening double quote glued to the word or punctuation before it ("the“Marxist”", "he says,“either").
const GLUED_OPENING_QUOTE = /(?<=[\p{L}.,;:!?])(?=“[\p{L}\p{N}‘])/gu;

const isRomanNumeral = (word: string): boolean => /^[IVXLCDM]+$/.test(word);

/** The letters just before `at`. */
function lettersBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && at - i < 40 && /\p{L}/u.test(text[i - 1])) i--;
  return text.slice(i, at);
}

/** True when the stop at `stop` ends a sentence as far as the word before it can tell (no "No.", "U.S.", "p."). */
function endsSentence(text: string, stop: number): boolean {
  const word = lettersBefore(text, stop);
  if (word.length < 2 || isRomanNumeral(word)) return false;
  return text[stop] !== '.' || !isAbbreviationPeriod(text, 0, stop);
}

function noteNumbers(text: string): ArtefactEdit[] {
  const edits: ArtefactEdit[] = [];
  for (const m of text.matchAll(GLUED_NOTE)) {
    if (!endsSentence(text, m.index)) continue;
    const digits = m[1];
    edits.push({
      kind: 'note-number',
      at: m.index + m[0].length - digits.length,
      remove: digits.length,
      insert: '',
    });
  }
  return edits;
}

function missingSpaces(text: string): ArtefactEdit[] {
  const edits: ArtefactEdit[] = [];
  for (const m of text.matchAll(GLUED_SENTENCE)) {
    if (endsSentence(text, m.index))
      edits.push({ kind: 'missing-space', at: m.index + m[0].length, remove: 0, insert: ' ' });
  }
  for (const m of text.matchAll(GLUED_OPENING_QUOTE))
    edits.push({ kind: 'missing-space', at: m.index, remove: 0, insert: ' ' });
  return edits;
}

/**
 * Repairs two artefacts the sources left in their texts, and nothing else: note numbers glued to the end of a
 * sentence ("imperialists.185 Though" → "imperialists. Though") and a missing space after a sentence end or before
 * an opening double quote ("exists?What" → "exists? What", "the“Marxist”" → "the “Marxist”"). Only digits are
 * removed and only spaces inserted; the edits say where, so offsets into the input can be carried over
 * ({@link mapOffset}). Idempotent.
 */
export function cleanSourceArtefacts(text: string): CleanedText {
  const edits = [...noteNumbers(text), ...missingSpaces(text)].sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const e of edits) {
    out += text.slice(from, e.at) + e.insert;
    from = e.at + e.remove;
  }
  return { text: out + text.slice(from), edits };
}

/**
 * Where input offset `offset` lands in the cleaned text. A `start` lands after a space inserted at it, an `end`
 * before one, so a span keeps exactly its own characters; an offset inside removed digits lands where they were.
 */
export function mapOffset(edits: readonly ArtefactEdit[], offset: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const e of edits) {
    if (e.at > offset || (e.at === offset && (e.remove > 0 || side === 'end'))) break;
    if (offset < e.at + e.remove) return e.at + shift + (side === 'start' ? e.insert.length : 0);
    shift += e.insert.length - e.remove;
  }
  return offset + shift;
}
