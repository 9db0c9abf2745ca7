import { isHeadingLike, isSignatureLine, readDateLine } from './heading-detector';
import { countWords, splitClauses, splitSentences, type TextSpan as Span } from '@parley/text';
import { isTranscript, readMistypedLabel, readSpeakerLabel, speakerOf } from './speaker-attribution';

/** A passage of a document: `text === document.slice(start, end)`, always. */
export interface Chunk {
  /** Position in the document, from 0. */
  ordinal: number;
  start: number;
  end: number;
  text: string;
  /** The heading of the section the chunk belongs to, or null before the first heading. */
  heading: string | null;
  /** Who speaks, from a transcript's `Name:` label; null means the document's author. */
  speaker: string | null;
}

export interface ChunkOptions {
  /** A chunk keeps growing until it has at least this many words (default 80). */
  minWords?: number;
  /** A chunk stops growing past this many words once it has `minWords` (default 180). */
  maxWords?: number;
  /**
   * No chunk is longer than this (default 300), except one made of a single sentence that has no sentence or
   * clause boundary to split at: such a sentence is kept whole rather than cut.
   */
  hardMaxWords?: number;
}

interface Paragraph extends Span {
  text: string;
  words: number;
}

type Role = 'heading' | 'body';

/** A piece of running text that is never divided: a paragraph, or a run of sentences of a long one. */
interface Unit extends Span {
  words: number;
  section: number;
  speaker: string | null;
}

const HEADING_JOINER = ' — ';

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

/** Paragraphs: runs of non-blank lines, trimmed of surrounding whitespace. */
function findParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let first = -1; // start of the paragraph's first line
  let last = -1; // end of its last line
  let lineStart = 0;
  const close = (): void => {
    if (first < 0) return;
    const raw = text.slice(first, last);
    const start = first + (raw.length - raw.trimStart().length);
    const end = last - (raw.length - raw.trimEnd().length);
    const slice = text.slice(start, end);
    paragraphs.push({ start, end, text: slice, words: countWords(slice) });
    first = -1;
  };
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    if (isBlank(text.slice(lineStart, lineEnd))) {
      close();
    } else {
      if (first < 0) first = lineStart;
      last = lineEnd;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  close();
  return paragraphs;
}

const isTableRow = (p: Paragraph | undefined): boolean => p !== undefined && p.text.includes(' | ');
const isClosingLine = (p: Paragraph): boolean => isSignatureLine(p.text) || readDateLine(p.text) !== null;

/**
 * Decides which heading-shaped paragraphs really are headings. Captions of tables (heading-shaped lines just above
 * ` | ` rows) belong to the table. Dates and signatures are not titles: a run made only of them is running text,
 * and after running text a run's leading signatures and dates close the previous section ("The Author",
 * "August 1917"). A run with nothing after it closes the document. Whatever is left of a run is the next heading.
 */
