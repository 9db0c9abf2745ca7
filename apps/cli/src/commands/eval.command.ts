import { readFileSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_ANSWER_POLICY } from '@parley/chat';
import { PersonaRegistry } from '@parley/personas';
import {
  parseTuningOverride,
  RERANK_MODEL_PATH,
  SEARCH_MODES,
  type RetrievalTuning,
} from '@parley/retrieval';
import { flag, stringOption, stringOptions, type Args } from '../args';
import { cliContext, ensureReady } from '../context';
import { ANSWERABLE, parseDataset, type EvalItem } from '../eval/eval-dataset.schema';
import {
  fmt,
  overlaps,
  percentile,
  summariseRetrieval,
  type RetrievalSummary,
  type Span,
} from '../eval/eval-metrics';
import { goldSpans, retrieveAll } from '../eval/eval-retrieval';
import { fitRetrieval, printFitReport } from '../eval/fit-retrieval';
import {
  crossValidateRerank,
  printRerankReport,
  RERANK_FOLDS,
  RERANK_L2,
  rerankItems,
  writeRerankModel,
} from '../eval/fit-rerank';
import { parseGrid, type TuningGrid } from '../eval/retrieval-fit';
import { printWindowVectorsReport, windowVectors } from '../eval/window-vectors';
import { answerEvaluation, type AnswerSummary } from '../eval/answer-evaluation';
import { gatedOutcomes, riskCoverage, type RiskCoverageRow } from '../eval/risk-coverage';
import { errorMessage, projectRoot } from '@parley/core';
import { join } from 'node:path';

const USAGE =
  'usage: npm run eval -- --dataset FILE [--out FILE] [--json] [--retrieval-only] [--per-item] [--tuning JSON]\n' +
  '       npm run eval -- --fit-retrieval --dataset FILE [--dataset FILE …] [--grid JSON] [--folds-by dataset] [--json]\n' +
  '       npm run eval -- --fit-rerank --dataset FILE [--dataset FILE …] [--l2 X] [--write] [--features-out FILE] [--json]\n' +
  '       npm run eval -- --window-vectors --dataset FILE [--dataset FILE …]\n';

/**
 * `npm run eval -- --dataset FILE [--out answers.jsonl] [--json] [--retrieval-only] [--per-item] [--tuning JSON]`;
 * with `--fit-retrieval`, the cross-validated fit of the retrieval tuning over one or more datasets instead.
 */
