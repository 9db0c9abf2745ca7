import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AnswerGenerator, DEFAULT_ANSWER_POLICY, RELEVANCE_MODEL_PATH, type Reading } from '@parley/chat';
import { errorMessage } from '@parley/core';
import type { RelevanceModel } from '@parley/llm';
import { PersonaRegistry } from '@parley/personas';
import { dump } from 'js-yaml';
import { stringOption, type Args } from '../args';
import { cliContext, ensureReady } from '../context';
import { ANSWERABLE, parseDataset, type EvalItem } from '../eval/eval-dataset.schema';
import { overlaps } from '../eval/eval-metrics';
import {
  atBar,
  chooseBar,
  crossValidate,
  fitAll,
  foldOf,
  type CandidateRow,
  type ItemOutcome,
} from '../eval/relevance-fit';
import { goldSpans } from '../eval/eval-retrieval';

const USAGE =
  'usage: npm run eval:fit -- --datasets FILE[,FILE…] [--out FILE] [--target 0.7] [--coverage 0.45] [--folds 5 | --folds-by dataset] [--l2 0.01] [--rows rows.jsonl]\n';

/**
 * Fits the relevance model on development sets: every candidate sentence the relevance gate reads, labelled by
 * whether it overlaps a gold passage; k-fold cross-validation by question (reported per fold, beside the earlier
 * score); the bar chosen on the out-of-fold scores for a target precision; the model refitted on all and written.
 */
