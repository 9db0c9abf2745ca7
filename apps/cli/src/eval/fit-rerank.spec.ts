import { RERANK_FEATURES, type RerankFeatures } from '@parley/retrieval';
import { crossValidateRerank, rerankedGoldRank, type RerankItem } from './fit-rerank';

function features(over: Partial<RerankFeatures>): RerankFeatures {
  return { ...(Object.fromEntries(RERANK_FEATURES.map((f) => [f, 0])) as RerankFeatures), ...over };
}

/**
 * Synthetic questions of 12 candidates each: the gold candidate sits at hybrid rank 8 but is the only one whose
 * coverage is high, so a model that reads coverage lifts it into the top five, out of fold too.
 */
function items(n: number): RerankItem[] {
  return Array.from({ length: n }, (_, q) => {
    const gold = 7;
    const fs = Array.from({ length: 12 }, (_, j) =>
      features({
        hybridPosition: 1 - Math.log(j + 1) / Math.log(51),
        coverage: j === gold ? 0.8 + (q % 3) / 20 : ((j * 5 + q) % 7) / 14,
      }),
    );
    return {
      dataset: q % 2 ? 'one.json' : 'two.json',
      features: fs,
      labels: fs.map((_, j) => j === gold),
      hybrid: gold + 1,
      bm25: null,
    };
  });
}

describe('crossValidateRerank', () => {
  const report = crossValidateRerank(items(30), 5, 0.01);

  it('scores every fold out of fold beside the hybrid and bm25 orders', () => {
    expect(report.folds).toHaveLength(5);
    expect(report.folds.reduce((a, f) => a + f.items, 0)).toBe(30);
    for (const f of report.folds) {
      expect(f.rerank.r5).toBe(1);
      expect(f.hybrid.r5).toBe(0);
      expect(f.hybrid.r10).toBe(1);
      expect(f.bm25.r10).toBe(0);
    }
  });

  it('reports each dataset on its own', () => {
    expect(report.datasets.map((d) => [d.dataset, d.items])).toEqual([
      ['two.json', 15],
      ['one.json', 15],
    ]);
  });

  it('fits the file model on every item', () => {
    expect(report.model.weights.coverage).toBeGreaterThan(0);
    expect(rerankedGoldRank(report.model, items(1)[0])).toBe(1);
  });
});
