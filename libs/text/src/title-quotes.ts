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
