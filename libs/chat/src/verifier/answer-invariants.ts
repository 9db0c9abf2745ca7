import type { Citation, Refusal } from '@parley/contracts';
import { findMarkers } from './citation-markers';
import { parseDraft } from './draft-parser';
import { markupRanges, scanQuotes } from '@parley/text';

/** A stretch of an answer that breaks an invariant, and which one. */
export interface AnswerViolation {
  kind: 'marker' | 'quote' | 'markup';
  start: number;
  end: number;
  message: string;
}

/**
 * Lists every broken invariant of an answer (DESIGN.md §4); empty when it is sound:
 * each citation's `quote === document.text.slice(start, end)` (documents by id in `documentTexts`),
 * markers are distinct, every `[n]` outside quotations has a citation with marker n, every quotation
 * occurs verbatim in a citation whose marker is in the same sentence, a refusal has no citations,
 * and (the verifier's own promise) the answer holds no HTML and no markdown link or image.
 */
export function verifyInvariants(
  answer: string,
  citations: readonly Citation[],
  documentTexts: ReadonlyMap<string, string>,
  refusal: Refusal | null = null,
): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const c of citations) {
    if (seen.has(c.marker)) problems.push(`citation [${c.marker}] appears twice`);
    seen.add(c.marker);
    const text = documentTexts.get(c.documentId);
    if (text === undefined)
      problems.push(`citation [${c.marker}] points to unknown document ${c.documentId}`);
    else if (!(c.start >= 0 && c.start <= c.end && c.end <= text.length)) {
      problems.push(`citation [${c.marker}] has offsets ${c.start}..${c.end} outside its document`);
    } else if (text.slice(c.start, c.end) !== c.quote) {
      problems.push(`citation [${c.marker}] quote is not document.text.slice(${c.start}, ${c.end})`);
    }
  }
  if (refusal !== null && citations.length > 0) problems.push(`refusal "${refusal}" carries citations`);
  problems.push(...answerViolations(answer, citations).map((v) => v.message));
  return problems;
}

/** Markup (HTML, markdown links and images), markers without a citation, quotations not inside a citation of their sentence. */
export function answerViolations(answer: string, citations: readonly Citation[]): AnswerViolation[] {
  const byMarker = new Map(citations.map((c) => [c.marker, c]));
  const violations: AnswerViolation[] = markupRanges(answer).map((r) => ({
    kind: 'markup',
    ...r,
    message: `markup in the answer: ${shorten(answer.slice(r.start, r.end))}`,
  }));
  for (const m of findMarkers(answer, scanQuotes(answer))) {
    for (const n of m.numbers) {
      if (!byMarker.has(n))
        violations.push({
          kind: 'marker',
          start: m.start,
          end: m.end,
          message: `marker [${n}] has no citation`,
        });
    }
  }
  for (const paragraph of parseDraft(answer)) {
    for (const line of paragraph.lines) {
      for (const sentence of line.sentences) {
        const markers = sentence.pieces.flatMap((p) => (p.kind === 'markers' ? p.numbers : []));
        for (const p of sentence.pieces) {
          if (p.kind !== 'quote') continue;
          const attached = markers.some((n) => byMarker.get(n)?.quote.includes(p.inner));
          if (!attached) {
            violations.push({
              kind: 'quote',
              start: sentence.start,
              end: sentence.end,
              message: `quotation ${p.open}${shorten(p.inner)}${p.close} is not in a citation of its sentence`,
            });
          }
        }
      }
    }
  }
  return violations;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
