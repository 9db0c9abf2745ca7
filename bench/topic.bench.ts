import { readFileSync } from 'node:fs';
import { TopicCorpus } from '@parley/chat';
import {
  GeneralEnglish,
  PersonaRegistry,
  Timeline,
  TopicGuard,
  loadTopicPolicy,
  type Persona,
  type TopicEvidence,
  type TopicPolicy,
} from '@parley/personas';
import { cliContext, ensureReady } from '../apps/cli/src/context';
import { ms, percentile, rng, table } from './bench-util';

/** The development sets the guard's numbers are fitted on; eval/test.json is never read here. */
const DEV_SETS = ['../shared/eval/dev.json', 'eval/validation.json', 'eval/topic-dev.json'];
const FOLDS = 5;
// Refusing a real question costs more than answering a silly one: a false refusal counts as two misses.
const FALSE_REFUSAL_COST = 2;
const THRESHOLDS = Array.from({ length: 41 }, (_, i) => -1 + i * 0.1);
const MARGINS = Array.from({ length: 21 }, (_, i) => i * 0.2);

interface Item {
  persona: Persona;
  question: string;
  offTopic: boolean;
}

interface Scored {
  item: Item;
  evidence: TopicEvidence;
}

interface Fit {
  threshold: number;
  margin: number;
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

    const guard = new TopicGuard(GeneralEnglish.load(), policy, timeline);
    // The evidence does not depend on the two numbers fitted: read once, judged under every candidate pair.
    const times: number[] = [];
    const scored: Scored[] = items.map((item) => {
      const t = performance.now();
      const evidence = guard.evidence(item.question, item.persona, corpus);
      times.push(performance.now() - t);
      return { item, evidence };
    });
    const rows: string[][] = [];
    for (let k = 0; k < FOLDS; k++) {
      const fit = bestFit(
        scored.filter((_, i) => foldOf(i) !== k),
        guard,
        policy,
      );
      const held = outcomes(
        scored.filter((_, i) => foldOf(i) === k),
        guard,
        { ...policy, threshold: fit.threshold, addressedMargin: fit.margin },
      );
      rows.push([
        String(k + 1),
        fit.threshold.toFixed(2),
        fit.margin.toFixed(2),
        `${held.refused}/${held.offTopic}`,
        `${held.falseRefusals}/${held.onTopic}`,
      ]);
    }
    out(`## ${FOLDS}-fold cross-validation (fitted on the other folds, scored on the fold)`);
    out(table(['fold', 'threshold', 'margin', 'off-topic refused', 'on-topic refused'], rows));
    const all = bestFit(scored, guard, policy);
    const now = outcomes(scored, guard, policy);
    out(
      `\nfit on all items: threshold ${all.threshold.toFixed(2)}, margin ${all.margin.toFixed(2)}; ` +
        `policy in prompts/topic-guard.yaml: threshold ${policy.threshold}, margin ${policy.addressedMargin} ` +
        `→ off-topic refused ${now.refused}/${now.offTopic}, on-topic refused ${now.falseRefusals}/${now.onTopic}`,
    );
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

// The least costly pair on the grid; among equals, the smallest margin (no larger than the data asks for), then the
// highest threshold (in doubt, answer).
function bestFit(scored: Scored[], guard: TopicGuard, policy: TopicPolicy): Fit {
  let best: Fit | null = null;
  for (const margin of MARGINS) {
    for (const threshold of THRESHOLDS) {
      const o = outcomes(scored, guard, { ...policy, threshold, addressedMargin: margin });
      const cost = o.offTopic - o.refused + FALSE_REFUSAL_COST * o.falseRefusals;
      if (!best || cost < best.cost || (cost === best.cost && margin === best.margin))
        best = { threshold, margin, cost };
    }
  }
  return best as Fit;
}
