import type { Passage } from '@parley/contracts';

/**
 * The passages an answer draws on, in retrieval order: at most `max` of any one document, ranks renumbered from 1.
 * A document is represented by its best passage, then by the one the question's words single out (best full-text
 * score), then in retrieval order: chunks of one document share its subject, so their vectors hardly tell them
 * apart, while the words of the question point at the one that names what was asked. Retrieval returns the most
 * relevant passages wherever they are; how many of one document an answer quotes is decided here.
 */
export function atMostPerDocument(passages: readonly Passage[], max: number): Passage[] {
  const byDocument = new Map<string, Passage[]>();
  for (const p of passages) byDocument.set(p.documentId, [...(byDocument.get(p.documentId) ?? []), p]);
  const kept = new Set<Passage>();
  for (const ofDocument of byDocument.values()) {
    for (const p of representatives(ofDocument).slice(0, max)) kept.add(p);
  }
  return passages.filter((p) => kept.has(p)).map((p, i) => ({ ...p, rank: i + 1 }));
}

/** A document's passages (in retrieval order) in the order they represent it; see `atMostPerDocument`. */
function representatives(ofDocument: Passage[]): Passage[] {
  const [best, ...rest] = ofDocument;
  const byWords = rest.reduce<Passage | null>(
    (top, p) =>
      p.scores.text !== null && (top === null || p.scores.text > (top.scores.text ?? 0)) ? p : top,
    null,
  );
  return byWords ? [best, byWords, ...rest.filter((p) => p !== byWords)] : ofDocument;
}
