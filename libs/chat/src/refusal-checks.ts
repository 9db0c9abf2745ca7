import { Injectable, Logger } from '@nestjs/common';
import type { Passage, Refusal } from '@parley/contracts';
import { CorpusRepository } from '@parley/corpus';
import { AnachronismGuard, type AnachronismHit, Timeline, TopicGuard, UnsafeGuard } from '@parley/personas';
import type { GenerateInput } from './answer-generator';
import { TopicCorpus } from './topic-corpus';

/** A refusal decided before any passage is read, with what its line may name. */
export interface EarlyRefusal {
  kind: Refusal;
  vars?: { event?: string; year?: number };
}

/** The checks that refuse a question before retrieval: unsafe, off-topic, anachronistic, after the sources. */
@Injectable()
export class RefusalChecks {
  private readonly logger = new Logger(RefusalChecks.name);

  constructor(
    private readonly unsafe: UnsafeGuard,
    private readonly topics: TopicGuard,
    private readonly anachronisms: AnachronismGuard,
    private readonly timeline: Timeline,
    private readonly corpus: CorpusRepository,
    private readonly topicCorpus: TopicCorpus,
  ) {}

  /** The first refusal that applies, or null when the question may be answered from the sources. */
  async check(
    input: Pick<GenerateInput, 'persona' | 'asOf' | 'question' | 'mode'>,
  ): Promise<EarlyRefusal | null> {
    // Unsafe first, in both modes: a request for a bomb or a eulogy of genocide gets no quotes, however on-topic.
    const unsafe = this.unsafe.check(input.question);
    if (unsafe) {
      this.logger.log(`unsafe request refused (${unsafe.kind})`);
      return { kind: 'unsafe' };
    }
    const anachronism =
      input.mode === 'persona'
        ? this.anachronisms.check(input.question, input.asOf, {
            born: input.persona.born,
            name: input.persona.name,
          })
        : null;
    // A later event, institution, person or term that the question names is its subject, however everyday its other
    // words sound ("Is Sputnik impressive?" is about Sputnik, which came after Lenin): the anachronism comes first.
    if (anachronism?.event && !anachronism.event.everyday) return anachronismRefusal(anachronism);
    // Otherwise off-topic first: "who won the 2022 World Cup?" is off topic, not a question about 2022, and a later
    // gadget (an everyday thing of the timeline) in an everyday question does not make it history.
    const topic = this.topics.classify(input.question, input.persona, await this.topicCorpus.profile());
    if (topic.offTopic) {
      this.logger.log(topic.reason);
      return { kind: 'off_topic' };
    }
    if (anachronism) return anachronismRefusal(anachronism);
    // A later development described rather than named, read after the topic guard: an everyday question that shares
    // words with a later gadget is off topic, not an anachronism.
    const described =
      input.mode === 'persona' ? this.anachronisms.describedHit(input.question, input.asOf) : null;
    if (described) {
      this.logger.log(described.reason);
      return anachronismRefusal(described);
    }
    if (await this.asksAfterTheSources(input)) return { kind: 'no_sources' };
    return null;
  }

  /**
   * The one decision after retrieval, the same on every path (extractive or model, before any model is asked): is a
   * question the checks above let through off topic after all, now that retrieval shows how the corpus uses its words?
   * `declined` says whether the pipeline would decline (the passages hold no answer) or answer. A debate turn answers
   * the motion the teacher set, and is never off topic here.
   */
  async offTopicAfterRetrieval(
    input: Pick<GenerateInput, 'persona' | 'question' | 'debate'>,
    passages: readonly Passage[],
    declined: boolean,
  ): Promise<boolean> {
    if (input.debate) return false;
    const evidence = this.topics.evidence(input.question, input.persona, await this.topicCorpus.profile());
    const verdict = this.topics.afterRetrieval(
      evidence,
      passages.map((p) => p.text),
      declined,
    );
    if (verdict.offTopic) this.logger.log(verdict.reason);
    return verdict.offTopic;
  }

  /**
   * A persona may have lived through an event that none of its documents in the corpus reaches
   * (Stalin and the Second World War, with nothing of his after 1938): its sources cannot speak of it.
   */
  private async asksAfterTheSources(
    input: Pick<GenerateInput, 'persona' | 'asOf' | 'question' | 'mode'>,
  ): Promise<boolean> {
    if (input.mode !== 'persona') return false;
    const events = this.timeline.mentionsIn(input.question).map((m) => m.event);
    if (events.length === 0) return false;
    const latest = await this.corpus.latestDocumentDate(input.persona.id, input.asOf);
    return latest === null || events.every((e) => e.date > latest);
  }
}

function anachronismRefusal(hit: AnachronismHit): EarlyRefusal {
  return { kind: 'anachronism', vars: { event: hit.subject, year: hit.year } };
}
