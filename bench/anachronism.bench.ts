import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AnachronismGuard,
  DEFAULT_DESCRIBED_OPTIONS,
  DescribedEventMatcher,
  PersonaRegistry,
  Timeline,
  loadPersonas,
  type DescribedOptions,
  type DescribedVerdict,
  type Persona,
} from '@parley/personas';
import { loadGloveVectors } from '@parley/embeddings';
import { ms, percentile, rng } from './bench-util';

/** Sets whose `anachronism` items are positives and whose other items are negatives; eval/test.json is never read. */
const POSITIVE_SETS = [
  'eval/anachronism-dev.json',
  'eval/anachronism-probe.json',
  '../shared/eval/dev.json',
  'eval/validation.json',
];
/** Sets whose answerable, off-topic and unanswerable items are negatives (the brief's list). */
const NEGATIVE_SETS = [
  '../shared/eval/dev.json',
  'eval/validation.json',
  'eval/retrieval-dev2.json',
  'eval/topic-dev.json',
  'eval/topic-dev2.json',
];
/** Reported, not fitted on by default: the probe written for this matcher, and the in-period items of the others. */
const REPORT_SETS = [
  'eval/anachronism-dev2.json',
  'eval/anachronism-dev.json',
  'eval/anachronism-probe.json',
];
const FOLDS = 5;
// A false anachronism refusal of an answerable question costs more than a miss.
const FALSE_REFUSAL_COST = 3;
// Matcher variants (cosine floor, word window), cross-validated with the threshold and margin.
const VARIANTS: DescribedOptions[] = [false, true].flatMap((subsume) =>
  [0.4, 0.5, 0.6].flatMap((floor) =>
    [0, 1, 2, 3].map((window) => ({ ...DEFAULT_DESCRIBED_OPTIONS, floor, window, subsume })),
  ),
);
const THRESHOLDS = Array.from({ length: 31 }, (_, i) => 0.4 + i * 0.02);
// The late event's evidence (weighted words matched) over the best earlier event's must reach this ratio.
const MARGINS = [0, 0.5, 0.8, 1, 1.2, 1.5];

interface Item {
  set: string;
  persona: Persona;
  question: string;
  asOf: string;
  positive: boolean;
  type: string;
}

interface Scored {
  item: Item;
  /** The guard as it is (exact aliases, dates, patterns). */
  base: boolean;
  /** One verdict per matcher variant. */
  verdicts: DescribedVerdict[];
}

interface Fit {
  variant: number;
  threshold: number;
  margin: number;
}

/**
 * Fits the described-event matcher's threshold and margin by 5-fold cross-validation (positives: anachronism items of
 * the development sets; negatives: every other item of the brief's sets), reports each fold, then the refusal rates
 * per set before (the guard as it was) and after, and the matcher's time per question.
 * `npm run bench -- anachronism [--per-item]`.
 */
