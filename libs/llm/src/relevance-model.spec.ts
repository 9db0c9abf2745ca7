import {
  RELEVANCE_FEATURES,
  RelevanceModelSchema,
  fitRelevanceModel,
  relevanceProbability,
  type RelevanceFeatures,
} from './relevance-model';

const zero = (): RelevanceFeatures =>
  Object.fromEntries(RELEVANCE_FEATURES.map((f) => [f, 0])) as RelevanceFeatures;

/** Rows whose label follows `sentence` coverage noisily; every other feature is noise. */
function rows(n: number) {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => {
    const features = zero();
    for (const f of RELEVANCE_FEATURES) features[f] = random();
    const label = random() < 0.05 + 0.9 * features.sentence ** 2;
    return { features, label };
  });
}

describe('the relevance model', () => {
  it('learns a positive weight for the feature that predicts the label and a small one for noise', () => {
    const model = fitRelevanceModel(rows(2000));
    expect(model.weights.sentence).toBeGreaterThan(2);
    for (const f of RELEVANCE_FEATURES.filter((x) => x !== 'sentence'))
      expect(Math.abs(model.weights[f])).toBeLessThan(model.weights.sentence / 3);
    expect(RelevanceModelSchema.parse(model)).toEqual(model);
  });

  it('gives a sentence that covers the question a higher probability than one that does not', () => {
    const model = fitRelevanceModel(rows(2000));
    const covering = { ...zero(), sentence: 0.9 };
    const missing = { ...zero(), sentence: 0.1 };
    expect(relevanceProbability(model, covering)).toBeGreaterThan(relevanceProbability(model, missing));
    expect(relevanceProbability(model, covering)).toBeLessThan(1);
  });

  it('is deterministic and stays finite when one class is absent', () => {
    const all = rows(300).map((r) => ({ ...r, label: false }));
    const a = fitRelevanceModel(all);
    expect(fitRelevanceModel(all)).toEqual(a);
    expect(Number.isFinite(a.intercept)).toBe(true);
    expect(relevanceProbability(a, zero())).toBeLessThan(0.05);
  });

  it('rejects a model file missing a feature weight', () => {
    const { sentence: _dropped, ...weights } = fitRelevanceModel(rows(200)).weights;
    expect(RelevanceModelSchema.safeParse({ intercept: 0, weights }).success).toBe(false);
  });
});
