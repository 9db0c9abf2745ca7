import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_TUNING, effectiveTuning, type RetrievalTuning } from '@parley/retrieval';
import { ANSWERABLE, type EvalItem } from './eval-dataset.schema';
import { overlaps, type Span } from './eval-metrics';
import { retrieveAll, RETRIEVED_K } from './eval-retrieval';
import {
  bestCombination,
  crossValidate,
  datasetFolds,
  foldsOf,
  gridOf,
  meanSd,
  mrrAt,
  recallAt,
  RETRIEVAL_GRID,
  type FoldResult,
  type GoldRank,
  type TuningGrid,
} from './retrieval-fit';

export const FIT_FOLDS = 5;
export const FIT_SEED = 20261207;

export interface RetrievalFitReport {
  items: number;
  /** Where the folds came from: a seeded shuffle of the items, or one fold per dataset (named in `foldNames`). */
  foldsBy: 'items' | 'dataset';
  foldNames?: string[];
  grid: Partial<RetrievalTuning>[];
  folds: (FoldResult & { tuning: Partial<RetrievalTuning> } & FoldRecallAt5 & DefaultsOnFold)[];
  heldOut: { mean: number; sd: number };
  baseline: { mean: number; sd: number };
  /** The current defaults on the same held-out folds (what a change of default has to beat). */
  defaultsHeldOut: { mean: number; sd: number };
  /** Chosen on all the items (what `DEFAULT_TUNING` should be), with its in-sample recall and the baseline's. */
  chosen: { tuning: Partial<RetrievalTuning>; recallAt10: number; baselineRecallAt10: number };
  /** The current defaults on all the items, for comparison (in-sample). */
  defaults: { recallAt10: number };
  /** Every tuning of the grid on all the items (in-sample), in grid order. */
  tunings: {
    tuning: Partial<RetrievalTuning>;
    recallAt10: number;
    mrrAt10: number;
    foldRecallAt10: number[];
    foldRecallAt5: number[];
  }[];
}

/** Recall@5 of the chosen tuning and of the baseline on the held-out fold. */
interface FoldRecallAt5 {
  heldOutRecallAt5: number;
  baselineRecallAt5: number;
}

/** The current defaults' recall on the held-out fold. */
interface DefaultsOnFold {
  defaultsRecallAt10: number;
  defaultsRecallAt5: number;
}

function goldRanks(ranked: Span[][], gold: Span[][]): GoldRank[] {
  return ranked.map((r, i) => {
    const at = r.findIndex((s) => gold[i].some((g) => overlaps(s, g)));
    return at < 0 ? null : at + 1;
  });
}

/**
 * Grid search with k-fold cross-validation over the pooled answerable items: every tuning of the grid is run once
 * on every item (hybrid, first 10), then each fold's tuning is chosen on the other folds and scored on its own,
 * beside the `bm25` baseline on the same items.
 */
export async function fitRetrieval(
  app: INestApplicationContext,
  allItems: EvalItem[],
  allGold: Span[][],
  searchGrid: TuningGrid = RETRIEVAL_GRID,
  /** Each item's dataset: given, one fold per dataset (a tuning chosen on the other sets, scored on this one). */
  itemDatasets?: string[],
): Promise<RetrievalFitReport> {
  const keep = allItems
    .map((_, i) => i)
    .filter((i) => ANSWERABLE.includes(allItems[i].type) && allGold[i].length > 0);
  const items = keep.map((i) => allItems[i]);
  const gold = keep.map((i) => allGold[i]);
  const all = items.map((_, i) => i);
  const baseline = goldRanks(await retrieveAll(app, items, 'bm25'), gold);
  const grid = gridOf(searchGrid);
  const ranks: GoldRank[][] = [];
  // Tunings that differ only in fields that cannot change the ranking (feedback settings with feedback off) run once.
  const seen = new Map<string, GoldRank[]>();
  for (const [c, tuning] of grid.entries()) {
    process.stderr.write(`\rfitting: tuning ${c + 1}/${grid.length}`);
    const key = JSON.stringify(effectiveTuning(tuning));
    const known = seen.get(key);
    const r = known ?? goldRanks(await retrieveAll(app, items, 'hybrid', { k: RETRIEVED_K, tuning }), gold);
    seen.set(key, r);
    ranks.push(r);
  }
  process.stderr.write('\n');
  const defaults = goldRanks(await retrieveAll(app, items, 'hybrid'), gold);
  const bySet = itemDatasets ? datasetFolds(keep.map((i) => itemDatasets[i])) : null;
  const foldNames = bySet?.names;
  const foldItems = bySet ? bySet.folds : foldsOf(items.length, FIT_FOLDS, FIT_SEED);
  const folds = crossValidate(ranks, baseline, foldItems);
  const chosen = bestCombination(ranks, all);
  return {
    items: items.length,
    foldsBy: foldNames ? 'dataset' : 'items',
    ...(foldNames ? { foldNames } : {}),
    grid,
    folds: folds.map((f, i) => ({
      ...f,
      tuning: grid[f.chosen],
      heldOutRecallAt5: recallAt(ranks[f.chosen], foldItems[i], 5),
      baselineRecallAt5: recallAt(baseline, foldItems[i], 5),
      defaultsRecallAt10: recallAt(defaults, foldItems[i], 10),
      defaultsRecallAt5: recallAt(defaults, foldItems[i], 5),
    })),
    heldOut: meanSd(folds.map((f) => f.heldOutRecallAt10)),
    baseline: meanSd(folds.map((f) => f.baselineRecallAt10)),
    defaultsHeldOut: meanSd(foldItems.map((f) => recallAt(defaults, f, 10))),
    chosen: {
      tuning: grid[chosen],
      recallAt10: recallAt(ranks[chosen], all, 10),
      baselineRecallAt10: recallAt(baseline, all, 10),
    },
    defaults: { recallAt10: recallAt(defaults, all, 10) },
    tunings: grid.map((tuning, c) => ({
      tuning,
      recallAt10: recallAt(ranks[c], all, 10),
      mrrAt10: mrrAt(ranks[c], all, 10),
      // Each fold's own R@10 under this tuning: how much a component's effect varies from fold to fold.
      foldRecallAt10: foldItems.map((f) => recallAt(ranks[c], f, 10)),
      foldRecallAt5: foldItems.map((f) => recallAt(ranks[c], f, 5)),
    })),
  };
}

