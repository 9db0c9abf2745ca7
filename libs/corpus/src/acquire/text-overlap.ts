import { words } from '@parley/text';

const N = 6;

function grams(text: string): string[] {
  const ws = words(text);
  const out: string[] = [];
  for (let i = 0; i + N <= ws.length; i++) out.push(ws.slice(i, i + N).join(' '));
  return out;
}

/** Share of `a`'s 6-word sequences that occur anywhere in `b` (1 when `a` has none). */
function covered(a: string[], b: ReadonlySet<string>): number {
  if (a.length === 0) return 1;
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / a.length;
}

/**
 * How far two texts hold the same words: `aInB` is the share of `a`'s 6-word sequences found in `b` (nothing
 * of `a` missing from `b`), `bInA` the reverse (nothing foreign in `b`). Words as the answerer reads them.
 */
export function sixWordOverlap(a: string, b: string): { aInB: number; bInA: number } {
  const ga = grams(a);
  const gb = grams(b);
  return { aInB: covered(ga, new Set(gb)), bInA: covered(gb, new Set(ga)) };
}
