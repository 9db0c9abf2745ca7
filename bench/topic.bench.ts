import { readFileSync } from 'node:fs';
import { TopicCorpus } from '@parley/chat';
import {
  GeneralEnglish,
  PersonaRegistry,
  Timeline,
  TopicGuard,
  WordNetDomains,
  loadTopicPolicy,
  type Persona,
  type TopicEvidence,
  type TopicPolicy,
} from '@parley/personas';
import { EMBEDDER, GloveEmbedder, type Embedder } from '@parley/embeddings';
import { cliContext, ensureReady } from '../apps/cli/src/context';
import { ms, percentile, rng, table } from './bench-util';

/** The development sets the guard's numbers are fitted on; eval/test.json is never read here. */
const DEV_SETS = [
  '../shared/eval/dev.json',
  'eval/validation.json',
  'eval/topic-dev.json',
  'eval/topic-dev2.json',
];
const FOLDS = 5;
// Refusing a real question costs more than answering a silly one: a false refusal counts as two misses.
const FALSE_REFUSAL_COST = 2;
const THRESHOLDS = Array.from({ length: 41 }, (_, i) => -1 + i * 0.1);
const MARGINS = Array.from({ length: 21 }, (_, i) => i * 0.2);
// Weights of the WordNet-domain signal; 0 is the everyday signal alone (the baseline).
const DOMAIN_WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
interface Item {
  set: string;
  persona: Persona;
  question: string;
  offTopic: boolean;
}

interface Scored {
  item: Item;
  evidence: TopicEvidence;
  /** The evidence of the guard as it was before the WordNet domains (baseline). */
  base: TopicEvidence;
}

interface Fit {
  threshold: number;
  margin: number;
  weight: number;
  cost: number;
}

/**
 * The topic guard's two numbers (threshold, addressedMargin) fitted by k-fold cross-validation on the development
 * items, with the held-out figures of each fold; then the fit on all items, and the guard's time per question.
 * `npm run bench -- topic [--per-item] [--question TEXT]` (CORPUS_DIR and DATA_DIR as for eval).
 */
