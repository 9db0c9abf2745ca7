/** A citation marker group in some text, such as `[1]`, `[1, 2]`, `[1-3]` or `[^2]`. */
export interface MarkerMatch {
  start: number;
  end: number;
  /** The numbers it names, in the order written, ranges expanded. */
  numbers: number[];
}

const MARKER = /\[\^?[ \t]*\d{1,4}(?:[ \t]*(?:,|;|-|–|—|and|&)[ \t]*\^?\d{1,4})*[ \t]*\]/y;
// `[1-200]` is not a citation of two hundred passages; a wider range keeps only its ends.
const MAX_RANGE = 20;

/** The marker group starting exactly at `i`, if there is one. */
export function markerAt(text: string, i: number): MarkerMatch | null {
  if (text[i] !== '[') return null;
  MARKER.lastIndex = i;
  const m = MARKER.exec(text);
  if (!m) return null;
  return { start: i, end: i + m[0].length, numbers: markerNumbers(m[0]) };
}

/** Every marker group of `text` outside the given excluded ranges (quotations), in order. */
export function findMarkers(
  text: string,
  excluded: readonly { start: number; end: number }[] = [],
): MarkerMatch[] {
  const found: MarkerMatch[] = [];
  let skip = 0;
  for (let i = 0; i < text.length; i++) {
    while (skip < excluded.length && excluded[skip].end <= i) skip++;
    if (skip < excluded.length && excluded[skip].start <= i) {
      i = excluded[skip].end - 1;
      continue;
    }
    const m = markerAt(text, i);
    if (m) {
      found.push(m);
      i = m.end - 1;
    }
  }
  return found;
}

function markerNumbers(group: string): number[] {
  const numbers: number[] = [];
  for (const part of group.slice(1, -1).split(/,|;|and|&/)) {
    const ends = part.match(/\d+/g)?.map(Number) ?? [];
    const [a, b] = ends;
    if (ends.length === 2 && b >= a && b - a <= MAX_RANGE) {
      for (let n = a; n <= b; n++) numbers.push(n);
    } else numbers.push(...ends);
  }
  return numbers;
}

/** Writes marker numbers the one way answers carry them: `[1] [2]`. */
export function formatMarkers(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join(' ');
}