export async function fitRelevanceCommand(args: Args): Promise<number> {
  const paths = (stringOption(args, 'datasets') ?? '').split(',').filter(Boolean);
  if (paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  // The held-out set is only ever reported on, by the lead, once: nothing is fitted on it.
  if (paths.some((p) => basename(p) === 'test.json')) {
    process.stderr.write('eval/test.json is held out: the relevance model is never fitted on it.\n');
    return 2;
  }
  const items: EvalItem[] = [];
  /** Index in `paths` of the set each item came from. */
  const itemSets: number[] = [];
  for (const [setIndex, path] of paths.entries()) {
    let parsed: ReturnType<typeof parseDataset>;
    try {
      parsed = parseDataset(readFileSync(path, 'utf8'));
    } catch (e) {
      process.stderr.write(`${path}: ${errorMessage(e)}\n`);
      return 2;
    }
    if ('problems' in parsed) {
      process.stderr.write(`${path} cannot be used:\n${parsed.problems.join('\n')}\n`);
      return 2;
    }
    items.push(...parsed.items);
    itemSets.push(...parsed.items.map(() => setIndex));
  }
  const target = Number(stringOption(args, 'target') ?? 0.7);
  const coverage = Number(stringOption(args, 'coverage') ?? 0.45);
  const foldsBy = stringOption(args, 'folds-by');
  if (foldsBy !== undefined && foldsBy !== 'dataset') {
    process.stderr.write(`--folds-by takes "dataset" only (got "${foldsBy}")\n${USAGE}`);
    return 2;
  }
  if (foldsBy === 'dataset' && paths.length < 2) {
    process.stderr.write(`--folds-by dataset needs at least two datasets\n${USAGE}`);
    return 2;
  }
  // By dataset: one fold per set, each measured by a model fitted on the other sets only.
  const folds = foldsBy === 'dataset' ? paths.length : Number(stringOption(args, 'folds') ?? 5);
  const fold = (item: number) => (foldsBy === 'dataset' ? itemSets[item] : foldOf(item, folds));
  const l2 = Number(stringOption(args, 'l2') ?? 0.01);
  const out = stringOption(args, 'out') ?? RELEVANCE_MODEL_PATH;

  const app = await cliContext();
  try {
    await ensureReady(app);
    const gold = await goldSpans(app, items);
    const generator = app.get(AnswerGenerator);
    const personas = app.get(PersonaRegistry);
    const answerable = [...items.keys()].filter(
      (i) => ANSWERABLE.includes(items[i].type) && gold[i].length > 0,
    );
    /** Answers item i with the gate open under `model` (none: the earlier score); its best evidence and whether it hit. */
    const answer = async (i: number, model: RelevanceModel | undefined) => {
      const item = items[i];
      let reading: Reading | null = null;
      const generated = await generator.generate({
        persona: personas.get(item.persona),
        asOf: personas.resolveAsOf(item.persona, item.asOf),
        question: item.question,
        mode: 'persona',
        history: [],
        policy: { ...DEFAULT_ANSWER_POLICY, minRelevance: 0, relevanceModel: model },
        onReading: (r) => (reading = r),
        onCitations: () => undefined,
        onDelta: () => undefined,
      });
      const hit = generated.citations.some((c) => gold[i].some((g) => overlaps(c, g)));
      // Refused before the passages were read (a guard, missing subjects): never answered, at any bar.
      const outcome: ItemOutcome = {
        score: generated.refusal === null ? (generated.relevance ?? -1) : -1,
        hit,
      };
      const quotes = generated.citations.length;
      const goldQuotes = generated.citations.filter((c) => gold[i].some((g) => overlaps(c, g))).length;
      return { reading: reading as Reading | null, outcome, quotes, goldQuotes };
    };

    // Pass 1, the earlier score: every candidate sentence with its features, and the answers as they were.
    const rows: CandidateRow[] = [];
    const baselineAnswers: ItemOutcome[] = [];
    for (const i of answerable) {
      const { reading, outcome } = await answer(i, undefined);
      baselineAnswers.push(outcome);
      for (const c of reading?.candidates ?? []) {
        const span = {
          source: c.passage.source,
          start: c.passage.start + c.start,
          end: c.passage.start + c.end,
        };
        rows.push({
          item: i,
          features: c.features,
          label: gold[i].some((g) => overlaps(span, g)),
          baseline: c.relevance,
        });
      }
    }
    const dumpTo = stringOption(args, 'rows');
    if (dumpTo) writeFileSync(dumpTo, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const cv = crossValidate(rows, folds, l2, fold);
    // Pass 2, out of fold: each question answered under the model fitted without its fold; the bar is chosen on
    // these answers (does an answer cite gold), not on single sentences.
    const modelAnswers: (ItemOutcome & { fold: number; quotes: number; goldQuotes: number })[] = [];
    for (const i of answerable) {
      const k = fold(i);
      const a = await answer(i, cv.models[k]);
      modelAnswers.push({ ...a.outcome, fold: k, quotes: a.quotes, goldQuotes: a.goldQuotes });
    }
    const bar = chooseBar(modelAnswers, target, coverage);
    {
      const given = modelAnswers.filter((o) => o.score >= bar);
      const q = given.reduce((n, o) => n + o.quotes, 0);
      const gq = given.reduce((n, o) => n + o.goldQuotes, 0);
      process.stdout.write(
        `quotes per answer at the bar ${(q / Math.max(1, given.length)).toFixed(2)}, share of quotes citing gold ${(gq / Math.max(1, q)).toFixed(2)}\n`,
      );
    }
    const baselineBar = chooseBar(baselineAnswers, target, coverage);
    const model = fitAll(rows, l2);
    const perFold = cv.folds.map((fr) =>
      atBar(
        modelAnswers.filter((o) => o.fold === fr.fold - 1),
        bar,
      ),
    );
    const w = (s: string) => process.stdout.write(`${s}\n`);
    const f = (x: number) => x.toFixed(2);
    const questions = new Set(rows.map((r) => r.item)).size;
    w(
      `${rows.length} candidate sentences of ${questions} questions, ${rows.filter((r) => r.label).length} overlapping gold`,
    );
    w('fold  questions  top-1 model  top-1 baseline  AUC model  AUC baseline');
    cv.folds.forEach((fr, k) =>
      w(
        `${String(fr.fold).padStart(4)}  ${String(fr.items).padStart(9)}  ${f(fr.top1.model).padStart(11)}  ${f(fr.top1.baseline).padStart(14)}  ${f(fr.auc.model).padStart(9)}  ${f(fr.auc.baseline).padStart(12)}  answered ${f(perFold[k].answered)} citing gold ${f(perFold[k].precision)}${foldsBy === 'dataset' ? `  (${basename(paths[k])})` : ''}`,
      ),
    );
    w('out-of-fold answers: share answered / share of those citing gold, by the best evidence at each bar');
    const quantiles = [0.9, 0.8, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.3, 0.2, 0.1, 0];
    const barsAt = (o: ItemOutcome[]) => {
      const scores = o
        .map((x) => x.score)
        .filter((x) => x >= 0)
        .sort((a, c) => a - c);
      return quantiles.map((q) => scores[Math.floor(q * (scores.length - 1))] ?? 0);
    };
    for (const [name, outcomes] of [
      ['model', modelAnswers],
      ['baseline', baselineAnswers],
    ] as const)
      w(
        `  ${name.padEnd(8)} ${barsAt(outcomes)
          .map((t) => {
            const r = atBar(outcomes, t);
            return `${t.toFixed(3)}:${f(r.answered)}/${f(r.precision)}`;
          })
          .join('  ')}`,
      );
    const m = atBar(modelAnswers, bar);
    const b = atBar(baselineAnswers, baselineBar);
    w(
      `bar for answers citing gold ≥ ${target}, else answering ≥ ${coverage} (out of fold): model ${bar.toFixed(3)} answers ${f(m.answered)}, precision ${f(m.precision)}`,
    );
    w(
      `                                  baseline ${baselineBar.toFixed(3)} answers ${f(b.answered)}, precision ${f(b.precision)}`,
    );
    const foldOption = foldsBy === 'dataset' ? '--folds-by dataset' : `--folds ${folds}`;
    const command = `npm run eval:fit -- --datasets ${paths.join(',')} --target ${target} --coverage ${coverage} ${foldOption} --l2 ${l2}`;
    const file = {
      source: `Fitted by \`${command}\` (${rows.length} candidate sentences of ${questions} questions; label: the sentence overlaps a gold passage).`,
      model: { intercept: round(model.intercept), weights: mapValues(model.weights, round) },
      minRelevance: round(bar),
      crossValidation: {
        folds: cv.folds.map((fr) => ({
          fold: fr.fold,
          questions: fr.items,
          top1Model: round(fr.top1.model),
          top1Baseline: round(fr.top1.baseline),
          aucModel: round(fr.auc.model),
          aucBaseline: round(fr.auc.baseline),
          answeredAtBar: round(perFold[fr.fold - 1].answered),
          citingGoldAtBar: round(perFold[fr.fold - 1].precision),
        })),
        outOfFoldAtBar: { answered: round(m.answered), precision: round(m.precision) },
        baselineAtItsBar: {
          bar: round(baselineBar),
          answered: round(b.answered),
          precision: round(b.precision),
        },
      },
    };
    const header = `# The relevance model of the answer pipeline (libs/llm/src/relevance-model.ts), read into AnswerPolicy.\n# Written by: ${command}\n# Refit after changing the features, retrieval or the development sets; never fit on eval/test.json.\n`;
    writeFileSync(out, header + dump(file, { lineWidth: 110 }));
    w(`written ${out}`);
    return 0;
  } finally {
    await app.close();
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function mapValues<K extends string>(o: Record<K, number>, fn: (x: number) => number): Record<K, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fn(v as number)])) as Record<K, number>;
}