export async function anachronismBench(perItem: boolean): Promise<void> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const personas = new PersonaRegistry(loadPersonas());
  const timeline = Timeline.load();
  const guard = new AnachronismGuard(timeline);
  const space = await loadGloveVectors({ cacheDir: process.env.DATA_DIR ?? join(tmpdir(), 'parley-glove') });
  let started = performance.now();
  const matchers = VARIANTS.map((v) => new DescribedEventMatcher(timeline, space, v));
  out(`${matchers.length} matcher variants built in ${ms(performance.now() - started)}`);

  const fitItems = dedupe([
    ...POSITIVE_SETS.flatMap((f) => readItems(f, personas).filter((i) => i.positive)),
    ...NEGATIVE_SETS.flatMap((f) => readItems(f, personas).filter((i) => !i.positive)),
  ]);
  const score = (item: Item): Scored => ({
    item,
    base:
      guard.check(item.question, item.asOf, { born: item.persona.born, name: item.persona.name }) !== null,
    verdicts: matchers.map((m) => m.verdict(item.question, item.asOf)),
  });
  const scored = fitItems.map(score);
  out(
    `${scored.length} fitting items: ${scored.filter((s) => s.item.positive).length} anachronism, ${scored.filter((s) => !s.item.positive).length} other`,
  );

  const next = rng(16);
  const folds = scored.map(() => Math.floor(next() * FOLDS));
  out('\n## 5-fold cross-validation (held-out fold; base = the guard as it was)');
  out(
    'fold | subsume | floor | window | threshold | margin | anachronism refused base → new | other refused base → new',
  );
  let totalPos = 0;
  let totalNeg = 0;
  const rates = { posBase: 0, posNew: 0, negBase: 0, negNew: 0 };
  for (let f = 0; f < FOLDS; f++) {
    const fit = bestFit(scored.filter((_, i) => folds[i] !== f));
    const held = scored.filter((_, i) => folds[i] === f);
    const o = outcome(held, fit);
    out(
      `${f} | ${VARIANTS[fit.variant].subsume} | ${VARIANTS[fit.variant].floor} | ${VARIANTS[fit.variant].window} | ${fit.threshold.toFixed(2)} | ${fit.margin.toFixed(2)} | ${o.posBase}/${o.pos} → ${o.posNew}/${o.pos} | ${o.negBase}/${o.neg} → ${o.negNew}/${o.neg}`,
    );
    totalPos += o.pos;
    totalNeg += o.neg;
    rates.posBase += o.posBase;
    rates.posNew += o.posNew;
    rates.negBase += o.negBase;
    rates.negNew += o.negNew;
  }
  out(
    `all folds | | | ${rates.posBase}/${totalPos} (${(rates.posBase / totalPos).toFixed(3)}) → ${rates.posNew}/${totalPos} (${(rates.posNew / totalPos).toFixed(3)}) | ${rates.negBase}/${totalNeg} → ${rates.negNew}/${totalNeg}`,
  );
  const fit = bestFit(scored);
  out(
    `\nfit on all fitting items: floor ${VARIANTS[fit.variant].floor}, window ${VARIANTS[fit.variant].window}, threshold ${fit.threshold.toFixed(2)}, margin ${fit.margin.toFixed(2)}`,
  );

  out('\n## per set with that fit (anachronism refused / other refused; base → new)');
  const sets = [...new Set([...POSITIVE_SETS, ...NEGATIVE_SETS, ...REPORT_SETS])];
  for (const file of sets) {
    const s = readItems(file, personas).map(score);
    const o = outcome(s, fit);
    out(
      `${file}: anachronism ${o.posBase}/${o.pos} → ${o.posNew}/${o.pos}; other ${o.negBase}/${o.neg} → ${o.negNew}/${o.neg}`,
    );
    if (perItem)
      for (const x of s) {
        const now = refuses(x, fit);
        if (now === x.item.positive && !process.env.ALL_ITEMS) continue;
        const v = x.verdicts[fit.variant];
        out(
          `  ${x.item.positive ? 'ANACH' : 'other'} ${now ? 'refused' : 'passed '} base=${x.base} late=${v.late ? `${v.late.score.toFixed(2)} ${v.late.event.id} (${v.late.phrase})` : '-'} mass=${v.late?.mass.toFixed(1)} early=${v.early ? `${v.early.score.toFixed(2)}/${v.early.mass.toFixed(1)} ${v.early.event.id}` : '-'} | ${x.item.persona.id} ${x.item.asOf}: ${x.item.question}`,
        );
      }
  }

  const matcher = matchers[fit.variant];
  const questions = scored.map((s) => s.item);
  const times: number[] = [];
  for (let r = 0; r < 3; r++)
    for (const q of questions) {
      started = performance.now();
      matcher.verdict(q.question, q.asOf);
      times.push(performance.now() - started);
    }
  out(
    `\nmatcher time per question over ${times.length} runs: median ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`,
  );
}

function refuses(s: Scored, fit: Fit): boolean {
  if (s.base) return true;
  const v = s.verdicts[fit.variant];
  const late = v.late;
  if (!late || late.score < fit.threshold) return false;
  return late.mass >= fit.margin * (v.early?.mass ?? 0);
}

function outcome(s: Scored[], fit: Fit) {
  const o = { pos: 0, posBase: 0, posNew: 0, neg: 0, negBase: 0, negNew: 0 };
  for (const x of s) {
    const now = refuses(x, fit);
    if (x.item.positive) {
      o.pos++;
      o.posBase += x.base ? 1 : 0;
      o.posNew += now ? 1 : 0;
    } else {
      o.neg++;
      o.negBase += x.base ? 1 : 0;
      o.negNew += now ? 1 : 0;
    }
  }
  return o;
}

// Fewest misses plus FALSE_REFUSAL_COST per false refusal; ties go to the stricter threshold and larger margin.
function bestFit(s: Scored[]): Fit {
  let best: Fit & { cost: number } = { variant: 0, threshold: Infinity, margin: 0, cost: Infinity };
  for (let variant = 0; variant < VARIANTS.length; variant++)
    for (const threshold of THRESHOLDS)
      for (const margin of MARGINS) {
        const o = outcome(s, { variant, threshold, margin });
        const cost = o.pos - o.posNew + FALSE_REFUSAL_COST * o.negNew;
        if (
          cost < best.cost ||
          (cost === best.cost &&
            (threshold > best.threshold || (threshold === best.threshold && margin > best.margin)))
        )
          best = { variant, threshold, margin, cost };
      }
  return { variant: best.variant, threshold: best.threshold, margin: best.margin };
}

function readItems(file: string, personas: PersonaRegistry): Item[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    persona: string;
    question: string;
    type: string;
    asOf?: string;
  }[];
  return raw.map((r) => {
    const persona = personas.get(r.persona);
    return {
      set: file,
      persona,
      question: r.question,
      asOf: r.asOf ?? persona.defaultAsOf,
      positive: r.type === 'anachronism',
      type: r.type,
    };
  });
}

// dev.json and validation.json are read as both positive and negative sources: each item once.
function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.set}\u0000${i.persona.id}\u0000${i.asOf}\u0000${i.question}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
