import { documentHitAt, hitAt, locateGold, percentile, summariseRetrieval } from './eval-metrics';

describe('evaluation metrics', () => {
  const texts = new Map([['a.txt', 'alpha beta gamma delta']]);

  it('locates gold quotes by exact substring and reports the ones it cannot find', () => {
    const { spans, missing } = locateGold(
      [
        { file: 'a.txt', quote: 'gamma' },
        { file: 'a.txt', quote: 'omega' },
      ],
      texts,
    );
    expect(spans).toEqual([{ source: 'a.txt', start: 11, end: 16 }]);
    expect(missing).toHaveLength(1);
  });

  it('locates gold given by offsets in the document text, and reports offsets past its end or in no document', () => {
    const { spans, missing } = locateGold(
      [
        { file: 'a.txt', start: 6, end: 10 },
        { file: 'a.txt', start: 0, end: 500 },
        { file: 'b.txt', start: 0, end: 3 },
      ],
      texts,
    );
    expect(spans).toEqual([{ source: 'a.txt', start: 6, end: 10 }]);
    expect(missing).toEqual(['a.txt: 0-500 (past its end, 22 characters)', 'b.txt: 0-3 (no such document)']);
  });

  it('counts a hit only when a retrieved span within the first k overlaps the gold span', () => {
    const gold = [{ source: 'a.txt', start: 11, end: 16 }];
    const retrieved = [
      { source: 'a.txt', start: 0, end: 10 },
      { source: 'b.txt', start: 11, end: 16 },
      { source: 'a.txt', start: 15, end: 22 },
    ];
    expect(hitAt(retrieved, gold, 2)).toBe(false);
    expect(hitAt(retrieved, gold, 3)).toBe(true);
  });

  it('counts a document hit for any span of a gold document within the first k', () => {
    const gold = [{ source: 'a.txt', start: 11, end: 16 }];
    const retrieved = [
      { source: 'b.txt', start: 11, end: 16 },
      { source: 'a.txt', start: 0, end: 10 },
    ];
    expect(documentHitAt(retrieved, gold, 1)).toBe(false);
    expect(documentHitAt(retrieved, gold, 2)).toBe(true);
    expect(hitAt(retrieved, gold, 2)).toBe(false);
  });

  it('summarises passage and document recall over the answerable items that have gold spans', () => {
    const at = (source: string, start: number) => ({ source, start, end: start + 10 });
    const filler = (n: number) => Array.from({ length: n }, (_, i) => at('other.txt', i * 100));
    const items = [
      { type: 'factual' as const }, // gold passage at rank 1
      { type: 'opinion' as const }, // gold document at rank 2, gold passage at rank 7
      { type: 'paraphrase' as const }, // gold document only, at rank 8
      { type: 'paraphrase' as const }, // nothing
      { type: 'anachronism' as const }, // not answerable: ignored
      { type: 'factual' as const }, // no gold span found: ignored
    ];
    const gold = [
      [at('a.txt', 0)],
      [at('b.txt', 500)],
      [at('c.txt', 0)],
      [at('d.txt', 0)],
      [at('a.txt', 0)],
      [],
    ];
    const ranked = [
      [at('a.txt', 5), ...filler(9)],
      [...filler(1), at('b.txt', 0), ...filler(4), at('b.txt', 495), ...filler(3)],
      [...filler(7), at('c.txt', 300), ...filler(2)],
      filler(10),
      [at('a.txt', 0)],
      [at('a.txt', 0)],
    ];
    expect(summariseRetrieval('hybrid', items, ranked, gold)).toEqual({
      mode: 'hybrid',
      items: 4,
      recallAt5: 0.25,
      recallAt10: 0.5,
      documentRecallAt5: 0.5,
      documentRecallAt10: 0.75,
    });
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
  });
});
