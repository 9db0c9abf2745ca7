import {
  fitRelevanceModel,
  relevanceProbability,
  type RelevanceFeatures,
  type RelevanceModel,
} from '@parley/llm';

/** One candidate sentence of one question, labelled by whether it overlaps a gold passage. */
export interface CandidateRow {
  item: number;
  features: RelevanceFeatures;
  label: boolean;
  /** The score before the model (weighted word coverage blended with similarity): the baseline. */
  baseline: number;
}

export interface FoldReport {
  fold: number;
  items: number;
  /** Share of held-out questions whose best-scored candidate overlaps a gold passage. */
  top1: { model: number; baseline: number };
  /** Area under the ROC curve over held-out candidates. */
  auc: { model: number; baseline: number };
}

/** A held-out question: the score of its best candidate and whether that candidate hits gold. */
export interface ItemOutcome {
  score: number;
  hit: boolean;
}

export interface CrossValidation {
  folds: FoldReport[];
  /** The model fitted without each fold (`models[k]` never saw fold k's questions). */
  models: RelevanceModel[];
  /** Out-of-fold outcomes per question, for choosing the bar (model) and comparing (baseline). */
  model: ItemOutcome[];
  baseline: ItemOutcome[];
}

/** Deterministic fold of a question (questions, not candidates, are split: no question is in two folds). */
export function foldOf(item: number, folds: number): number {
  return (Math.imul(item + 1, 2654435761) >>> 0) % folds;
}

/**
 * k-fold cross-validation of the logistic relevance model against the baseline score, by question: `fold` says
 * which of the `folds` folds a question is in (by default `foldOf`, a hash of its index; by dataset, it is which set
 * the question came from, so that each fold measures a set whose questions the model never saw the like of).
 */
export function crossValidate(
  rows: readonly CandidateRow[],
  folds: number,
  l2: number,
  fold: (item: number) => number = (item) => foldOf(item, folds),
): CrossValidation {
  const report: CrossValidation = { folds: [], models: [], model: [], baseline: [] };
  for (let k = 0; k < folds; k++) {
    const train = rows.filter((r) => fold(r.item) !== k);
    const test = rows.filter((r) => fold(r.item) === k);
    const model = fitRelevanceModel(train, { l2 });
    report.models.push(model);
    const scored = test.map((r) => ({ ...r, score: relevanceProbability(model, r.features) }));
    const m = bestPerItem(scored, (r) => r.score);
    const b = bestPerItem(scored, (r) => r.baseline);
    report.model.push(...m);
    report.baseline.push(...b);
    report.folds.push({
      fold: k + 1,
      items: m.length,
      top1: { model: share(m), baseline: share(b) },
      auc: {
        model: auc(scored.map((r) => [r.score, r.label])),
        baseline: auc(scored.map((r) => [r.baseline, r.label])),
      },
    });
  }
  return report;
}

/** The model fitted on every row. */
export function fitAll(rows: readonly CandidateRow[], l2: number): RelevanceModel {
  return fitRelevanceModel(rows, { l2 });
}

/**
 * The lowest bar at which the questions answered (best score ≥ bar) cite gold at least `target` of the time, with
 * at least `minAnswered` of them answered and at least `minCoverage` of all questions answered: the coverage is a
 * floor (a gate that answers a quarter of the questions at high precision fails students as surely as one that
 * answers everything loosely). When no bar reaches the target above the floor, the strictest bar that still answers
 * `minCoverage` of the questions: the coverage is kept and the precision reported as it is.
 */
export function chooseBar(
  outcomes: readonly ItemOutcome[],
  target: number,
  minCoverage = 0.45,
  minAnswered = 10,
): number {
  const bars = [...new Set(outcomes.map((o) => o.score).filter((s) => s >= 0))].sort((a, b) => a - b);
  for (const bar of bars) {
    const answered = outcomes.filter((o) => o.score >= bar);
    if (answered.length < minAnswered || answered.length / outcomes.length < minCoverage) break;
    if (share(answered) >= target) return bar;
  }
  const covering = bars.filter((bar) => atBar(outcomes, bar).answered >= minCoverage);
  return covering[covering.length - 1] ?? bars[0] ?? 0;
}

/** Coverage (of all questions) and precision of answering when the best score clears `bar`. */
export function atBar(
  outcomes: readonly ItemOutcome[],
  bar: number,
): { answered: number; precision: number } {
  const answered = outcomes.filter((o) => o.score >= bar);
  return { answered: answered.length / Math.max(1, outcomes.length), precision: share(answered) };
}

function bestPerItem<T extends { item: number; label: boolean }>(
  rows: readonly T[],
  score: (r: T) => number,
): ItemOutcome[] {
  const best = new Map<number, ItemOutcome>();
  for (const r of rows) {
    const s = score(r);
    const seen = best.get(r.item);
    if (!seen || s > seen.score) best.set(r.item, { score: s, hit: r.label });
  }
  return [...best.values()];
}

function share(outcomes: readonly ItemOutcome[]): number {
  return outcomes.length ? outcomes.filter((o) => o.hit).length / outcomes.length : 0;
}

/** Probability that a random positive outscores a random negative (ties count half). */
export function auc(pairs: readonly [number, boolean][]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j][0] === sorted[i][0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (sorted[k][1]) {
        rankSum += midRank;
        positives++;
      }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
