import { scanQuotes } from './quote-scanner';

// Titles carry quotation marks of their own (“Left-Wing” Childishness). Inside an answer, double marks claim
// the source's verbatim words, so a title's marks are nested as single ones there, as in running prose.

const DOUBLE_QUOTED = /“([^“”]*)”|"([^"]*)"|«([^«»]*)»/g;

/** The title with its double-quoted parts in single marks: `“Left-Wing” Childishness` → `‘Left-Wing’ Childishness`. */
export function nestTitleQuotes(title: string): string {
  return title.replace(DOUBLE_QUOTED, (_whole, curly?: string, straight?: string, angle?: string) => {
    return `‘${curly ?? straight ?? angle ?? ''}’`;
  });
}

/** The words a title puts in double marks: `“Left-Wing” Childishness` → `['Left-Wing']`. */
export function titleQuotedParts(title: string): string[] {
  return [...title.matchAll(DOUBLE_QUOTED)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((inner) => /[\p{L}\p{N}]/u.test(inner));
}

/**
 * Our own words (a title, a timeline event's name, a line with one in it) fit for an answer's running text, where
 * quotation marks claim a source's verbatim words: double-marked parts nested in single marks (`Churchill's
 * "Iron Curtain" speech` → `Churchill's ‘Iron Curtain’ speech`), or left bare when single marks would still read as
 * a quotation (four words or more, or a mark pairing with an apostrophe further on). `scanQuotes` finds nothing in
 * the result.
 */
export function withoutQuotations(text: string): string {
  const nested = nestTitleQuotes(text);
  if (scanQuotes(nested).length === 0) return nested;
  let out = text.replace(DOUBLE_QUOTED, (_whole, curly?: string, straight?: string, angle?: string) => {
    return curly ?? straight ?? angle ?? '';
  });
  // What is left is single-marked spans of the text's own. Each pass drops the two marks of at least one
  // quotation, so the text shrinks until none is left.
  for (let spans = scanQuotes(out); spans.length > 0; spans = scanQuotes(out)) {
    out = spans.reduceRight(
      (s, q) => s.slice(0, q.start) + s.slice(q.innerStart, q.innerEnd) + s.slice(q.end),
      out,
    );
  }
  return out;
}
