import type { Passage } from '@parley/contracts';

/** A corpus document for verifier tests: its text is what citations must slice. */
export interface TestDocument {
  id: string;
  text: string;
  title?: string;
  author?: string;
  persona?: string;
}

/** The passage `document.text[start, end)`, as retrieval would return it. */
export function passageOf(
  doc: TestDocument,
  start: number,
  end: number,
  over: Partial<Passage> = {},
): Passage {
  return {
    rank: 1,
    chunkId: `${doc.id}#${start}`,
    documentId: doc.id,
    source: `${doc.persona ?? 'lenin'}/${doc.id}.txt`,
    persona: doc.persona ?? 'lenin',
    title: doc.title ?? 'The State and Revolution',
    author: doc.author ?? 'V. I. Lenin',
    date: '1917-08',
    url: null,
    heading: null,
    speaker: null,
    start,
    end,
    text: doc.text.slice(start, end),
    scores: { vector: null, text: null, fused: 0 },
    ...over,
  };
}

/** The passage covering the first occurrence of `snippet` in the document (plus `pad` characters around). */
export function passageAround(
  doc: TestDocument,
  snippet: string,
  over: Partial<Passage> = {},
  pad = 0,
): Passage {
  const at = doc.text.indexOf(snippet);
  if (at < 0) throw new Error(`snippet not in ${doc.id}: ${snippet}`);
  return passageOf(doc, Math.max(0, at - pad), Math.min(doc.text.length, at + snippet.length + pad), over);
}

export function documentTexts(...docs: TestDocument[]): Map<string, string> {
  return new Map(docs.map((d) => [d.id, d.text]));
}
