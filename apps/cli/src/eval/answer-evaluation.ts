import type { INestApplicationContext } from '@nestjs/common';
import { ChatService, verifyInvariants } from '@parley/chat';
import type { Answer } from '@parley/contracts';
import { CorpusRepository } from '@parley/corpus';
import { ANSWERABLE, expectedRefusal, type EvalItem } from './eval-dataset.schema';
import { overlaps, ratio, type Span } from './eval-metrics';

export interface AnswerSummary {
  items: number;
  generator: string;
  /** Share of citations whose quote equals document.text.slice(start, end) and whose marker is in the answer. */
  citationValidity: number | null;
  /** Share of answers with no invariant violation (every quoted span verbatim in a citation of its sentence). */
  quoteFidelity: number | null;
  /** Share of answerable items whose citations overlap a gold passage. */
  citationHitRate: number | null;
  /** Share of answerable items given an answer (not a refusal): the coverage of selective answering. */
  answeredRate: number | null;
  /** Share of the answers given to answerable items that cite a gold passage: the precision of answering. */
  answeredHitRate: number | null;
  /** Share of answerable items answered with a refusal. */
  falseRefusalRate: number | null;
  /** Per item type: share of items with the expected refusal (or none). */
  refusalAccuracy: Record<string, number | null>;
  /**
   * Per item type that expects a refusal: share of its items declined for any reason (an off-topic question declined
   * as `no_sources` counts here, not in `refusalAccuracy`).
   */
  declinedRate: Record<string, number | null>;
  latencies: number[];
}

/** Answers every item through the chat pipeline (after one warm-up question) and scores the answers. */
export async function answerEvaluation(
  app: INestApplicationContext,
  items: EvalItem[],
  gold: Span[][],
): Promise<{ summary: AnswerSummary; answers: Answer[] }> {
  const chat = app.get(ChatService);
  const corpus = app.get(CorpusRepository);
  await chat.ask({ persona: items[0]?.persona ?? 'lenin', message: 'What is the state?', mode: 'persona' });
  const answers: Answer[] = [];
  const latencies: number[] = [];
  for (const item of items) {
    const started = performance.now();
    const answer = await chat.ask({
      persona: item.persona,
      message: item.question,
      asOf: item.asOf,
      mode: 'persona',
    });
    latencies.push(performance.now() - started);
    answers.push(answer);
  }
  const texts = await corpus.documentTexts([
    ...new Set(answers.flatMap((a) => a.citations.map((c) => c.documentId))),
  ]);
  let citations = 0;
  let validCitations = 0;
  let faithful = 0;
  for (const a of answers) {
    for (const c of a.citations) {
      citations += 1;
      if (texts.get(c.documentId)?.slice(c.start, c.end) === c.quote && a.answer.includes(`[${c.marker}]`))
        validCitations += 1;
    }
    if (verifyInvariants(a.answer, a.citations, texts, a.refusal).length === 0) faithful += 1;
  }
  const answerable = items.map((_, i) => i).filter((i) => ANSWERABLE.includes(items[i].type));
  const hits = answerable.filter((i) =>
    answers[i].citations.some((c) =>
      gold[i].some((g) => overlaps({ source: c.source, start: c.start, end: c.end }, g)),
    ),
  );
  const refused = answerable.filter((i) => answers[i].refusal !== null);
  const refusalAccuracy: Record<string, number | null> = {};
  const declinedRate: Record<string, number | null> = {};
  for (const type of [...new Set(items.map((i) => i.type))]) {
    const ofType = items.map((_, i) => i).filter((i) => items[i].type === type);
    refusalAccuracy[type] = ratio(
      ofType.filter((i) => answers[i].refusal === expectedRefusal(type)).length,
      ofType.length,
    );
    if (expectedRefusal(type) !== null)
      declinedRate[type] = ratio(ofType.filter((i) => answers[i].refusal !== null).length, ofType.length);
  }
  return {
    answers,
    summary: {
      items: items.length,
      generator: answers[0]?.generator ?? 'n/a',
      citationValidity: ratio(validCitations, citations),
      quoteFidelity: ratio(faithful, answers.length),
      citationHitRate: ratio(hits.length, answerable.length),
      answeredRate: ratio(answerable.length - refused.length, answerable.length),
      // A refusal has no citations, so every hit is an answer given.
      answeredHitRate: ratio(hits.length, answerable.length - refused.length),
      falseRefusalRate: ratio(refused.length, answerable.length),
      refusalAccuracy,
      declinedRate,
      latencies,
    },
  };
}
