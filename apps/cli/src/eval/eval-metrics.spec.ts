import { hitAt, locateGold, percentile } from './eval-metrics';

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

  it('takes the nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
  });
});
