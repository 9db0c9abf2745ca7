import { HONORIFICS, foldDiacritics } from '@parley/text';
/** A `Name:` label at the start of a paragraph of a transcript. */
export interface SpeakerLabel {
  /** The name as written, without the colon: "Trotsky", "J. P. Cannon", "Question", "Stenographer’s note". */
  name: string;
  /** A bracketed label, "(Stenographer’s note: …)", covers its own paragraph only. */
  aside: boolean;
}

// Capitalised words that open ordinary prose with a colon ("Note: …", "Comrades: …", "Further: …") and are
// never taken for a speaker. Compared lower-case without dots.
const NOT_SPEAKERS = new Set([
  'note',
  'notes',
  'nb',
  'ps',
  'pps',
  'further',
  'furthermore',
  'comrades',
  'comrade',
  'gentlemen',
  'citizens',
  'friends',
  'example',
  'examples',
  'source',
  'sources',
  'total',
  'totals',
  'result',
  'results',
  'conclusion',
  'summary',
  'resolved',
  'whereas',
  'postscript',
  'addendum',
  'thus',
  'hence',
  'therefore',
  'first',
  'second',
  'third',
  'finally',
  'then',
  'now',
  'yes',
  'no',
  'but',
  'and',
]);

// "Answer:" in a question-and-answer document is the author answering: it gets no speaker of its own.
const AUTHOR_LABELS = new Set(['answer', 'a', 'reply']);

const NAME_PARTICLES = new Set([
  'de',
  'da',
  'di',
  'du',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'ibn',
  'bin',
]);
const MAX_LABEL_CHARS = 40;

function isNameWord(word: string, first: boolean): boolean {
  if (/^\p{Lu}[\p{L}’'-]*\.?$/u.test(word)) return true;
  return !first && NAME_PARTICLES.has(word);
}

function isSpeakerName(candidate: string): boolean {
  if (candidate.length === 0 || candidate.length > MAX_LABEL_CHARS) return false;
  const words = candidate.split(/\s+/);
  if (words.length > 4 || !words.every((w, i) => isNameWord(w, i === 0))) return false;
  return !NOT_SPEAKERS.has(candidate.toLowerCase().replace(/\./g, ''));
}

/**
 * Reads a speaker label at the start of a paragraph: a short capitalised name (at most four words, no digits)
 * and a colon ("Trotsky: …", "J. P. Cannon: …", "Question:…"), or a bracketed note "(Stenographer’s note: …)".
 * Ordinary openers such as "Note:" or "Comrades:" are not labels. Whether labels mean anything is decided per
 * document by {@link isTranscript}.
 */
export function readSpeakerLabel(paragraph: string): SpeakerLabel | null {
  const head = paragraph.slice(0, MAX_LABEL_CHARS + 8);
  const colon = head.indexOf(':');
  if (colon <= 0) return null;
  const bracket = head[0] === '(' || head[0] === '[';
  if (bracket) {
    const name = head.slice(1, colon).trim();
    const closed = /[)\]]$/.test(paragraph.trimEnd());
    // Looser than a plain label: the brackets already say this is an aside, e.g. "Stenographer’s note".
    if (!closed || !/^\p{Lu}[\p{L}’'. ]{0,38}$/u.test(name)) return null;
    return { name, aside: true };
  }
  // Cells of a table row ("Germany: | …") are data, not speech.
  if (paragraph.includes(' | ')) return null;
  const name = head.slice(0, colon).trimEnd();
  if (!isSpeakerName(name)) return null;
  return { name, aside: false };
}

export interface TranscriptEvidence {
  /** The labels found, one per labelled paragraph, in order (asides excluded). */
  labels: readonly string[];
  /** How many paragraphs of running text (not headings) the document has. */
  bodyParagraphs: number;
  /** Whether the first paragraph of running text carries a label. */
  opensWithLabel: boolean;
}

/**
 * Decides whether a document is a transcript whose labels assign speakers. It is when at least three paragraphs
 * carry labels naming at least two different speakers, and either the text opens with a label or labels mark at
 * least a tenth of its paragraphs. A treatise that quotes "Marx: …" and "Engels: …" once is not a transcript.
 */
export function isTranscript(evidence: TranscriptEvidence): boolean {
  const distinct = new Set(evidence.labels.map((l) => l.toLowerCase()));
  if (evidence.labels.length < 3 || distinct.size < 2) return false;
  return evidence.opensWithLabel || evidence.labels.length >= 0.1 * evidence.bodyParagraphs;
}

/** The speaker a label assigns: the name, or null (the document's author) for "Answer:"-style labels. */
export function speakerOf(label: SpeakerLabel): string | null {
  return AUTHOR_LABELS.has(label.name.toLowerCase()) ? null : label.name;
}

/**
 * In a transcript, a known speaker's name followed by a semicolon at the start of a paragraph is a mistyped
 * label ("Dunne; I wanted to ask …"); returns that name, or null.
 */
export function readMistypedLabel(paragraph: string, knownSpeakers: ReadonlySet<string>): string | null {
  const m = /^(\p{Lu}[\p{L}’'-]*(?:\s\p{Lu}[\p{L}’'-]*)?);\s/u.exec(paragraph);
  return m && knownSpeakers.has(m[1]) ? m[1] : null;
}

function nameTokens(name: string): string[] {
  return foldDiacritics(name.toLowerCase())
    .split(/[\s.]+/)
    .filter((t) => t.length > 0);
}

/**
 * Whether a chunk with this speaker is in the persona's own voice. No speaker (null) means the document's
 * author, so yes; otherwise the label's surname must be the persona id or the author's surname ("Trotsky",
 * "L. Trotsky", "Leon Trotsky", "Comrade Trotsky"), and any full given name must be one of the author's.
 */
export function isSpokenByAuthor(chunkSpeaker: string | null, persona: string, author: string): boolean {
  if (chunkSpeaker === null) return true;
  const tokens = nameTokens(chunkSpeaker).filter((t) => !HONORIFICS.has(t));
  const authorTokens = nameTokens(author);
  const surname = tokens.at(-1);
  if (surname === undefined) return false;
  const surnames = new Set([persona.toLowerCase(), authorTokens.at(-1)]);
  if (!surnames.has(surname)) return false;
  const givenNames = new Set(authorTokens.slice(0, -1));
  // Initials are accepted whatever they are (pen names and patronymics vary); a full first name must match.
  return tokens.slice(0, -1).every((t) => t.length === 1 || givenNames.has(t));
}
