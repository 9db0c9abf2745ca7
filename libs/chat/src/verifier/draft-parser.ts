import { markerAt, type MarkerMatch } from './citation-markers';
import { scanQuotes, type QuoteSpan } from '@parley/text';
import {
  SENTENCE_OPENER,
  isAbbreviationPeriod,
  trimSpan as trimRange,
  type TextSpan as TextRange,
} from '@parley/text';

/** Part of a sentence: plain words, a quotation (atomic), or a group of citation markers. */
export type DraftPiece =
  | { kind: 'text'; text: string }
  | { kind: 'quote'; open: string; close: string; inner: string }
  | { kind: 'markers'; numbers: number[] };

export interface DraftSentence {
  /** The sentence as written, trimmed; offsets into the parsed text. */
  text: string;
  start: number;
  end: number;
  pieces: DraftPiece[];
}

/** A line keeps its list or heading prefix (`- `, `1. `, `## `, `> `) apart from its sentences. */
export interface DraftLine {
  prefix: string;
  sentences: DraftSentence[];
}

export interface DraftParagraph {
  lines: DraftLine[];
}

const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;
const LINE_PREFIX = /^[ \t]*(?:[-*+•]|\d{1,3}[.)]|#{1,6}|>)[ \t]+/;
const LINE_END_CLOSES = /[.!?:;…\]”"’»)]$/;
// After a marker group only a capital or an opening double quote starts a new sentence: `[1] And …`.
const OPENER_AFTER_MARKER = /[\p{Lu}“"«]/u;

/**
 * Reads a draft answer as paragraphs of lines of sentences. Quotations are atomic (their
 * punctuation and line breaks never split anything); markers stay with the sentence they follow;
 * a line break inside running prose (the next line starts in lower case) is a soft wrap, not a line.
 */
export function parseDraft(text: string): DraftParagraph[] {
  const quotes = scanQuotes(text);
  const quoteStarts = new Map(quotes.map((q) => [q.start, q]));
  const inside = insideQuotes(text.length, quotes);
  return splitOutside(text, 0, text.length, PARAGRAPH_BREAK, inside)
    .map((p) => ({
      lines: lines(text, p, inside)
        .map((l) => parseLine(text, l, quoteStarts))
        .filter((l) => l.sentences.length > 0),
    }))
    .filter((p) => p.lines.length > 0);
}

function insideQuotes(length: number, quotes: QuoteSpan[]): Uint8Array {
  const inside = new Uint8Array(length);
  for (const q of quotes) inside.fill(1, q.start + 1, q.end);
  return inside;
}

function splitOutside(text: string, from: number, to: number, re: RegExp, inside: Uint8Array): TextRange[] {
  const ranges: TextRange[] = [];
  let start = from;
  for (const m of text.slice(from, to).matchAll(re)) {
    const at = from + m.index;
    if (inside[at]) continue;
    ranges.push({ start, end: at });
    start = at + m[0].length;
  }
  ranges.push({ start, end: to });
  return ranges;
}

function lines(text: string, paragraph: TextRange, inside: Uint8Array): TextRange[] {
  const result: TextRange[] = [];
  for (const line of splitOutside(text, paragraph.start, paragraph.end, /\n/g, inside)) {
    const previous = result[result.length - 1];
    if (previous && isSoftWrap(text.slice(previous.start, previous.end), text.slice(line.start, line.end))) {
      previous.end = line.end;
    } else result.push({ ...line });
  }
  return result;
}

/** True when a line break between these two lines only wraps running prose (the next starts in lower case). */
/** True when an odd number of `*` stand between `from` and `at`: `at` lies inside markdown emphasis. */
function insideEmphasis(text: string, from: number, at: number): boolean {
  let stars = 0;
  for (let i = from; i < at; i++) if (text[i] === '*') stars++;
  return stars % 2 === 1;
}

export function isSoftWrap(previousLine: string, nextLine: string): boolean {
  return (
    !LINE_PREFIX.test(nextLine) &&
    /^\s*\p{Ll}/u.test(nextLine) &&
    !LINE_END_CLOSES.test(previousLine.trimEnd())
  );
}

function parseLine(text: string, line: TextRange, quoteStarts: Map<number, QuoteSpan>): DraftLine {
  const prefix = LINE_PREFIX.exec(text.slice(line.start, line.end))?.[0] ?? '';
  const body = trimRange(text, line.start + prefix.length, line.end);
  return { prefix: prefix.trimStart(), sentences: new SentenceReader(text, body, quoteStarts).read() };
}

/** Walks one line left to right, cutting sentences at terminators outside quotations. */
class SentenceReader {
  private readonly sentences: DraftSentence[] = [];
  private pieces: DraftPiece[] = [];
  private sentenceStart: number;
  private textStart: number;

  constructor(
    private readonly text: string,
    private readonly range: TextRange,
    private readonly quoteStarts: Map<number, QuoteSpan>,
  ) {
    this.sentenceStart = range.start;
    this.textStart = range.start;
  }

  read(): DraftSentence[] {
    const { text } = this;
    const e = this.range.end;
    let p = this.range.start;
    while (p < e) {
      const quote = this.quoteStarts.get(p);
      if (quote) {
        this.flushText(p);
        const inner = text.slice(quote.innerStart, quote.innerEnd);
        this.pieces.push({ kind: 'quote', open: quote.open, close: quote.close, inner });
        p = this.textStart = quote.end;
        if (/[.!?…]["”’'»)\]]*\s*$/.test(inner)) p = this.closeIfBoundary(p, SENTENCE_OPENER);
        continue;
      }
      const marker = markerAt(text, p);
      if (marker) {
        this.pushMarker(marker);
        // Markers opening a sentence end nothing.
        const hasContent = this.pieces.some(
          (x) => x.kind === 'quote' || (x.kind === 'text' && /[\p{L}\p{N}]/u.test(x.text)),
        );
        p = hasContent ? this.closeIfBoundary(marker.end, OPENER_AFTER_MARKER, false) : marker.end;
        continue;
      }
      if (/[.!?…]/.test(text[p])) {
        let r = p;
        while (r < e && /[.!?…]/.test(text[r])) r++;
        const periodOnly = r - p === 1 && text[p] === '.';
        while (r < e && /[)”"’'»]/.test(text[r]) && !this.quoteStarts.has(r)) r++;
        if (periodOnly && isAbbreviationPeriod(text, this.range.start, p)) p = r;
        // Inside *emphasis* (a title such as *Trotskyism or Leninism?*) a question mark ends nothing.
        else if (insideEmphasis(text, this.sentenceStart, p)) p = r;
        else p = this.closeIfBoundary(r, SENTENCE_OPENER);
        continue;
      }
      p++;
    }
    this.finishSentence(e);
    return this.sentences;
  }

  /**
   * If a sentence may end at `at` (what follows is the end of the line, or space and an opener,
   * after any markers, which stay with this sentence), ends it there. Returns where to read on.
   */
  private closeIfBoundary(at: number, opener: RegExp, afterTerminator = true): number {
    const { text } = this;
    const e = this.range.end;
    const markers: MarkerMatch[] = [];
    let k = at;
    let afterMarkers = at;
    for (;;) {
      while (k < e && /\s/.test(text[k])) k++;
      const m = markerAt(text, k);
      if (!m) break;
      markers.push(m);
      k = afterMarkers = m.end;
    }
    // Space before the next word, or right after a terminator (`end. [3]Next`), separates sentences.
    const spaced = /\s/.test(text[k - 1]) || (afterTerminator && /\s/.test(text[at]));
    const closes = k >= e || (spaced && opener.test(text[k]));
    if (!closes) return at;
    for (const m of markers) this.pushMarker(m);
    this.finishSentence(afterMarkers);
    return afterMarkers;
  }

  private pushMarker(m: MarkerMatch): void {
    const last = this.pieces[this.pieces.length - 1];
    const between = this.text.slice(this.textStart, m.start);
    if (last?.kind === 'markers' && between.trim() === '') last.numbers.push(...m.numbers);
    else {
      this.flushText(m.start);
      this.pieces.push({ kind: 'markers', numbers: [...m.numbers] });
    }
    this.textStart = m.end;
  }

  private flushText(upTo: number): void {
    if (upTo <= this.textStart) return;
    // A soft-wrapped line break inside prose becomes a space.
    const chunk = this.text.slice(this.textStart, upTo).replace(/[ \t]*\n\s*/g, ' ');
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'text') last.text += chunk;
    else this.pieces.push({ kind: 'text', text: chunk });
    this.textStart = upTo;
  }

  private finishSentence(end: number): void {
    this.flushText(end);
    const pieces = trimPieces(this.pieces);
    const r = trimRange(this.text, this.sentenceStart, end);
    if (pieces.length > 0) this.sentences.push({ text: this.text.slice(r.start, r.end), ...r, pieces });
    this.pieces = [];
    this.sentenceStart = this.textStart = end;
  }
}

function trimPieces(pieces: DraftPiece[]): DraftPiece[] {
  const first = pieces[0];
  if (first?.kind === 'text') first.text = first.text.trimStart();
  const last = pieces[pieces.length - 1];
  if (last?.kind === 'text') last.text = last.text.trimEnd();
  return pieces.filter((p) => p.kind !== 'text' || p.text !== '');
}
