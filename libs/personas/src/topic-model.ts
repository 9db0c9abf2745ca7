import { logOdds, namedLogisticSchema, type NamedLogisticModel } from '@parley/core';
import { z } from 'zod';
import type { SenseSignal } from './sense-signal';
import type { TopicEvidence } from './topic.guard';

/**
 * The signals the learned decision after retrieval reads, all already computed by the topic guard before retrieval
 * (`TopicGuard.evidence`) or by the sense signal against the passages retrieval found (`senseSignal`).
 */
export const TOPIC_FEATURES = [
  /** The everyday signal before retrieval (weighted mean of the words' counted ratios). */
  'everyday',
  /** The highest counted everyday ratio of the question's content words (0 with none). */
  'maxRatio',
  /** The plain mean of the counted ratios (every word alike, whatever its rarity). */
  'meanRatio',
  /** Share of the question's information in words the corpus never uses. */
  'absent',
  /** The WordNet-domain signal (how much more everyday English than the corpus uses the words' lexical files). */
  'domain',
  /** The sense signal after retrieval, with the corpus words used in another sense counted 0 (see `afterScore`). */
  'after',
  /** The highest everyday ratio of a word no passage holds. */
  'absentEveryday',
  /** Share of the question's information in words a passage holds beside another of its words. */
  'inContext',
  /** Share of the question's information in everyday words no passage holds. */
  'unmatched',
  /** Share of the question's information in corpus words the passages hold but the question uses in another sense. */
  'otherSense',
  /** 1 when the relevance gate declines (the passages hold no answer), else 0. */
  'declined',
  /** 1 when the question asks the persona about their own life or views. */
  'addresses',
  /** 1 when the question capitalises a name within a sentence. */
  'named',
] as const;
export type TopicFeature = (typeof TOPIC_FEATURES)[number];
export type TopicFeatures = Record<TopicFeature, number>;

/** A fitted learned decision: log-odds over `TOPIC_FEATURES`, off topic above `bar`. */
export const TopicModelSchema = namedLogisticSchema(TOPIC_FEATURES)
  .extend({
    /** Log-odds above which a question is off topic. */
    bar: z.number(),
  })
  .strict();
export type TopicModel = z.output<typeof TopicModelSchema>;

/**
 * The sense signal's score with the corpus words in `otherSense` (held beside another question word, but used by the
 * question in another sense) counted 0 instead of their (negative) ratio: what the bars after retrieval are held to.
 */
export function afterScore(sense: SenseSignal, otherSense: readonly SenseSignal['words'][number][]): number {
  const mass = sense.words.reduce((a, w) => a + w.weight, 0);
  return sense.score + otherSense.reduce((a, w) => a + w.weight * -w.ratio, 0) / Math.max(mass, 1e-9);
}

/** The features of one question after retrieval (see `TOPIC_FEATURES`); pure: bench and pipeline read the same. */
export function topicFeatures(
  evidence: TopicEvidence,
  sense: SenseSignal,
  otherSense: readonly SenseSignal['words'][number][],
  declined: boolean,
): TopicFeatures {
  const counted = evidence.signal.words.map((w) => w.counted);
  const mass = sense.words.reduce((a, w) => a + w.weight, 0);
  return {
    everyday: evidence.signal.score,
    maxRatio: counted.length ? Math.max(...counted) : 0,
    meanRatio: counted.length ? counted.reduce((a, b) => a + b, 0) / counted.length : 0,
    absent: evidence.absent,
    domain: evidence.domain.score,
    after: afterScore(sense, otherSense),
    absentEveryday: sense.mostEverydayAbsent,
    inContext: sense.inContext,
    unmatched: sense.unmatchedEveryday,
    otherSense: mass > 0 ? otherSense.reduce((a, w) => a + w.weight, 0) / mass : 0,
    declined: declined ? 1 : 0,
    addresses: evidence.addresses ? 1 : 0,
    named: evidence.names.length > 0 ? 1 : 0,
  };
}

/** The learned decision's log-odds for one question's features. */
export function topicLogOdds(model: NamedLogisticModel<TopicFeature>, features: TopicFeatures): number {
  return logOdds(model, TOPIC_FEATURES, features);
}
