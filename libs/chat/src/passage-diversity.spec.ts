import type { Passage } from '@parley/contracts';
import { atMostPerDocument } from './passage-diversity';

const passage = (documentId: string, chunkId: string, text: number | null = null): Passage => ({
  rank: 0,
  chunkId,
  documentId,
  source: `${documentId}.txt`,
  persona: 'x',
  title: documentId,
  author: 'A',
  date: '1917',
  url: null,
  heading: null,
  speaker: null,
  start: 0,
  end: 1,
  text: 'x',
  scores: { vector: null, text, fused: 1 },
});

describe('atMostPerDocument', () => {
  it("keeps retrieval order and drops a document's passages beyond the limit", () => {
    const ps = [
      passage('a', '1'),
      passage('a', '2'),
      passage('b', '3'),
      passage('a', '4'),
      passage('b', '5'),
    ];
    expect(atMostPerDocument(ps, 2).map((p) => p.chunkId)).toEqual(['1', '2', '3', '5']);
    expect(atMostPerDocument(ps, 1).map((p) => p.chunkId)).toEqual(['1', '3']);
  });

  it("represents a document by its best passage and then the one the question's words match best", () => {
    const ps = [passage('a', '1', 2), passage('a', '2'), passage('a', '3', 1), passage('a', '4', 5)];
    expect(atMostPerDocument(ps, 2).map((p) => p.chunkId)).toEqual(['1', '4']);
    expect(atMostPerDocument(ps, 3).map((p) => p.chunkId)).toEqual(['1', '2', '4']);
  });

  it('renumbers ranks from one so that markers follow the kept order', () => {
    const ps = [passage('a', '1'), passage('a', '2'), passage('a', '3'), passage('b', '4')];
    expect(atMostPerDocument(ps, 2).map((p) => p.rank)).toEqual([1, 2, 3]);
  });
});