function assignRoles(paragraphs: Paragraph[], headingShaped: boolean[]): Role[] {
  const shaped = [...headingShaped];
  for (const [i, p] of paragraphs.entries()) {
    if (!isTableRow(p)) continue;
    // A caption may take two lines ("BANK ASSETS (…)", "Capital Invested"); more would reach the chapter title.
    for (let k = i - 1; k >= Math.max(0, i - 2) && headingShaped[k]; k--) shaped[k] = false;
  }
  const roles: Role[] = shaped.map((h) => (h ? 'heading' : 'body'));
  let i = 0;
  while (i < paragraphs.length) {
    if (!shaped[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < paragraphs.length && shaped[j]) j++;
    const run = paragraphs.slice(i, j);
    if (j === paragraphs.length || run.every(isClosingLine)) {
      for (let k = i; k < j; k++) roles[k] = 'body';
    } else if (i > 0) {
      for (let k = i; k < j && isClosingLine(paragraphs[k]); k++) roles[k] = 'body';
    }
    i = j;
  }
  return roles;
}

interface Attribution {
  roles: Role[];
  speakers: (string | null)[];
}

/** Finds headings and, when the document is a transcript, who speaks each paragraph. */
function attribute(paragraphs: Paragraph[]): Attribution {
  const labels = paragraphs.map((p) => readSpeakerLabel(p.text));
  const shapes = paragraphs.map((p) => isHeadingLike(p.text));
  const speech = labels.map((l) => l !== null && !l.aside);
  const isBody = (i: number): boolean => !shapes[i] || speech[i];
  const firstBody = paragraphs.findIndex((_p, i) => isBody(i));
  const transcript = isTranscript({
    labels: labels.filter((l, i) => l !== null && speech[i]).map((l) => l!.name),
    bodyParagraphs: paragraphs.filter((_p, i) => isBody(i)).length,
    opensWithLabel: firstBody >= 0 && speech[firstBody],
  });
  // In a transcript a labelled paragraph ("Trotsky: Yes") is speech even when it is as short as a heading.
  const roles = assignRoles(
    paragraphs,
    shapes.map((shape, i) => shape && !(transcript && labels[i] !== null)),
  );
  if (!transcript) return { roles, speakers: paragraphs.map(() => null) };

  const known = new Set(labels.filter((l, i) => l !== null && speech[i]).map((l) => l!.name));
  let current: string | null = null;
  const speakers = paragraphs.map((p, i) => {
    const label = labels[i];
    // An aside speaks for its own paragraph only; the speaker before it carries on after it.
    if (label?.aside) return label.name;
    if (label) current = speakerOf(label);
    else if (roles[i] === 'body') current = readMistypedLabel(p.text, known) ?? current;
    return current;
  });
  return { roles, speakers };
}

/** Where a section's heading block starts and how many words it has; it is glued to the section's first text. */
interface Lead {
  start: number;
  words: number;
}

type Piece = Span & { words: number };

/** The sentences of a paragraph, with any sentence over the hard maximum cut at its clause boundaries. */
function piecesOf(text: string, p: Paragraph, hardMaxWords: number): Piece[] {
  const pieces: Piece[] = [];
  for (const sentence of splitSentences(text, p.start, p.end)) {
    const words = countWords(text, sentence.start, sentence.end);
    if (words <= hardMaxWords) {
      pieces.push({ ...sentence, words });
      continue;
    }
    for (const clause of splitClauses(text, sentence)) {
      pieces.push({ ...clause, words: countWords(text, clause.start, clause.end) });
    }
  }
  return pieces;
}

/**
 * Cuts a paragraph into units. A paragraph that fits is one unit; a longer one becomes runs of whole sentences of
 * about equal size. A heading (`lead`) is glued to the first unit and counts towards its size.
 */
function unitsOf(text: string, p: Paragraph, lead: Lead | null, options: Required<ChunkOptions>): Piece[] {
  const leadWords = lead?.words ?? 0;
  const start = lead?.start ?? p.start;
  if (p.words + leadWords <= options.maxWords) return [{ start, end: p.end, words: p.words + leadWords }];
  const pieces = piecesOf(text, p, options.hardMaxWords);
  pieces[0] = { ...pieces[0], start, words: pieces[0].words + leadWords };
  const total = p.words + leadWords;
  const target = total / Math.ceil(total / options.maxWords);
  const runs: Piece[] = [];
  for (const piece of pieces) {
    const cur = runs.at(-1);
    // Join the next sentence while the run stays within the hard maximum and nearer the target than without it.
    if (cur && cur.words + piece.words <= options.hardMaxWords && cur.words + piece.words / 2 <= target) {
      cur.end = piece.end;
      cur.words += piece.words;
    } else {
      runs.push({ ...piece });
    }
  }
  return runs;
}

interface Layout {
  headings: (string | null)[];
  units: Unit[];
}

/** Turns paragraphs into sections (one per heading block) and units of running text, each with its speaker. */
function layOut(text: string, options: Required<ChunkOptions>): Layout {
  const paragraphs = findParagraphs(text);
  const { roles, speakers } = attribute(paragraphs);
  const headings: (string | null)[] = [null];
  const units: Unit[] = [];
  let block: Paragraph[] = [];
  for (const [i, p] of paragraphs.entries()) {
    if (roles[i] === 'heading') {
      block.push(p);
      continue;
    }
    let lead: Lead | null = null;
    if (block.length > 0) {
      headings.push(block.map((b) => b.text).join(HEADING_JOINER));
      lead = { start: block[0].start, words: block.reduce((n, b) => n + b.words, 0) };
      block = [];
    }
    const section = headings.length - 1;
    for (const piece of unitsOf(text, p, lead, options))
      units.push({ ...piece, section, speaker: speakers[i] });
  }
  return { headings, units };
}

interface Draft extends Span {
  words: number;
  section: number;
  speaker: string | null;
}

/** Packs units into chunks: never across a section or a change of speaker, aiming at minWords…maxWords. */
function group(units: Unit[], options: Required<ChunkOptions>): Draft[] {
  const drafts: Draft[] = [];
  let cur: Draft | null = null;
  for (const unit of units) {
    if (cur !== null && cur.section === unit.section && cur.speaker === unit.speaker) {
      const grown = cur.words + unit.words;
      if (grown <= options.hardMaxWords && (cur.words < options.minWords || grown <= options.maxWords)) {
        cur.end = unit.end;
        cur.words = grown;
        continue;
      }
    }
    cur = { ...unit };
    drafts.push(cur);
  }
  return mergeShortTails(drafts, options);
}

/** Folds a short last chunk of a section (or of a speaker's turn) into the chunk before it when both fit. */
function mergeShortTails(drafts: Draft[], options: Required<ChunkOptions>): Draft[] {
  const merged: Draft[] = [];
  for (const d of drafts) {
    const prev = merged.at(-1);
    const short = d.words < options.minWords / 2;
    if (
      prev &&
      short &&
      prev.section === d.section &&
      prev.speaker === d.speaker &&
      prev.words + d.words <= options.hardMaxWords
    ) {
      prev.end = d.end;
      prev.words += d.words;
    } else {
      merged.push(d);
    }
  }
  return merged;
}

const DEFAULTS: Required<ChunkOptions> = { minWords: 80, maxWords: 180, hardMaxWords: 300 };

/**
 * Cuts a document into passages for retrieval and citation. Chunks follow paragraphs (several short ones together,
 * a long one as runs of whole sentences), never cut a sentence, stay within one section and one speaker, carry their
 * section heading (the heading text itself opens the section's first chunk), and are exact slices of `text`, in
 * order, without overlap, together holding every non-space character of it.
 */
export function chunkDocument(text: string, options: ChunkOptions = {}): Chunk[] {
  const opts = { ...DEFAULTS, ...options };
  const { headings, units } = layOut(text, opts);
  return group(units, opts).map((d, ordinal) => ({
    ordinal,
    start: d.start,
    end: d.end,
    text: text.slice(d.start, d.end),
    heading: headings[d.section],
    speaker: d.speaker,
  }));
}
