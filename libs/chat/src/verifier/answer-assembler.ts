import type { Citation } from '@parley/contracts';
import { formatMarkers } from './citation-markers';
import { isSoftWrap, type DraftParagraph, type DraftSentence } from './draft-parser';
import type { PassageIndex } from './passage-index';
import type { JudgedSentence, RenderPiece } from './sentence-judge';
import type { VerifierPassage } from './verifier.types';
import { contentTermSet, overlapShare, splitSentences, type TextSpan as TextRange } from '@parley/text';

export interface AssembledAnswer {
  answer: string;
  citations: Citation[];
  /** Where each kept sentence landed in `answer`. */
  placed: { sentence: JudgedSentence; start: number; end: number }[];
}

/**
 * Lays the kept sentences out in the draft's paragraphs and lines, numbers the cited passages
 * 1..m in order of first appearance (or keeps the passages' own numbers) and builds one citation per passage. A passage's citation
 * covers every quotation taken from it (from the first quoted character to the last), so each
 * quotation lies inside the citation its marker points to; a passage cited without quotation gets
 * its sentence most like the first answer sentence that cites it, or the whole passage.
 */
export function assembleAnswer(
  paragraphs: readonly DraftParagraph[],
  kept: ReadonlyMap<DraftSentence, JudgedSentence>,
  passages: readonly PassageIndex[],
  numbering: 'first-appearance' | 'passages' = 'first-appearance',
): AssembledAnswer {
  const order = [...kept.values()];
  const numbers = numberPassages(order, numbering);
  const placed: AssembledAnswer['placed'] = [];
  const paragraphTexts: string[] = [];
  let offset = 0;
  for (const paragraph of paragraphs) {
    const lineTexts: string[] = [];
    for (const line of paragraph.lines) {
      const sentences = line.sentences.flatMap((s) => kept.get(s) ?? []);
      if (sentences.length === 0) continue;
      const texts = sentences.map((s) => renderSentence(s.pieces, numbers));
      const body = texts.join(' ');
      // A line that would read as the wrapped tail of the one before it (a line between them was
      // removed) joins it, so the answer reads back with the same lines.
      const previous = lineTexts[lineTexts.length - 1];
      const joins = previous !== undefined && isSoftWrap(previous, line.prefix + body);
      const opensAnswer = paragraphTexts.length === 0 && lineTexts.length === 0;
      // What goes before this line's first sentence: a space, a line break or a blank line, then the prefix.
      const lead = joins ? 1 : (opensAnswer ? 0 : lineTexts.length === 0 ? 2 : 1) + line.prefix.length;
      let at = offset + lead;
      texts.forEach((text, k) => {
        placed.push({ sentence: sentences[k], start: at, end: at + text.length });
        at += text.length + 1;
      });
      if (joins) lineTexts[lineTexts.length - 1] = `${previous} ${body}`;
      else lineTexts.push(line.prefix + body);
      offset = at - 1;
    }
    if (lineTexts.length > 0) paragraphTexts.push(lineTexts.join('\n'));
  }
  const answer = paragraphTexts.join('\n\n');
  return { answer, citations: buildCitations(order, numbers, passages), placed };
}

/** Passage index → marker, in order of first appearance; with `passages` numbering, passage i is marker i + 1. */
function numberPassages(
  sentences: readonly JudgedSentence[],
  numbering: 'first-appearance' | 'passages',
): Map<number, number> {
  const numbers = new Map<number, number>();
  for (const s of sentences) {
    for (const p of s.pieces) {
      if (p.kind !== 'markers') continue;
      for (const i of p.passages)
        if (!numbers.has(i)) numbers.set(i, numbering === 'passages' ? i + 1 : numbers.size + 1);
    }
  }
  return numbers;
}

/** The sentence as text; where a marker group vanished, the space before it goes too (`claim [7].` → `claim.`). */
function renderSentence(pieces: readonly RenderPiece[], numbers: ReadonlyMap<number, number>): string {
  let out = '';
  let gap = false;
  for (const piece of mergeMarkerRuns(pieces)) {
    const text = renderPiece(piece, numbers);
    if (text === '') {
      gap = gap || piece.kind === 'markers';
      continue;
    }
    if (gap && /^[\s.,;:!?)]/.test(text)) out = out.trimEnd();
    gap = false;
    out += text;
  }
  return out.trim();
}

