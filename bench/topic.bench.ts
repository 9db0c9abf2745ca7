import { readFileSync, writeFileSync } from 'node:fs';
import { TopicCorpus } from '@parley/chat';
import { CorpusRepository } from '@parley/corpus';
import {
  GeneralEnglish,
  PersonaRegistry,
  Timeline,
  TopicGuard,
  WordNetDomains,
  loadTopicPolicy,
  senseReading,
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
  'eval/topic-dev3.json',
  // Answerable and unanswerable questions in a student's words: the guard must let them through.
  'eval/retrieval-dev2.json',
  'eval/retrieval-dev3.json',
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
  type: string;
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
    // The per-word sense decision reads the contexts of the corpus's words from the same chunks (GloVe only).
    const chunks = space ? (await app.get(CorpusRepository).chunkTexts()).map((c) => c.text) : [];
    const sensesStarted = performance.now();
    const senses = space ? guard.sensesOf(corpus, chunks) : null;
    if (senses)
      out(
        `word senses: ${senses.size} stems with contexts, read in ${ms(performance.now() - sensesStarted)} (once per corpus, at start-up)`,
      );
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
    if (space) senseCrossValidation(scored, guard, { ...policy, senseBar: undefined, senseOnBar: undefined });
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
    type: r.type,
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

// Bars of the per-word sense decision (standard deviations of a word's corpus contexts); undefined: off.
// TOPIC_BENCH_SENSE=off|on|both limits the grid to one of the two bars.
const SENSE_ONLY = process.env.TOPIC_BENCH_SENSE ?? 'both';
const SENSE_BARS = SENSE_ONLY === 'on' ? [undefined] : [undefined, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
const SENSE_ON_BARS = SENSE_ONLY === 'off' ? [undefined] : [undefined, 0.4, 0.5, 0.6, 0.7];

/** What `TopicGuard.verdict` reads of one item under one pair of sense bars, for a fast grid search. */
interface SenseRead {
  score: number;
  domain: number;
  /** Strong evidence left once the topic words used in another sense are set aside. */
  strong: boolean;
  addresses: boolean;
  homework: boolean;
  events: number[];
}

function senseRead(e: TopicEvidence, p: TopicPolicy): SenseRead {
  const r = senseReading(e, p);
  const setAside = e.topics.filter((t) => r.otherSense.includes(t)).length;
  return {
    score: r.score,
    domain: e.domain.score,
    strong: e.strong.length - setAside > 0,
    addresses: e.addresses,
    homework: e.homework !== null,
    events: e.events.map((x) => x.score),
  };
}

// The verdict of `TopicGuard.verdict` on a precomputed reading (checked against it below).
function offBy(r: SenseRead, threshold: number, margin: number, weight: number): boolean {
  const bar = threshold + (r.addresses ? margin : 0);
  if (r.strong || r.events.some((s) => s <= bar || r.addresses)) return false;
  return r.homework || r.score + weight * r.domain > bar;
}

interface SenseFit {
  threshold: number;
  margin: number;
  weight: number;
  senseBar?: number;
  senseOnBar?: number;
  cost: number;
}

/**
 * The per-word sense decision against the guard without it, both fitted by 5-fold cross-validation on the same
 * folds and grid (threshold, margin, domain weight; plus the two sense bars), with each fold's held-out figures:
 * off-topic refused, answerable and unanswerable questions refused.
 */
function senseCrossValidation(scored: Scored[], guard: TopicGuard, base: TopicPolicy): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (process.env.TOPIC_BENCH_SENSES)
    writeFileSync(
      process.env.TOPIC_BENCH_SENSES,
      scored
        .map((x) =>
          JSON.stringify({
            q: x.item.question,
            type: x.item.type,
            off: x.item.offTopic,
            guardOff: guard.verdict(x.evidence, base).offTopic,
            words: x.evidence.signal.words.map((w) => ({
              stem: w.stem,
              ratio: w.ratio,
              counted: w.counted,
              weight: w.weight,
            })),
            senses: x.evidence.senses,
            score: x.evidence.signal.score,
            domain: x.evidence.domain.score,
            strong: x.evidence.strong,
            topics: x.evidence.topics,
            addresses: x.evidence.addresses,
          }),
        )
        .join('\n'),
    );
  if (process.env.TOPIC_BENCH_SENSES_ONLY) return;
  const pairs = SENSE_BARS.flatMap((senseBar) =>
    SENSE_ON_BARS.map((senseOnBar) => ({ senseBar, senseOnBar })),
  );
  const reads = scored.map((x) => pairs.map((p) => senseRead(x.evidence, { ...base, ...p })));
  // The fast verdict must be the guard's: checked on every item under every pair at the policy's numbers.
  scored.forEach((x, i) =>
    pairs.forEach((p, j) => {
      const policy = { ...base, ...p };
      if (
        offBy(reads[i][j], policy.threshold, policy.addressedMargin, policy.domainWeight) !==
        guard.verdict(x.evidence, policy).offTopic
      )
        throw new Error(`fast verdict differs from the guard's on: ${x.item.question}`);
    }),
  );
  const costOf = (idx: number[], pair: number, t: number, m: number, w: number) => {
    let c = 0;
    for (const i of idx) {
      const off = offBy(reads[i][pair], t, m, w);
      if (scored[i].item.offTopic && !off) c += 1;
      if (!scored[i].item.offTopic && off) c += FALSE_REFUSAL_COST;
    }
    return c;
  };
  const fit = (
    idx: number[],
    pairIdx: number[],
    thresholds: readonly number[] = THRESHOLDS,
  ): SenseFit & { pair: number } => {
    let best: (SenseFit & { pair: number }) | null = null;
    for (const pair of pairIdx)
      for (const weight of DOMAIN_WEIGHTS)
        for (const margin of MARGINS)
          for (const threshold of thresholds) {
            const cost = costOf(idx, pair, threshold, margin, weight);
            // Ties: the earlier pair (off first), the smaller weight and margin, then the higher threshold.
            if (
              !best ||
              cost < best.cost ||
              (cost === best.cost && pair === best.pair && margin === best.margin && weight === best.weight)
            )
              best = { threshold, margin, weight, ...pairs[pair], cost, pair };
          }
    return best as SenseFit & { pair: number };
  };
  const off = [pairs.findIndex((p) => p.senseBar === undefined && p.senseOnBar === undefined)];
  const all = pairs.map((_, j) => j);
  const tally = (idx: number[], f: SenseFit & { pair: number }) => {
    const t = { off: 0, caught: 0, answerable: 0, aFlag: 0, unanswerable: 0, uFlag: 0 };
    for (const i of idx) {
      const o = offBy(reads[i][f.pair], f.threshold, f.margin, f.weight);
      const type = scored[i].item.type;
      if (type === 'offtopic') {
        t.off += 1;
        if (o) t.caught += 1;
      } else if (type === 'unanswerable' || type === 'anachronism') {
        t.unanswerable += 1;
        if (o) t.uFlag += 1;
      } else {
        t.answerable += 1;
        if (o) t.aFlag += 1;
      }
    }
    return t;
  };
  out(
    '\n## per-word sense decision (CorpusSenses), 5-fold cross-validation; in brackets the guard without it',
  );
  out(
    'fold  threshold / margin / weight / senseBar / senseOnBar | held out: off-topic refused, answerable refused, unanswerable+anachronism refused (base)',
  );
  const sum = { now: [0, 0, 0, 0, 0, 0], base: [0, 0, 0, 0, 0, 0] };
  const acc: { now: number; base: number }[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = scored.map((_, i) => i).filter((i) => foldOf(i) !== k);
    const test = scored.map((_, i) => i).filter((i) => foldOf(i) === k);
    const f = fit(train, all);
    const b = fit(train, off);
    const t = tally(test, f);
    const tb = tally(test, b);
    [t.caught, t.off, t.aFlag, t.answerable, t.uFlag, t.unanswerable].forEach((v, i) => (sum.now[i] += v));
    [tb.caught, tb.off, tb.aFlag, tb.answerable, tb.uFlag, tb.unanswerable].forEach(
      (v, i) => (sum.base[i] += v),
    );
    const bal = (x: typeof t) =>
      (x.caught / Math.max(x.off, 1) + 1 - (x.aFlag + x.uFlag) / Math.max(x.answerable + x.unanswerable, 1)) /
      2;
    acc.push({ now: bal(t), base: bal(tb) });
    out(
      `${k + 1}     ${f.threshold.toFixed(2)} / ${f.margin.toFixed(1)} / ${f.weight} / ${f.senseBar ?? 'off'} / ${f.senseOnBar ?? 'off'} | ${t.caught}/${t.off} (${tb.caught}), ${t.aFlag}/${t.answerable} (${tb.aFlag}), ${t.uFlag}/${t.unanswerable} (${tb.uFlag})`,
    );
  }
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(xs.length - 1, 1));
    return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
  };
  out(
    `held out in all: off-topic refused ${sum.now[0]}/${sum.now[1]} (${sum.base[0]}), answerable refused ${sum.now[2]}/${sum.now[3]} (${sum.base[2]}), unanswerable+anachronism refused ${sum.now[4]}/${sum.now[5]} (${sum.base[4]}); balanced accuracy ${stats(acc.map((a) => a.now))} (${stats(acc.map((a) => a.base))})`,
  );
  const idx = scored.map((_, i) => i);
  const fa = fit(idx, all);
  out(
    `fit on all: threshold ${fa.threshold.toFixed(2)}, margin ${fa.margin.toFixed(1)}, weight ${fa.weight}, senseBar ${fa.senseBar ?? 'off'}, senseOnBar ${fa.senseOnBar ?? 'off'}`,
  );
  // With the threshold held at the policy's (set by hand), the sense bars fitted with margin and weight.
  const held = [THRESHOLDS.find((t) => Math.abs(t - base.threshold) < 1e-9) ?? base.threshold];
  const fitHeld = (train: number[], pairIdx: number[]) => fit(train, pairIdx, held);
  const sumH = { now: [0, 0, 0, 0, 0, 0], base: [0, 0, 0, 0, 0, 0] };
  for (let k = 0; k < FOLDS; k++) {
    const train = scored.map((_, i) => i).filter((i) => foldOf(i) !== k);
    const test = scored.map((_, i) => i).filter((i) => foldOf(i) === k);
    const f = fitHeld(train, all);
    const b = fitHeld(train, off);
    const t = tally(test, f);
    const tb = tally(test, b);
    [t.caught, t.off, t.aFlag, t.answerable, t.uFlag, t.unanswerable].forEach((v, i) => (sumH.now[i] += v));
    [tb.caught, tb.off, tb.aFlag, tb.answerable, tb.uFlag, tb.unanswerable].forEach(
      (v, i) => (sumH.base[i] += v),
    );
    out(
      `threshold held at ${base.threshold}, fold ${k + 1}: margin ${f.margin.toFixed(1)} / weight ${f.weight} / senseBar ${f.senseBar ?? 'off'} / senseOnBar ${f.senseOnBar ?? 'off'} | ${t.caught}/${t.off} (${tb.caught}), ${t.aFlag}/${t.answerable} (${tb.aFlag}), ${t.uFlag}/${t.unanswerable} (${tb.uFlag})`,
    );
  }
  out(
    `threshold held, in all: off-topic refused ${sumH.now[0]}/${sumH.now[1]} (${sumH.base[0]}), answerable refused ${sumH.now[2]}/${sumH.now[3]} (${sumH.base[2]}), unanswerable+anachronism refused ${sumH.now[4]}/${sumH.now[5]} (${sumH.base[4]})`,
  );
  const fh = fitHeld(idx, all);
  out(
    `fit on all, threshold held: margin ${fh.margin.toFixed(1)}, weight ${fh.weight}, senseBar ${fh.senseBar ?? 'off'}, senseOnBar ${fh.senseOnBar ?? 'off'}`,
  );
  for (const i of idx) {
    const r = scored[i];
    const z = r.evidence.senses.map((s) => `${s.stem} ${s.centred.toFixed(2)}`).join(', ');
    const withSense = offBy(reads[i][fh.pair], base.threshold, base.addressedMargin, base.domainWeight);
    const without = offBy(reads[i][off[0]], base.threshold, base.addressedMargin, base.domainWeight);
    // Verdicts the fitted sense bars change at the policy's threshold, margin and weight.
    if (withSense !== without)
      out(
        `  ${withSense ? 'REFUSED' : 'LET THROUGH'} ${r.item.offTopic ? 'off' : 'on '} ${r.item.persona.id}: ${r.item.question} — senses ${z}`,
      );
  }
}
