import { writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { PersonaRegistry } from '@parley/personas';
import {
  fitRerankModel,
  rerankOrder,
  RetrievalService,
  type RerankFeatures,
  type RerankModel,
} from '@parley/retrieval';
import { dump } from 'js-yaml';
import { ANSWERABLE, type EvalItem } from './eval-dataset.schema';
import { overlaps, type Span } from './eval-metrics';
import { foldsOf, meanSd, recallAt, type GoldRank } from './retrieval-fit';

export const RERANK_FOLDS = 5;
export const RERANK_SEED = 20261207;
export const RERANK_L2 = 0.001;

/** One question's candidates (the union of the hybrid's and BM25's top N), their features and gold labels. */
export interface RerankItem {
  dataset: string;
  features: RerankFeatures[];
  labels: boolean[];
  /** Gold rank in the hybrid's and in BM25's own lists (null: not in the top N). */
  hybrid: GoldRank;
  bm25: GoldRank;
}

export interface RerankFold {
  fold: number;
  items: number;
  rerank: { r5: number; r10: number };
  hybrid: { r5: number; r10: number };
  bm25: { r5: number; r10: number };
}

export interface RerankFitReport {
  items: number;
  candidates: number;
  l2: number;
  folds: RerankFold[];
  mean: Record<'rerank' | 'hybrid' | 'bm25', { r5: string; r10: string }>;
  /** Out-of-fold figures pooled per dataset. */
  datasets: { dataset: string; items: number; rerank: number[]; hybrid: number[]; bm25: number[] }[];
  /** The model fitted on every item: what the file holds. */
  model: RerankModel;
}

/** The candidates and labels of every answerable item with gold, under the default tuning. */
export async function rerankItems(
  app: INestApplicationContext,
  items: EvalItem[],
  gold: Span[][],
  datasets: string[],
): Promise<RerankItem[]> {
  const retrieval = app.get(RetrievalService);
  const personas = app.get(PersonaRegistry);
  const out: RerankItem[] = [];
  for (const [i, item] of items.entries()) {
    if (!ANSWERABLE.includes(item.type) || gold[i].length === 0) continue;
    process.stderr.write(`\rfeatures: item ${i + 1}/${items.length}`);
    const { rows, candidates, features } = await retrieval.rerankCandidates({
      persona: item.persona,
      query: item.question,
      asOf: personas.resolveAsOf(item.persona, item.asOf),
    });
    const labels = rows.map((r) =>
      gold[i].some((g) => overlaps({ source: r.source, start: r.start_offset, end: r.end_offset }, g)),
    );
    const rankIn = (rankOf: (c: (typeof candidates)[number]) => number | null): GoldRank => {
      const ranks = candidates
        .map((c, j) => (labels[j] ? rankOf(c) : null))
        .filter((r): r is number => r !== null);
      return ranks.length ? Math.min(...ranks) : null;
    };
    out.push({
      dataset: datasets[i],
      features,
      labels,
      hybrid: rankIn((c) => c.hybridRank),
      bm25: rankIn((c) => c.bm25Rank),
    });
  }
  process.stderr.write('\n');
  return out;
}

/** Gold rank of one item under a model: where its first gold candidate lands in the model's order. */
export function rerankedGoldRank(model: RerankModel, item: RerankItem): GoldRank {
  const order = rerankOrder(model, item.features);
  const at = order.findIndex((j) => item.labels[j]);
  return at < 0 ? null : at + 1;
}

function rows(items: readonly RerankItem[]) {
  return items.flatMap((it) => it.features.map((features, j) => ({ features, label: it.labels[j] })));
}

/**
 * K-fold cross-validation by question: each fold's model is fitted on the other folds' candidates and ranks the
 * held-out questions' candidates; beside it, the hybrid's and BM25's own orders on the same questions.
 */
export function crossValidateRerank(
  items: readonly RerankItem[],
  folds = RERANK_FOLDS,
  l2 = RERANK_L2,
): RerankFitReport {
  const foldItems = foldsOf(items.length, folds, RERANK_SEED);
  const oof: GoldRank[] = new Array<GoldRank>(items.length).fill(null);
  const hybrid = items.map((it) => it.hybrid);
  const bm25 = items.map((it) => it.bm25);
  const report: RerankFold[] = foldItems.map((heldOut, f) => {
    const training = foldItems.filter((_, g) => g !== f).flat();
    const model = fitRerankModel(rows(training.map((i) => items[i])), { l2 });
    for (const i of heldOut) oof[i] = rerankedGoldRank(model, items[i]);
    const at = (r: GoldRank[]) => ({ r5: recallAt(r, heldOut, 5), r10: recallAt(r, heldOut, 10) });
    return { fold: f + 1, items: heldOut.length, rerank: at(oof), hybrid: at(hybrid), bm25: at(bm25) };
  });
  const ms = (xs: number[]) => {
    const { mean, sd } = meanSd(xs);
    return `${mean.toFixed(2)} ± ${sd.toFixed(2)}`;
  };
  const mean = Object.fromEntries(
    (['rerank', 'hybrid', 'bm25'] as const).map((m) => [
      m,
      { r5: ms(report.map((f) => f[m].r5)), r10: ms(report.map((f) => f[m].r10)) },
    ]),
  ) as RerankFitReport['mean'];
  const names = [...new Set(items.map((it) => it.dataset))];
  const datasets = names.map((dataset) => {
    const idx = items.map((it, i) => (it.dataset === dataset ? i : -1)).filter((i) => i >= 0);
    const at = (r: GoldRank[]) => [recallAt(r, idx, 5), recallAt(r, idx, 10)];
    return { dataset, items: idx.length, rerank: at(oof), hybrid: at(hybrid), bm25: at(bm25) };
  });
  return {
    items: items.length,
    candidates: items.reduce((a, it) => a + it.labels.length, 0),
    l2,
    folds: report,
    mean,
    datasets,
    model: fitRerankModel(rows(items), { l2 }),
  };
}

export function printRerankReport(report: RerankFitReport, write: (line: string) => void): void {
  const f2 = (x: number) => x.toFixed(2);
  write(
    `Re-ranker fit: ${RERANK_FOLDS}-fold cross-validation by question (seed ${RERANK_SEED}, l2 ${report.l2}) over ${report.items} answerable items, ${report.candidates} candidates`,
  );
  write('  fold  items   rerank R@5/R@10   hybrid R@5/R@10   bm25 R@5/R@10');
  for (const f of report.folds)
    write(
      `  ${String(f.fold).padStart(4)}  ${String(f.items).padStart(5)}   ${f2(f.rerank.r5)} / ${f2(f.rerank.r10)}       ${f2(f.hybrid.r5)} / ${f2(f.hybrid.r10)}       ${f2(f.bm25.r5)} / ${f2(f.bm25.r10)}`,
    );
  for (const m of ['rerank', 'hybrid', 'bm25'] as const)
    write(`  mean ${m.padEnd(7)} R@5 ${report.mean[m].r5}   R@10 ${report.mean[m].r10}`);
  write('  out of fold, per dataset:            rerank       hybrid       bm25   (R@5 / R@10)');
  for (const d of report.datasets)
    write(
      `  ${d.dataset.padEnd(30)} ${String(d.items).padStart(4)}  ${f2(d.rerank[0])}/${f2(d.rerank[1])}  ${f2(d.hybrid[0])}/${f2(d.hybrid[1])}  ${f2(d.bm25[0])}/${f2(d.bm25[1])}`,
    );
  write('  model fitted on all items:');
  write(`    intercept ${report.model.intercept.toFixed(3)}`);
  for (const [f, w] of Object.entries(report.model.weights)) write(`    ${f.padEnd(17)} ${w.toFixed(3)}`);
}

/** Writes `prompts/rerank-model.yaml` (or `path`): the model fitted on every item, the command, and the folds. */
export function writeRerankModel(path: string, report: RerankFitReport, command: string): void {
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const body = {
    source: `Fitted by \`${command}\` (${report.candidates} candidates of ${report.items} questions; label: the candidate overlaps a gold passage; L2 ${report.l2}).`,
    model: {
      intercept: round(report.model.intercept),
      weights: Object.fromEntries(Object.entries(report.model.weights).map(([f, w]) => [f, round(w)])),
    },
    crossValidation: {
      folds: report.folds.map((f) => ({
        fold: f.fold,
        items: f.items,
        rerank: [round(f.rerank.r5), round(f.rerank.r10)],
        hybrid: [round(f.hybrid.r5), round(f.hybrid.r10)],
        bm25: [round(f.bm25.r5), round(f.bm25.r10)],
      })),
      mean: report.mean,
      datasets: report.datasets.map((d) => ({
        ...d,
        rerank: d.rerank.map(round),
        hybrid: d.hybrid.map(round),
        bm25: d.bm25.map(round),
      })),
    },
  };
  const header =
    '# The re-ranking model of retrieval (libs/retrieval/src/rerank-model.ts), read when the tuning says `rerank: 1`.\n' +
    `# Written by: ${command}\n` +
    '# Refit after changing the features, the fusion or the development sets; never fit on eval/test.json.\n';
  writeFileSync(path, header + dump(body, { lineWidth: 110 }));
}
