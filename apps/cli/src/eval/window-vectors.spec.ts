import { fuse } from './window-vectors';

describe("the window-vector replay's fusion", () => {
  const ids = [10, 11, 12, 13];
  const scores = [0.9, 0.5, 0.1, 0.3];
  const score = (c: number) => scores[c];
  const options = { candidates: 2, vectorWeight: 0.5, share: 1, textWeight: 1, k: 4 };

  it('normalises the vector scores over the vector top N and the text candidates together, then adds the text score', () => {
    // Union {0, 1, 2, 3}, min 0.1, max 0.9: vector parts 0.5, 0.25, 0, 0.125; text adds 1 to chunk 2, 0.2 to chunk 3.
    const text = new Map([
      [2, 1],
      [3, 0.2],
    ]);
    expect(fuse([0, 1, 2, 3], score, text, ids, options)).toEqual([2, 0, 3, 1]);
  });

  it('is the text leg alone at vector weight 0', () => {
    const text = new Map([
      [3, 0.4],
      [2, 0.9],
    ]);
    expect(fuse([0, 1, 2, 3], score, text, ids, { ...options, vectorWeight: 0 })).toEqual([2, 3]);
  });

  it('takes the vector top N among the eligible chunks only and breaks ties by chunk id', () => {
    // Chunk 0 is filtered out (persona or date); chunks 2 and 3 tie on the vector leg alone.
    const flat = (c: number) => [0.9, 0.2, 0.5, 0.5][c];
    expect(fuse([1, 2, 3], flat, new Map(), ids, { ...options, vectorWeight: 1 })).toEqual([2, 3]);
  });

  it('scales the vector part by the share of the question the embedder represents', () => {
    // Share 0.1: chunk 0's vector part 0.05 is less than chunk 1's text score 0.3.
    const text = new Map([[1, 0.3]]);
    expect(fuse([0, 1], score, text, ids, { ...options, share: 0.1, k: 2 })).toEqual([1, 0]);
    expect(fuse([0, 1], score, text, ids, { ...options, share: 1, k: 2 })).toEqual([0, 1]);
  });
});
