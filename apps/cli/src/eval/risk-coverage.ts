import type { INestApplicationContext } from '@nestjs/common';
import { AnswerGenerator, DEFAULT_ANSWER_POLICY } from '@parley/chat';
import { PersonaRegistry } from '@parley/personas';
import { ANSWERABLE, type EvalItem } from './eval-dataset.schema';
import { overlaps, ratio, type Span } from './eval-metrics';

/** One answerable item answered with the relevance gate open: how relevant its best evidence was, and whether it hit. */
export interface GatedOutcome {
  /** Null when the item was refused before the passages were read (a guard, or missing subjects). */
  relevance: number | null;
  hit: boolean;
}

export interface RiskCoverageRow {
  threshold: number;
  /** Share of answerable items that would be answered at this threshold. */
  coverage: number | null;
  /** Share of those answers that cite a gold passage. */
  precision: number | null;
}

// From strict to lenient; the policy's own threshold is among them.
export const THRESHOLDS = [
  0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0,
];

/** Coverage and precision of selective answering at each threshold, from outcomes taken with the gate open. */
export function riskCoverage(outcomes: GatedOutcome[], thresholds = THRESHOLDS): RiskCoverageRow[] {
  return thresholds.map((threshold) => {
    const answered = outcomes.filter((o) => o.relevance !== null && o.relevance >= threshold);
    return {
      threshold,
      coverage: ratio(answered.length, outcomes.length),
      precision: ratio(answered.filter((o) => o.hit).length, answered.length),
    };
  });
}

/**
 * Answers each answerable item once more with the relevance gate open (threshold 0), without storing anything,
 * and records its best evidence and whether the answer cites a gold passage.
 */
export async function gatedOutcomes(
  app: INestApplicationContext,
  items: EvalItem[],
  gold: Span[][],
): Promise<GatedOutcome[]> {
  const generator = app.get(AnswerGenerator);
  const personas = app.get(PersonaRegistry);
  const outcomes: GatedOutcome[] = [];
  for (const [i, item] of items.entries()) {
    if (!ANSWERABLE.includes(item.type)) continue;
    const answer = await generator.generate({
      persona: personas.get(item.persona),
      asOf: personas.resolveAsOf(item.persona, item.asOf),
      question: item.question,
      mode: 'persona',
      history: [],
      policy: { ...DEFAULT_ANSWER_POLICY, minRelevance: 0 },
      onCitations: () => undefined,
      onDelta: () => undefined,
    });
    const hit = answer.citations.some((c) =>
      gold[i].some((g) => overlaps({ source: c.source, start: c.start, end: c.end }, g)),
    );
    outcomes.push({ relevance: answer.refusal === null ? answer.relevance : null, hit });
  }
  return outcomes;
}
