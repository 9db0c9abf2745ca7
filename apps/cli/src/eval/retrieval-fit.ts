import { seededRandom } from '@parley/core';
import { RetrievalTuningOverrideSchema, type RetrievalTuning } from '@parley/retrieval';

/** Values to try for some tuning parameters; every combination is one candidate tuning. */
export type TuningGrid = Partial<Record<keyof RetrievalTuning, number[]>>;

/**
 * The grid `--fit-retrieval` searches: 4 × 2 × 3 × 2 = 48 tunings. Each axis includes the value that turns its
 * signal off or near it (no vector leg, no document evidence, no expansion), so the fit can always fall back to
 * the text leg. A first run on a grid of vectorWeight 0–1 chose the edge, 1, so this grid goes to 2.
 */
export const RETRIEVAL_GRID: TuningGrid = {
  vectorWeight: [0, 0.5, 1, 2],
  documentWeight: [0, 0.2],
  passageWeight: [0.5, 1, 2],
  expansionWeight: [0, 0.5],
};

/**
 * Parses a JSON grid (the CLI's `--grid`, e.g. `{"vectorWeight":[0,0.5,1]}`): each key a tuning parameter, each value a
 * non-empty list of values that parameter accepts; or every problem in one message.
 */
export function parseGrid(json: string): { grid: TuningGrid } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { problem: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: 'not an object of value lists' };
  const problems: string[] = [];
  const grid: TuningGrid = {};
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values) || values.length === 0) {
      problems.push(`${name}: not a non-empty list`);
      continue;
    }
    for (const v of values as unknown[]) {
      const parsed = RetrievalTuningOverrideSchema.safeParse({ [name]: v });
      if (!parsed.success) problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
    }
    grid[name as keyof RetrievalTuning] = values as number[];
  }
  return problems.length > 0 ? { problem: [...new Set(problems)].join('; ') } : { grid };
}

/** Every combination of the grid's values, the first parameter varying slowest; an empty grid gives one `{}`. */
export function gridOf(grid: TuningGrid): Partial<RetrievalTuning>[] {
  let combos: Partial<RetrievalTuning>[] = [{}];
  for (const [name, values] of Object.entries(grid) as [keyof RetrievalTuning, number[]][])
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return combos;
}

/**
 * Items 0..n-1 dealt into k folds after a seeded shuffle: every item in exactly one fold, fold sizes differing by
 * at most one, each fold's items in ascending order.
 */
export function foldsOf(n: number, k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`folds must be a positive integer (got ${k})`);
  const random = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((item, i) => folds[i % k].push(item));
  return folds.map((f) => f.sort((a, b) => a - b));
}

/**
 * One fold per dataset, in the order the datasets first appear: `datasetOf[i]` names item i's set. What a fit scores
 * on each fold is then a set whose questions were written apart from those it was chosen on.
 */
export function datasetFolds(datasetOf: readonly string[]): { names: string[]; folds: number[][] } {
  const names = [...new Set(datasetOf)];
  return { names, folds: names.map((name) => datasetOf.flatMap((d, i) => (d === name ? [i] : []))) };
}

/** Rank (1-based) of the first retrieved passage overlapping a gold span, or null when none is among those retrieved. */
export type GoldRank = number | null;

/** Share of the items whose gold rank is at most `k`. */
export function recallAt(ranks: GoldRank[], items: number[], k: number): number {
  if (items.length === 0) return 0;
  return items.filter((i) => ranks[i] !== null && (ranks[i] as number) <= k).length / items.length;
}

/** Mean reciprocal rank of the first gold passage within the first `k` (0 beyond). */
export function mrrAt(ranks: GoldRank[], items: number[], k: number): number {
  if (items.length === 0) return 0;
  const rr = items.map((i) =>
    ranks[i] !== null && (ranks[i] as number) <= k ? 1 / (ranks[i] as number) : 0,
  );
  return rr.reduce((a, b) => a + b, 0) / items.length;
}

/**
 * The combination that does best on `items`: highest recall@10, then highest MRR@10 (which tells apart
 * tunings that find the same passages at different ranks), then the earliest in grid order.
 */
export function bestCombination(ranks: GoldRank[][], items: number[]): number {
  let best = 0;
  let bestKey = [-1, -1];
  ranks.forEach((r, c) => {
    const key = [recallAt(r, items, 10), mrrAt(r, items, 10)];
    if (
      key[0] > bestKey[0] + 1e-12 ||
      (Math.abs(key[0] - bestKey[0]) <= 1e-12 && key[1] > bestKey[1] + 1e-12)
    ) {
      best = c;
      bestKey = key;
    }
  });
  return best;
}

export interface FoldResult {
  fold: number;
  /** Items held out in this fold. */
  items: number;
  /** Index into the grid of the combination chosen on the other folds. */
  chosen: number;
  /** Recall@10 of the chosen combination on the other folds (what it was chosen for). */
  trainRecallAt10: number;
  /** Recall@10 of the chosen combination on the held-out fold. */
  heldOutRecallAt10: number;
  /** Recall@10 of the baseline on the same held-out fold. */
  baselineRecallAt10: number;
}

/**
 * k-fold cross-validation over precomputed gold ranks (`ranks[combination][item]`, `baseline[item]`): each fold's
 * combination is chosen on the other folds' items and scored on its own.
 */
export function crossValidate(ranks: GoldRank[][], baseline: GoldRank[], folds: number[][]): FoldResult[] {
  return folds.map((heldOut, fold) => {
    const training = folds.filter((_, f) => f !== fold).flat();
    const chosen = bestCombination(ranks, training);
    return {
      fold: fold + 1,
      items: heldOut.length,
      chosen,
      trainRecallAt10: recallAt(ranks[chosen], training, 10),
      heldOutRecallAt10: recallAt(ranks[chosen], heldOut, 10),
      baselineRecallAt10: recallAt(baseline, heldOut, 10),
    };
  });
}

/** Mean and (sample) standard deviation; sd 0 for fewer than two values. */
export function meanSd(xs: number[]): { mean: number; sd: number } {
  if (xs.length === 0) return { mean: 0, sd: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, sd: 0 };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}