export async function evalCommand(args: Args): Promise<number> {
  const datasetPaths = stringOptions(args, 'dataset');
  if (datasetPaths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const fitting = flag(args, 'fit-retrieval');
  const fittingRerank = flag(args, 'fit-rerank');
  const measuringWindows = flag(args, 'window-vectors');
  if (datasetPaths.length > 1 && !fitting && !fittingRerank && !measuringWindows) {
    process.stderr.write(
      `one --dataset at a time, except with --fit-retrieval, --fit-rerank or --window-vectors\n${USAGE}`,
    );
    return 2;
  }
  const tuningJson = stringOption(args, 'tuning');
  let tuning: Partial<RetrievalTuning> | undefined;
  if (tuningJson !== undefined) {
    const parsed = parseTuningOverride(tuningJson);
    if ('problem' in parsed) {
      process.stderr.write(`--tuning cannot be used: ${parsed.problem}\n`);
      return 2;
    }
    tuning = parsed.tuning;
  }
  const gridJson = stringOption(args, 'grid');
  let grid: TuningGrid | undefined;
  if (gridJson !== undefined) {
    const parsed = parseGrid(gridJson);
    if ('problem' in parsed) {
      process.stderr.write(`--grid cannot be used: ${parsed.problem}\n`);
      return 2;
    }
    grid = parsed.grid;
  }
  const datasets = datasetPaths.map((path) => ({ path, dataset: readDataset(path) }));
  for (const { path, dataset } of datasets)
    if ('problems' in dataset) return reportProblems(path, dataset.problems);
  const items = datasets.flatMap(({ dataset }) => ('items' in dataset ? dataset.items : []));
  const itemDatasets = datasets.flatMap(({ path, dataset }) =>
    'items' in dataset ? dataset.items.map(() => path) : [],
  );
  const given = datasets.flatMap(({ dataset }) => ('given' in dataset ? dataset.given : []));
  const datasetPath = datasetPaths.join(', ');
  const app = await cliContext();
  try {
    const itemProblems = personaProblems(app.get(PersonaRegistry), items);
    if (itemProblems.length > 0) return reportProblems(datasetPath, itemProblems);
    await ensureReady(app);
    const gold = await goldSpans(app, items);
    if (measuringWindows) {
      const report = await windowVectors(app, items, gold, itemDatasets);
      printWindowVectorsReport(report, (line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    if (fittingRerank) {
      const l2Text = stringOption(args, 'l2');
      const l2 = l2Text === undefined ? RERANK_L2 : Number(l2Text);
      if (!Number.isFinite(l2) || l2 < 0) {
        process.stderr.write(`--l2 must be a number ≥ 0 (got ${l2Text})\n`);
        return 2;
      }
      const candidates = await rerankItems(app, items, gold, itemDatasets);
      const featuresOut = stringOption(args, 'features-out');
      if (featuresOut) writeFileSync(featuresOut, JSON.stringify(candidates));
      const report = crossValidateRerank(candidates, RERANK_FOLDS, l2);
      if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printRerankReport(report, (line) => process.stdout.write(`${line}\n`));
      if (flag(args, 'write')) {
        const command = `npm run eval -- --fit-rerank ${datasetPaths.map((d) => `--dataset ${d}`).join(' ')}${
          l2Text === undefined ? '' : ` --l2 ${l2Text}`
        } --write`;
        writeRerankModel(join(projectRoot(), RERANK_MODEL_PATH), report, command);
        process.stdout.write(`wrote ${RERANK_MODEL_PATH}\n`);
      }
      return 0;
    }
    if (fitting) {
      const foldsBy = stringOption(args, 'folds-by');
      if (foldsBy !== undefined && (foldsBy !== 'dataset' || datasetPaths.length < 2)) {
        process.stderr.write(
          `--folds-by takes "dataset", with two datasets or more (got "${foldsBy}")\n${USAGE}`,
        );
        return 2;
      }
      const report = await fitRetrieval(app, items, gold, grid, foldsBy ? itemDatasets : undefined);
      if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printFitReport(report, (line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    const retrievalOnly = flag(args, 'retrieval-only');
    if (flag(args, 'per-item')) await printGoldRanks(app, items, gold, tuning);
    const retrieval: RetrievalSummary[] = [];
    // Each item echoed as the dataset gives it (DESIGN.md: `item (echoed as given)`).
    const lines: Record<string, unknown>[] = given.map((item) => ({ item }));
    for (const mode of SEARCH_MODES) {
      const ranked = await retrieveAll(app, items, mode, { tuning });
      retrieval.push(summariseRetrieval(mode, items, ranked, gold));
      if (mode === 'hybrid')
        ranked.forEach((r, i) => (lines[i].retrieved = r.map((s, rank) => ({ ...s, rank: rank + 1 }))));
    }
    let answers: AnswerSummary | null = null;
    let selective: RiskCoverageRow[] | null = null;
    if (!retrievalOnly) {
      const result = await answerEvaluation(app, items, gold);
      answers = result.summary;
      result.answers.forEach((a, i) => (lines[i].answer = a));
      selective = riskCoverage(await gatedOutcomes(app, items, gold));
    }
    const out = stringOption(args, 'out');
    if (out) writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const report = { dataset: datasetPath, items: items.length, retrieval, answers, riskCoverage: selective };
    if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(retrieval, answers, selective);
    return 0;
  } finally {
    await app.close();
  }
}

function readDataset(path: string): ReturnType<typeof parseDataset> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { problems: [`cannot read it: ${errorMessage(e)}`] };
  }
  return parseDataset(text);
}

/** Items naming a persona that does not exist, or an `asOf` outside its life, found before anything runs. */
function personaProblems(personas: PersonaRegistry, items: EvalItem[]): string[] {
  return items.flatMap((item, i) => {
    try {
      personas.resolveAsOf(item.persona, item.asOf);
      return [];
    } catch (e) {
      return [`item ${i + 1}: ${errorMessage(e)}`];
    }
  });
}

function reportProblems(path: string, problems: string[]): number {
  process.stderr.write(`Dataset ${path} cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return 2;
}

const DIAGNOSTIC_K = 50;

/** Where the first passage overlapping a gold span ranks in each mode (up to 50), one answerable item a line. */
async function printGoldRanks(
  app: INestApplicationContext,
  items: EvalItem[],
  gold: Span[][],
  tuning: Partial<RetrievalTuning> | undefined,
): Promise<void> {
  const modes = SEARCH_MODES;
  const ranked = await Promise.all(modes.map((m) => retrieveAll(app, items, m, { k: DIAGNOSTIC_K, tuning })));
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w(`Rank of the first gold passage (- : not in the top ${DIAGNOSTIC_K})`);
  w(`  ${modes.map((m) => m.padStart(6)).join(' ')}  question`);
  items.forEach((item, i) => {
    if (!ANSWERABLE.includes(item.type) || gold[i].length === 0) return;
    const ranks = ranked.map((r) => {
      const at = r[i].findIndex((s) => gold[i].some((g) => overlaps(s, g)));
      return (at < 0 ? '-' : String(at + 1)).padStart(6);
    });
    w(`  ${ranks.join(' ')}  ${item.persona}: ${item.question.slice(0, 80)}`);
  });
  w('');
}

function gap(a: number | null, b: number | null): string {
  if (a === null || b === null) return '   n/a';
  const d = a - b;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`.padStart(6);
}

function printReport(
  retrieval: RetrievalSummary[],
  answers: AnswerSummary | null,
  selective: RiskCoverageRow[] | null,
): void {
  const w = (s: string) => process.stdout.write(`${s}\n`);
  w(`Retrieval on ${retrieval[0]?.items ?? 0} answerable items`);
  w('  mode      recall@5  recall@10   document@5  document@10');
  for (const r of retrieval)
    w(
      `  ${r.mode.padEnd(8)} ${fmt(r.recallAt5)}    ${fmt(r.recallAt10)}      ${fmt(r.documentRecallAt5)}       ${fmt(r.documentRecallAt10)}`,
    );
  const hybrid = retrieval.find((r) => r.mode === 'hybrid');
  const bm25 = retrieval.find((r) => r.mode === 'bm25');
  if (hybrid && bm25)
    w(
      `  hybrid − bm25 ${gap(hybrid.recallAt5, bm25.recallAt5)}  ${gap(hybrid.recallAt10, bm25.recallAt10)}      ${gap(hybrid.documentRecallAt5, bm25.documentRecallAt5)}       ${gap(hybrid.documentRecallAt10, bm25.documentRecallAt10)}`,
    );
  w('  (bm25: the baseline, stemmed BM25 over whole chunks, no fusion, no per-document cap)');
  w('  (document@k: a passage of the gold document, not necessarily the gold passage, among the first k)');
  if (!answers) return;
  w('');
  w(`Answers (${answers.items} items, generator ${answers.generator})`);
  w(`  citation validity          ${fmt(answers.citationValidity)}`);
  w(`  quote fidelity             ${fmt(answers.quoteFidelity)}`);
  w(
    `  citation hit rate          ${fmt(answers.citationHitRate)}   (answerable items citing a gold passage)`,
  );
  w(
    `  answered                   ${fmt(answers.answeredRate)}   (answerable items given an answer: coverage)`,
  );
  w(
    `  answers citing gold        ${fmt(answers.answeredHitRate)}   (of the answers given to answerable items: precision)`,
  );
  w(`  false refusals             ${fmt(answers.falseRefusalRate)}   (answerable items refused)`);
  for (const [type, acc] of Object.entries(answers.refusalAccuracy))
    w(`  refusal accuracy ${type.padEnd(12)} ${fmt(acc)}`);
  for (const [type, rate] of Object.entries(answers.declinedRate))
    w(`  declined, any reason ${type.padEnd(8)} ${fmt(rate)}   (refused as expected or in another way)`);
  w(
    `  latency p50 / p95 (ms)     ${percentile(answers.latencies, 50).toFixed(0)} / ${percentile(answers.latencies, 95).toFixed(0)}`,
  );
  if (!selective) return;
  w('');
  w(
    `Selective answering (answerable items, relevance gate at each threshold; policy: ${DEFAULT_ANSWER_POLICY.minRelevance})`,
  );
  w('  threshold  answered  citing gold');
  for (const r of selective)
    w(`  ${r.threshold.toFixed(2).padStart(9)}  ${fmt(r.coverage)}    ${fmt(r.precision)}`);
}
