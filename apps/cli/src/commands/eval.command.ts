import { readFileSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_ANSWER_POLICY } from '@parley/chat';
import { CorpusRepository } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { RetrievalService, SEARCH_MODES, type SearchMode } from '@parley/retrieval';
import { flag, stringOption, type Args } from '../args';
import { cliContext, ensureReady } from '../context';
import { ANSWERABLE, parseDataset, type EvalItem } from '../eval/eval-dataset.schema';
import {
  fmt,
  locateGold,
  overlaps,
  percentile,
  summariseRetrieval,
  type RetrievalSummary,
  type Span,
} from '../eval/eval-metrics';
import { answerEvaluation, type AnswerSummary } from '../eval/answer-evaluation';
import { gatedOutcomes, riskCoverage, type RiskCoverageRow } from '../eval/risk-coverage';
import { errorMessage } from '@parley/core';

const RETRIEVED_K = 10;

/** `npm run eval -- --dataset FILE [--out answers.jsonl] [--json] [--retrieval-only] [--per-item]` */
export async function evalCommand(args: Args): Promise<number> {
  const datasetPath = stringOption(args, 'dataset');
  if (!datasetPath) {
    process.stderr.write(
      'usage: npm run eval -- --dataset FILE [--out FILE] [--json] [--retrieval-only] [--per-item]\n',
    );
    return 2;
  }
  const dataset = readDataset(datasetPath);
  if ('problems' in dataset) return reportProblems(datasetPath, dataset.problems);
  const { items, given } = dataset;
  const app = await cliContext();
  try {
    const itemProblems = personaProblems(app.get(PersonaRegistry), items);
    if (itemProblems.length > 0) return reportProblems(datasetPath, itemProblems);
    await ensureReady(app);
    const tuning = stringOption(args, 'tuning');
    if (tuning) app.get(RetrievalService).tune(JSON.parse(tuning) as Record<string, number>);
    const gold = await goldSpans(app, items);
    const retrievalOnly = flag(args, 'retrieval-only');
    if (flag(args, 'per-item')) await printGoldRanks(app, items, gold);
    const retrieval: RetrievalSummary[] = [];
    // Each item echoed as the dataset gives it (DESIGN.md: `item (echoed as given)`).
    const lines: Record<string, unknown>[] = given.map((item) => ({ item }));
    for (const mode of SEARCH_MODES) {
      const ranked = await retrieveAll(app, items, mode);
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

export async function goldSpans(app: INestApplicationContext, items: EvalItem[]): Promise<Span[][]> {
  const corpus = app.get(CorpusRepository);
  const files = [...new Set(items.flatMap((i) => i.gold.map((g) => g.file)))];
  const texts = new Map<string, string>();
  for (const f of files) {
    const doc = await corpus.findDocument(f);
    if (doc) texts.set(f, doc.text);
  }
  return items.map((item) => {
    const { spans, missing } = locateGold(item.gold, texts);
    for (const m of missing) process.stderr.write(`warning: gold passage not found in the corpus: ${m}\n`);
    return spans;
  });
}

async function retrieveAll(
  app: INestApplicationContext,
  items: EvalItem[],
  mode: SearchMode,
  k = RETRIEVED_K,
): Promise<Span[][]> {
  const retrieval = app.get(RetrievalService);
  const personas = app.get(PersonaRegistry);
  const results: Span[][] = [];
  for (const item of items) {
    const asOf = personas.resolveAsOf(item.persona, item.asOf);
    const passages = await retrieval.search({
      persona: item.persona,
      query: item.question,
      asOf,
      k,
      mode,
    });
    results.push(passages.map((p) => ({ source: p.source, start: p.start, end: p.end })));
  }
  return results;
}

const DIAGNOSTIC_K = 50;

/** Where the first passage overlapping a gold span ranks in each mode (up to 50), one answerable item a line. */
async function printGoldRanks(
  app: INestApplicationContext,
  items: EvalItem[],
  gold: Span[][],
): Promise<void> {
  const modes = SEARCH_MODES;
  const ranked = await Promise.all(modes.map((m) => retrieveAll(app, items, m, DIAGNOSTIC_K)));
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
