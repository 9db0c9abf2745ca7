import { titleQuotedParts } from '@parley/text';
import { scanQuotes } from '@parley/text';

/**
 * The draft with quotations that are a cited title's own quoted words (*“Left-Wing” Communism*) nested in
 * single marks: they name a document, they do not claim its text, and left double they would fail the
 * verbatim check and take their whole sentence down with them.
 */
export function nestTitleQuotations(draft: string, titles: readonly string[]): string {
  const parts = new Set(titles.flatMap(titleQuotedParts));
  if (parts.size === 0) return draft;
  let out = '';
  let at = 0;
  for (const q of scanQuotes(draft)) {
    const inner = draft.slice(q.innerStart, q.innerEnd);
    if (!parts.has(inner)) continue;
    out += `${draft.slice(at, q.start)}‘${inner}’`;
    at = q.end;
  }
  return out + draft.slice(at);
}