/** Marker groups with only space between them (once the prose between was cleaned) read as one group. */
function mergeMarkerRuns(pieces: readonly RenderPiece[]): RenderPiece[] {
  const out: RenderPiece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    const beforeLast = out[out.length - 2];
    if (piece.kind === 'markers' && last?.kind === 'markers') {
      out[out.length - 1] = { kind: 'markers', passages: [...last.passages, ...piece.passages] };
    } else if (
      piece.kind === 'markers' &&
      last?.kind === 'text' &&
      last.text.trim() === '' &&
      beforeLast?.kind === 'markers'
    ) {
      out.splice(-2, 2, { kind: 'markers', passages: [...beforeLast.passages, ...piece.passages] });
    } else out.push(piece);
  }
  return out;
}

function renderPiece(piece: RenderPiece, numbers: ReadonlyMap<number, number>): string {
  switch (piece.kind) {
    case 'text':
      return piece.text;
    case 'quote':
      return `${piece.open}${piece.inner}${piece.close}`;
    case 'markers':
      return formatMarkers([...new Set(piece.passages.map((i) => numbers.get(i)!))]);
  }
}

function buildCitations(
  sentences: readonly JudgedSentence[],
  numbers: ReadonlyMap<number, number>,
  passages: readonly PassageIndex[],
): Citation[] {
  // By marker, as footnotes read (and as they are stored), whichever numbering was used.
  return [...numbers]
    .sort((a, b) => a[1] - b[1])
    .map(([i, marker]) => {
      const index = passages[i];
      const p = index.passage;
      return passageCitation(
        p,
        marker,
        quotedRange(sentences, i) ?? supportRange(index, firstCiting(sentences, i)),
      );
    });
}

/** The range of the passage from the first to the last character quoted from it, if any is. */
function quotedRange(sentences: readonly JudgedSentence[], passage: number): TextRange | null {
  let range: TextRange | null = null;
  for (const s of sentences) {
    for (const p of s.pieces) {
      if (p.kind !== 'quote' || p.passage !== passage) continue;
      range = range
        ? { start: Math.min(range.start, p.range.start), end: Math.max(range.end, p.range.end) }
        : { ...p.range };
    }
  }
  return range;
}

function firstCiting(sentences: readonly JudgedSentence[], passage: number): JudgedSentence | undefined {
  return sentences.find((s) => s.pieces.some((p) => p.kind === 'markers' && p.passages.includes(passage)));
}

/** The passage sentence sharing most content words with the answer sentence; the whole passage if none does. */
function supportRange(index: PassageIndex, sentence: JudgedSentence | undefined): TextRange {
  const text = index.passage.text;
  const whole = { start: 0, end: text.length };
  if (!sentence) return whole;
  const prose = sentence.pieces.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join(' ');
  const terms = contentTermSet(prose);
  let best: TextRange = whole;
  let bestShare = 0;
  for (const r of splitSentences(text)) {
    const share = overlapShare(terms, contentTermSet(text.slice(r.start, r.end)));
    if (share > bestShare) {
      best = r;
      bestShare = share;
    }
  }
  return best;
}

/**
 * A passage cited under `marker`: the characters `range` of its text (by default the whole passage, as the
 * provisional citations sent before a model's answer streams), with offsets into the document.
 */
export function passageCitation(
  p: VerifierPassage,
  marker: number,
  range: { start: number; end: number } = { start: 0, end: p.text.length },
): Citation {
  return {
    marker,
    documentId: p.documentId,
    source: p.source,
    title: p.title,
    author: p.author,
    date: p.date,
    url: p.url,
    chunkId: p.chunkId,
    quote: p.text.slice(range.start, range.end),
    start: p.start + range.start,
    end: p.start + range.end,
    speaker: p.speaker,
  };
}
