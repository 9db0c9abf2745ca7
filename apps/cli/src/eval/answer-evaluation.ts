import type { INestApplicationContext } from '@nestjs/common';
import type { Answer } from '@parley/contracts';
import type { EvalItem } from './eval-dataset.schema';
import type { Span } from './eval-metrics';

export interface AnswerSummary {
  items: number;
  generator: string;
  citationValidity: number | null;
  quoteFidelity: number | null;
  citationHitRate: number | null;
  falseRefusalRate: number | null;
  refusalAccuracy: Record<string, number | null>;
  latencies: number[];
}

/** Answers every item through the chat pipeline and scores the answers (filled in with the chat pipeline). */
export async function answerEvaluation(
  _app: INestApplicationContext,
  _items: EvalItem[],
  _gold: Span[][],
): Promise<{ summary: AnswerSummary; answers: Answer[] }> {
  throw new Error('answer evaluation needs the chat pipeline; use --retrieval-only');
}
