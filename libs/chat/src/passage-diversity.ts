import type { Passage } from '@parley/contracts';

/**
 * The passages in retrieval order, keeping at most `max` of any one document and renumbering ranks from 1.
 * Retrieval returns the most relevant passages wherever they are; an answer that quotes one document four
 * times says less than one that sets two documents side by side, so diversity is decided here, for the answer.
 */
export function atMostPerDocument(passages: readonly Passage[], max: number): Passage[] {
  const seen = new Map<string, number>();
  const kept: Passage[] = [];
  for (const p of passages) {
    const n = seen.get(p.documentId) ?? 0;
    if (n >= max) continue;
    seen.set(p.documentId, n + 1);
    kept.push({ ...p, rank: kept.length + 1 });
  }
  return kept;
}