export async function topicBench(perItem: boolean, questions: string[] = []): Promise<void> {
  const app = await cliContext();
  try {
    await ensureReady(app);
    const corpus = await app.get(TopicCorpus).profile();
    const personas = app.get(PersonaRegistry);
    const timeline = app.get(Timeline);
    const policy = loadTopicPolicy();
    const items = DEV_SETS.flatMap((file) => readItems(file, personas));
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      `${items.length} development items (${items.filter((i) => i.offTopic).length} off-topic) from ${DEV_SETS.join(', ')}`,
    );
    out(`corpus profile: ${corpus.paragraphs} chunks, ${corpus.total} content words\n`);

    const embedder = app.get<Embedder>(EMBEDDER);
    const space = embedder instanceof GloveEmbedder ? await embedder.wordVectors() : null;
    const guardFor = (p: TopicPolicy) => {
      const g = new TopicGuard(GeneralEnglish.load(), p, timeline, () => WordNetDomains.load());
      if (space) g.useWordSpace(space);
      return g;
    };
    const guard = guardFor(policy);
    // The neighbourhood evidence changes the evidence itself: each variant read once and cross-validated alike
    // (TOPIC_BENCH_NEIGHBOURS=1; it takes a minute).
    if (process.env.TOPIC_BENCH_NEIGHBOURS === '1')
      out(
        '## neighbourhood variants (neighbours k / mix): 5-fold held-out balanced accuracy, with the grid above',
      );
    for (const k of process.env.TOPIC_BENCH_NEIGHBOURS === '1' ? [0, 5, 10, 20] : [])
      for (const mix of k === 0 ? [0] : [0.25, 0.5, 0.75, 1]) {
        const variant = guardFor({ ...policy, neighbours: k, neighbourMix: mix });
        const vs = items.map((item) => ({
          item,
          evidence: variant.evidence(item.question, item.persona, corpus),
          base: null as unknown as TopicEvidence,
        }));
        const accs: number[] = [];
        let refused = 0;
        let wrong = 0;
        for (let f = 0; f < FOLDS; f++) {
          const fit = bestFit(
            vs.filter((_, i) => foldOf(i) !== f),
            variant,
            policy,
            DOMAIN_WEIGHTS,
          );
          const o = outcomes(
            vs.filter((_, i) => foldOf(i) === f),
            variant,
            withFit(policy, fit),
          );
          accs.push(balanced(o));
          refused += o.refused;
          wrong += o.falseRefusals;
        }
        const mean = accs.reduce((a, b) => a + b, 0) / FOLDS;
        const sd = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (FOLDS - 1));
        out(
          `  k ${k}, mix ${mix}: ${mean.toFixed(3)} ± ${sd.toFixed(3)}; held-out off-topic refused ${refused}, on-topic refused ${wrong}`,
        );
      }
    out('lexicographer files, ln P_general / P_corpus (most everyday first):');
    out(
      (guard.domainsOf(corpus)?.table() ?? []).map((d) => `${d.file} ${d.ratio.toFixed(2)}`).join(', ') +
        '\n',
    );
    // The evidence does not depend on the two numbers fitted: read once, judged under every candidate pair.
    const times: number[] = [];
    const basePolicy: TopicPolicy = { ...policy, domainWeight: 0, weighAbsence: false, neighbours: 0 };
    const baseGuard = new TopicGuard(GeneralEnglish.load(), basePolicy, timeline);
    const scored: Scored[] = items.map((item) => {
      const t = performance.now();
      const evidence = guard.evidence(item.question, item.persona, corpus);
      times.push(performance.now() - t);
      return { item, evidence, base: baseGuard.evidence(item.question, item.persona, corpus) };
    });
    const asBase = (xs: Scored[]): Scored[] => xs.map((x) => ({ ...x, evidence: x.base }));
    const rows: string[][] = [];
    const heldScores: { base: number; now: number }[] = [];
    for (let k = 0; k < FOLDS; k++) {
      const train = scored.filter((_, i) => foldOf(i) !== k);
      const test = scored.filter((_, i) => foldOf(i) === k);
      const base = bestFit(asBase(train), baseGuard, basePolicy, [0]);
      const fit = bestFit(train, guard, policy, DOMAIN_WEIGHTS);
      const heldBase = outcomes(asBase(test), baseGuard, withFit(basePolicy, base));
      const held = outcomes(test, guard, withFit(policy, fit));
      heldScores.push({ base: balanced(heldBase), now: balanced(held) });
      rows.push([
        String(k + 1),
        `${fit.threshold.toFixed(2)} / ${fit.margin.toFixed(2)} / ${fit.weight.toFixed(2)}`,
        `${held.refused}/${held.offTopic} (${heldBase.refused})`,
        `${held.falseRefusals}/${held.onTopic} (${heldBase.falseRefusals})`,
        `${balanced(held).toFixed(3)} (${balanced(heldBase).toFixed(3)})`,
      ]);
    }
    out(
      `## ${FOLDS}-fold cross-validation (fitted on the other folds, scored on the fold; baseline: domain weight 0)`,
    );
    out(
      table(
        [
          'fold',
          'threshold / margin / domain weight',
          'off-topic refused (base)',
          'on-topic refused (base)',
          'balanced acc. (base)',
        ],
        rows,
      ),
    );
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(xs.length - 1, 1));
      return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
    };
    out(
      `held-out balanced accuracy over folds (mean ± sd): ${stats(heldScores.map((h) => h.now))}, baseline ${stats(heldScores.map((h) => h.base))}`,
    );
    // The same with the threshold held at the policy's (margin and weight fitted), for a threshold set by hand.
    const fixed: { base: number; now: number }[] = [];
    for (let k = 0; k < FOLDS; k++) {
      const train = scored.filter((_, i) => foldOf(i) !== k);
      const test = scored.filter((_, i) => foldOf(i) === k);
      const t = [policy.threshold];
      const base = bestFit(asBase(train), baseGuard, basePolicy, [0], t);
      const fit = bestFit(train, guard, policy, DOMAIN_WEIGHTS, t);
      fixed.push({
        base: balanced(outcomes(asBase(test), baseGuard, withFit(basePolicy, base))),
        now: balanced(outcomes(test, guard, withFit(policy, fit))),
      });
    }
    out(
      `threshold held at ${policy.threshold}: ${stats(fixed.map((h) => h.now))}, baseline ${stats(fixed.map((h) => h.base))}`,
    );
    const all = bestFit(scored, guard, policy, DOMAIN_WEIGHTS);
    const allFixed = bestFit(scored, guard, policy, DOMAIN_WEIGHTS, [policy.threshold]);
    out(
      `fit on all items with the threshold held at ${policy.threshold}: margin ${allFixed.margin.toFixed(2)}, domain weight ${allFixed.weight.toFixed(2)}`,
    );
    const allBase = bestFit(asBase(scored), baseGuard, basePolicy, [0]);
    out(
      `\nfit on all items: threshold ${all.threshold.toFixed(2)}, margin ${all.margin.toFixed(2)}, domain weight ${all.weight.toFixed(2)} ` +
        `(baseline: threshold ${allBase.threshold.toFixed(2)}, margin ${allBase.margin.toFixed(2)})`,
    );
    out(
      `policy in prompts/topic-guard.yaml: threshold ${policy.threshold}, margin ${policy.addressedMargin}, domain weight ${policy.domainWeight}, context prior ${policy.contextPrior}, neighbours ${policy.neighbours}, weigh absence ${policy.weighAbsence}`,
    );
    const perSet: string[][] = [];
    for (const set of DEV_SETS) {
      const of = scored.filter((s) => s.item.set === set);
      const now = outcomes(of, guard, policy);
      const base = outcomes(asBase(of), baseGuard, {
        ...basePolicy,
        threshold: 0.4,
        addressedMargin: 2.6,
      });
      perSet.push([
        set,
        `${now.refused}/${now.offTopic} (${base.refused})`,
        `${now.falseRefusals}/${now.onTopic} (${base.falseRefusals})`,
      ]);
    }
    out(
      '\n## by set, under the policy (in brackets: the guard before the WordNet domains, threshold 0.4, margin 2.6)',
    );
    out(table(['set', 'off-topic refused', 'on-topic refused'], perSet));
    for (const { item, evidence } of scored) {
      const v = guard.verdict(evidence);
      if (perItem && v.offTopic !== item.offTopic)
        out(`  MISS ${item.offTopic ? 'off' : 'on '} ${item.persona.id}: ${item.question}  — ${v.reason}`);
    }
    for (const q of questions)
      for (const p of personas.list()) out(`  ${p.id}: ${q}  — ${guard.classify(q, p, corpus).reason}`);
    out(
      `\nguard evidence time per question: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}\n`,
    );
  } finally {
    await app.close();
  }
}