function describe(tuning: Partial<RetrievalTuning>): string {
  return Object.entries(tuning)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The per-fold table, mean ± sd, and the tuning chosen on all items. */
export function printFitReport(report: RetrievalFitReport, write: (line: string) => void): void {
  const f2 = (x: number) => x.toFixed(2);
  write(
    `Retrieval fit: ${report.grid.length} tunings, ${
      report.foldsBy === 'dataset'
        ? `cross-validation one dataset at a time (${report.folds.length} folds)`
        : `${FIT_FOLDS}-fold cross-validation (seed ${FIT_SEED})`
    } over ${report.items} answerable items`,
  );
  write(
    '  fold  items  train R@10  held-out R@5 / @10  defaults R@5 / @10  bm25 R@5 / @10   gap   chosen on the other folds',
  );
  for (const f of report.folds)
    write(
      `  ${String(f.fold).padStart(4)}  ${String(f.items).padStart(5)}  ${f2(f.trainRecallAt10).padStart(10)}  ${`${f2(f.heldOutRecallAt5)} / ${f2(f.heldOutRecallAt10)}`.padStart(18)}  ${`${f2(f.defaultsRecallAt5)} / ${f2(f.defaultsRecallAt10)}`.padStart(18)}  ${`${f2(f.baselineRecallAt5)} / ${f2(f.baselineRecallAt10)}`.padStart(14)}  ${(f.heldOutRecallAt10 - f.baselineRecallAt10 >= 0 ? '+' : '−') + f2(Math.abs(f.heldOutRecallAt10 - f.baselineRecallAt10))}  ${describe(f.tuning)}${report.foldNames ? `  (${basename(report.foldNames[f.fold - 1])})` : ''}`,
    );
  const at5 = (pick: (f: RetrievalFitReport['folds'][number]) => number) => {
    const m = meanSd(report.folds.map(pick));
    return `${f2(m.mean)} ± ${f2(m.sd)}`;
  };
  write(
    `  mean held-out R@10 ${f2(report.heldOut.mean)} ± ${f2(report.heldOut.sd)}   defaults ${f2(report.defaultsHeldOut.mean)} ± ${f2(report.defaultsHeldOut.sd)}   bm25 ${f2(report.baseline.mean)} ± ${f2(report.baseline.sd)}`,
  );
  write(
    `  mean held-out R@5 ${at5((f) => f.heldOutRecallAt5)}   defaults ${at5((f) => f.defaultsRecallAt5)}   bm25 ${at5((f) => f.baselineRecallAt5)}`,
  );
  write(
    `Chosen on all ${report.items} items: ${describe(report.chosen.tuning)} (in-sample R@10 ${f2(report.chosen.recallAt10)}, bm25 ${f2(report.chosen.baselineRecallAt10)}; current defaults ${f2(report.defaults.recallAt10)})`,
  );
  write(`  current DEFAULT_TUNING: ${describe(DEFAULT_TUNING)}`);
}
