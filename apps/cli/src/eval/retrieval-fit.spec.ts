import {
  bestCombination,
  crossValidate,
  datasetFolds,
  foldsOf,
  gridOf,
  meanSd,
  mrrAt,
  parseGrid,
  recallAt,
  RETRIEVAL_GRID,
  type GoldRank,
} from './retrieval-fit';

describe('the tuning grid', () => {
  it('holds every combination of the values, the first parameter varying slowest', () => {
    expect(gridOf({ vectorWeight: [0, 1], documentWeight: [0, 0.2, 0.4] })).toEqual([
      { vectorWeight: 0, documentWeight: 0 },
      { vectorWeight: 0, documentWeight: 0.2 },
      { vectorWeight: 0, documentWeight: 0.4 },
      { vectorWeight: 1, documentWeight: 0 },
      { vectorWeight: 1, documentWeight: 0.2 },
      { vectorWeight: 1, documentWeight: 0.4 },
    ]);
  });

  it('is one empty tuning (the defaults) when no parameter varies', () => {
    expect(gridOf({})).toEqual([{}]);
  });

  it('searched by --fit-retrieval stays small and can turn the vector leg off', () => {
    const grid = gridOf(RETRIEVAL_GRID);
    expect(grid.length).toBeLessThanOrEqual(60);
    expect(grid.some((t) => t.vectorWeight === 0 && t.documentWeight === 0 && t.expansionWeight === 0)).toBe(
      true,
    );
  });
});

describe('the folds', () => {
  it('put every item in exactly one fold, with sizes differing by at most one', () => {
    for (const [n, k] of [
      [68, 5],
      [10, 5],
      [7, 3],
      [3, 5],
    ]) {
      const folds = foldsOf(n, k, 1);
      expect(folds).toHaveLength(k);
      expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      const sizes = folds.map((f) => f.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('are the same for the same seed and differ for another', () => {
    expect(foldsOf(40, 5, 7)).toEqual(foldsOf(40, 5, 7));
    expect(foldsOf(40, 5, 7)).not.toEqual(foldsOf(40, 5, 8));
  });

  it('shuffle the items rather than cutting them in order', () => {
    expect(foldsOf(40, 5, 7)[0]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuse a fold count that is not a positive integer', () => {
    expect(() => foldsOf(10, 0, 1)).toThrow(/positive integer/);
  });
});

describe('choosing a tuning', () => {
  // Three tunings over four items: the first rank of a gold passage (null: not retrieved).
  const ranks: GoldRank[][] = [
    [1, null, null, 3],
    [2, 4, null, 11],
    [1, 2, 9, null],
  ];

  it('measures recall@10 and MRR@10 over the given items only', () => {
    expect(recallAt(ranks[1], [0, 1, 2, 3], 10)).toBe(0.5);
    expect(recallAt(ranks[1], [0, 1], 10)).toBe(1);
    expect(mrrAt(ranks[0], [0, 3], 10)).toBeCloseTo((1 + 1 / 3) / 2, 12);
    expect(recallAt(ranks[0], [], 10)).toBe(0);
  });

  it('takes the best recall@10, then the best MRR, then the first in grid order', () => {
    expect(bestCombination(ranks, [0, 1, 2, 3])).toBe(2);
    // Items 0 and 3: tuning 0 finds both, tuning 2 one.
    expect(bestCombination(ranks, [0, 3])).toBe(0);
    // Item 0 alone: tunings 0 and 2 tie on recall and MRR; the first wins.
    expect(bestCombination(ranks, [0])).toBe(0);
    // Item 1 alone: all but tuning 0 find it, tuning 2 higher.
    expect(bestCombination(ranks, [1])).toBe(2);
  });

  it('chooses each fold on the other folds and scores it on its own, beside the baseline', () => {
    const baseline: GoldRank[] = [5, null, null, null];
    const results = crossValidate(ranks, baseline, [
      [0, 3],
      [1, 2],
    ]);
    expect(results).toEqual([
      // Chosen on items 1 and 2 (tuning 2 finds both), scored on 0 and 3.
      { fold: 1, items: 2, chosen: 2, trainRecallAt10: 1, heldOutRecallAt10: 0.5, baselineRecallAt10: 0.5 },
      // Chosen on items 0 and 3 (tuning 0), scored on 1 and 2.
      { fold: 2, items: 2, chosen: 0, trainRecallAt10: 1, heldOutRecallAt10: 0, baselineRecallAt10: 0 },
    ]);
  });

  it('summarises per-fold figures by mean and sample standard deviation', () => {
    expect(meanSd([0.5, 0.7])).toEqual({ mean: 0.6, sd: expect.closeTo(Math.SQRT2 * 0.1, 12) as number });
    expect(meanSd([0.4])).toEqual({ mean: 0.4, sd: 0 });
  });
});

describe('a grid given as JSON (--grid)', () => {
  it('takes lists of values for tuning parameters', () => {
    expect(parseGrid('{"vectorWeight":[0,0.5],"metadataTerms":[1]}')).toEqual({
      grid: { vectorWeight: [0, 0.5], metadataTerms: [1] },
    });
  });

  it('names every unknown parameter, out-of-range value and empty list', () => {
    const result = parseGrid('{"vectorWieght":[1],"documentWeight":[0,2],"passageWeight":[]}');
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('vectorWieght'));
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('documentWeight'));
    expect('problem' in result && result.problem).toEqual(expect.stringContaining('passageWeight'));
  });

  it('refuses what is not JSON or not an object', () => {
    expect(parseGrid('{vectorWeight: [1]}')).toEqual({
      problem: expect.stringMatching(/^not JSON/) as string,
    });
    expect(parseGrid('[1]')).toEqual({ problem: expect.any(String) as string });
  });

  it('makes one fold per dataset, in the order the sets first appear, each holding exactly its own items', () => {
    const { names, folds } = datasetFolds(['b.json', 'a.json', 'b.json', 'c.json', 'a.json']);
    expect(names).toEqual(['b.json', 'a.json', 'c.json']);
    expect(folds).toEqual([[0, 2], [1, 4], [3]]);
  });
});
