import { SENTENCE_OPENER, isAbbreviationPeriod } from './sentence-splitter';

/**
 * An answer cut into pieces that each end a sentence (with the markers after it), to be sent one at a
 * time; joined they give back `text` exactly. A cut never falls inside a “quotation”.
 */
export function sentencePieces(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  const end = /[.!?…]+[”"’'»)\]]*(?:[ \t]*\[\^?\d{1,4}\])*\s+|\n[ \t]*\n\s*/gu;
  for (const m of text.matchAll(end)) {
    const at = m.index + m[0].length;
    if (at >= text.length || !SENTENCE_OPENER.test(text[at])) continue;
    if (m[0].startsWith('.') && !m[0].startsWith('..') && isAbbreviationPeriod(text, from, m.index)) continue;
    if (insideQuotation(text, at)) continue;
    pieces.push(text.slice(from, at));
    from = at;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function insideQuotation(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return (before.match(/“/g)?.length ?? 0) > (before.match(/”/g)?.length ?? 0);
}