// Items are dealt to folds by a fixed shuffle, so every run uses the same folds.
const foldSeed = rng(16);
const foldCache: number[] = [];
function foldOf(i: number): number {
  while (foldCache.length <= i) foldCache.push(Math.floor(foldSeed() * FOLDS));
  return foldCache[i];
}

function readItems(file: string, personas: PersonaRegistry): Item[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { persona: string; question: string; type: string }[];
  return raw.map((r) => ({
    set: file,
    persona: personas.get(r.persona),
    question: r.question,
    offTopic: r.type === 'offtopic',
  }));
}

function outcomes(
  scored: Scored[],
  guard: TopicGuard,
  policy: TopicPolicy,
): { refused: number; offTopic: number; falseRefusals: number; onTopic: number } {
  let refused = 0;
  let falseRefusals = 0;
  for (const { item, evidence } of scored) {
    const off = guard.verdict(evidence, policy).offTopic;
    if (item.offTopic && off) refused += 1;
    if (!item.offTopic && off) falseRefusals += 1;
  }
  const offTopic = scored.filter((s) => s.item.offTopic).length;
  return { refused, offTopic, falseRefusals, onTopic: scored.length - offTopic };
}

function withFit(policy: TopicPolicy, fit: Fit): TopicPolicy {
  return { ...policy, threshold: fit.threshold, addressedMargin: fit.margin, domainWeight: fit.weight };
}

// Mean of the off-topic refusal rate and the on-topic answer rate.
function balanced(o: { refused: number; offTopic: number; falseRefusals: number; onTopic: number }): number {
  return (o.refused / Math.max(o.offTopic, 1) + 1 - o.falseRefusals / Math.max(o.onTopic, 1)) / 2;
}

// The least costly triple on the grid; among equals, the smallest weight and margin (no larger than the data asks
// for), then the highest threshold (in doubt, answer).
function bestFit(
  scored: Scored[],
  guard: TopicGuard,
  policy: TopicPolicy,
  weights: number[],
  thresholds: number[] = THRESHOLDS,
): Fit {
  let best: Fit | null = null;
  for (const weight of weights) {
    for (const margin of MARGINS) {
      for (const threshold of thresholds) {
        const fit = { threshold, margin, weight, cost: 0 };
        const o = outcomes(scored, guard, withFit(policy, fit));
        fit.cost = o.offTopic - o.refused + FALSE_REFUSAL_COST * o.falseRefusals;
        if (
          !best ||
          fit.cost < best.cost ||
          (fit.cost === best.cost && margin === best.margin && weight === best.weight)
        )
          best = fit;
      }
    }
  }
  return best as Fit;
}
