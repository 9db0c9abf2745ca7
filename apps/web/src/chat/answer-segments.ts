/** A piece of an answer: plain text, or a `[n]` footnote marker. */
export type AnswerSegment = { kind: 'text'; text: string } | { kind: 'marker'; marker: number };

/** Splits answer text at `[n]` (and `[n, m]`) markers; everything else stays text, to be rendered as text. */
export function answerSegments(text: string): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  const pattern = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ kind: 'text', text: text.slice(last, index) });
    for (const n of match[1].split(',')) segments.push({ kind: 'marker', marker: Number(n.trim()) });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
