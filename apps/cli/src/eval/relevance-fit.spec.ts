import { RELEVANCE_FEATURES, type RelevanceFeatures } from '@parley/llm';
import { atBar, auc, chooseBar, crossValidate, foldOf, type CandidateRow } from './relevance-fit';

describe('fitting the relevance model', () => {
  it('measures AUC as the chance a positive outscores a negative', () => {
    expect(
      auc([
        [0.9, true],
        [0.1, false],
      ]),
    ).toBe(1);
    expect(
      auc([
        [0.1, true],
        [0.9, false],
      ]),
    ).toBe(0);
    expect(
      auc([
        [0.5, true],
        [0.5, false],
      ]),
    ).toBe(0.5);
  });

  it('chooses the most lenient bar whose answers reach the target precision', () => {
    const outcomes = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2].map((score, i) => ({
      score,
      hit: i < 4 || i === 5,
    }));
    const bar = chooseBar(outcomes, 0.8, 0.5, 2);
    expect(bar).toBe(0.4);
    expect(atBar(outcomes, bar)).toEqual({ answered: 6 / 8, precision: 5 / 6 });
  });

  it('keeps the coverage asked for when no bar reaches the target precision', () => {
    const outcomes = [0.9, 0.8, 0.7, 0.6].map((score, i) => ({ score, hit: i % 2 === 1 }));
    expect(chooseBar(outcomes, 0.9, 0.5, 1)).toBe(0.8);
  });

  it('never trades the coverage floor for precision: the target is sought only among bars that keep it', () => {
    // Precision 1 is reached only at 0.9, which answers 1 of 4 (below the floor of 0.5).
    const outcomes = [0.9, 0.8, 0.7, 0.6].map((score, i) => ({ score, hit: i === 0 }));
    expect(chooseBar(outcomes, 0.9, 0.5, 1)).toBe(0.8);
    expect(chooseBar(outcomes, 0.9, 0.25, 1)).toBe(0.9);
  });

  it('puts every question in exactly one fold, and uses every fold', () => {
    const folds = Array.from({ length: 50 }, (_, i) => foldOf(i, 5));
    expect(new Set(folds)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(folds.every((f) => f >= 0 && f < 5)).toBe(true);
  });

  it('cross-validates by a given fold of each question: a fold is measured only by a model fitted without it', () => {
    // Two made-up sets, of three questions and of five, two candidates each; one feature alone tells the labels apart.
    const features = (x: number): RelevanceFeatures =>
      Object.fromEntries(RELEVANCE_FEATURES.map((name, i) => [name, i === 0 ? x : 0])) as RelevanceFeatures;
    const rows: CandidateRow[] = Array.from({ length: 8 }, (_, item) => [
      { item, features: features(0.9), label: true, baseline: 0.5 },
      { item, features: features(0.1), label: false, baseline: 0.5 },
    ]).flat();
    const set = (item: number) => (item < 3 ? 0 : 1);
    const cv = crossValidate(rows, 2, 0.001, set);
    expect(cv.folds.map((f) => f.items)).toEqual([3, 5]);
    expect(cv.models).toHaveLength(2);
    expect(cv.folds.every((f) => f.top1.model === 1 && f.auc.model === 1)).toBe(true);
    // The baseline cannot tell the candidates apart: half its pairs are ties.
    expect(cv.folds.every((f) => f.auc.baseline === 0.5)).toBe(true);
  });
});
