import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AnswerGenerator, DEFAULT_ANSWER_POLICY, RELEVANCE_MODEL_PATH, type Reading } from '@parley/chat';
import { errorMessage } from '@parley/core';
import { PersonaRegistry } from '@parley/personas';
import { dump } from 'js-yaml';
import { stringOption, type Args } from '../args';
import { cliContext, ensureReady } from '../context';
import { ANSWERABLE, parseDataset, type EvalItem } from '../eval/eval-dataset.schema';
import { overlaps } from '../eval/eval-metrics';
import { atBar, chooseBar, crossValidate, fitAll, type CandidateRow } from '../eval/relevance-fit';
import { goldSpans } from './eval.command';

const USAGE =
  'usage: npm run eval:fit -- --datasets FILE[,FILE…] [--out FILE] [--target 0.7] [--folds 5] [--l2 0.01] [--rows rows.jsonl]\n';

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
  for (const path of paths) {
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
  }
  const target = Number(stringOption(args, 'target') ?? 0.7);
  const folds = Number(stringOption(args, 'folds') ?? 5);
  const l2 = Number(stringOption(args, 'l2') ?? 0.01);
  const out = stringOption(args, 'out') ?? RELEVANCE_MODEL_PATH;

  const app = await cliContext();
  try {
    await ensureReady(app);
    const gold = await goldSpans(app, items);
    const generator = app.get(AnswerGenerator);
    const personas = app.get(PersonaRegistry);
    const rows: CandidateRow[] = [];
    for (const [i, item] of items.entries()) {
      if (!ANSWERABLE.includes(item.type) || gold[i].length === 0) continue;
      let reading: Reading | null = null;
      await generator.generate({
        persona: personas.get(item.persona),
        asOf: personas.resolveAsOf(item.persona, item.asOf),
        question: item.question,
        mode: 'persona',
        history: [],
        // The gate open and the earlier score: every candidate is read, and its baseline score is what it was.
        policy: { ...DEFAULT_ANSWER_POLICY, minRelevance: 0, relevanceModel: undefined },
        onReading: (r) => (reading = r),
        onCitations: () => undefined,
        onDelta: () => undefined,
      });
      for (const c of (reading as Reading | null)?.candidates ?? []) {
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
    const cv = crossValidate(rows, folds, l2);
    const bar = chooseBar(cv.model, target);
    const baselineBar = chooseBar(cv.baseline, target);
    const model = fitAll(rows, l2);
    const w = (s: string) => process.stdout.write(`${s}\n`);
    const f = (x: number) => x.toFixed(2);
    const questions = new Set(rows.map((r) => r.item)).size;
    w(
      `${rows.length} candidate sentences of ${questions} questions, ${rows.filter((r) => r.label).length} overlapping gold`,
    );
    w('fold  questions  top-1 model  top-1 baseline  AUC model  AUC baseline');
    for (const fr of cv.folds)
      w(
        `${String(fr.fold).padStart(4)}  ${String(fr.items).padStart(9)}  ${f(fr.top1.model).padStart(11)}  ${f(fr.top1.baseline).padStart(14)}  ${f(fr.auc.model).padStart(9)}  ${f(fr.auc.baseline).padStart(12)}`,
      );
    const m = atBar(cv.model, bar);
    const b = atBar(cv.baseline, baselineBar);
    w(
      `bar for precision ${target} (out of fold): model ${bar.toFixed(3)} answers ${f(m.answered)}, precision ${f(m.precision)}`,
    );
    w(
      `                                  baseline ${baselineBar.toFixed(3)} answers ${f(b.answered)}, precision ${f(b.precision)}`,
    );
    const command = `npm run eval:fit -- --datasets ${paths.join(',')} --target ${target} --folds ${folds} --l2 ${l2}`;
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
