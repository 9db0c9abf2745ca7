import { z } from 'zod';
import { fitNamedLogistic, logOdds, namedLogisticSchema, sigmoid } from '@parley/core';

/**
 * What the relevance model reads of one candidate sentence, each in [0, 1]:
 * - `sentence`: share of the question's idf-weighted content words (stems) the sentence contains;
 * - `window`: the same over the sentence with its neighbours in the passage;
 * - `soft`: how well the sentence covers the question counting near-synonyms (GloVe) at reduced weight;
 * - `passage`: the same coverage over the whole passage;
 * - `title`: the share answered by the document's title and year alone;
 * - `rank`: 1 / (1 + the passage's retrieval rank among those read);
 * - `fused`: the passage's fused retrieval score over the best passage's;
 * - `document`: coverage over every passage read from the same document;
 * - `documentShare`: share of the passages read that come from that document;
 * - `rarest`: 1 when the sentence with its neighbours holds the question's most telling word (the one rarest among
 *   the passages read), else 0: a question whose key word the passages lack is seldom answered by them;
 * - `answerType`: 0 when the question asks for a kind of answer (who → a person, when → a time, where → a place,
 *   how many → a number) that the sentence does not hold, else 1: a sentence that shares the question's words but
 *   names nobody does not say who.
 */
export const RELEVANCE_FEATURES = [
  'sentence',
  'window',
  'soft',
  'passage',
  'title',
  'rank',
  'fused',
  'document',
  'documentShare',
  'rarest',
  'answerType',
] as const;
export type RelevanceFeature = (typeof RELEVANCE_FEATURES)[number];
export type RelevanceFeatures = Record<RelevanceFeature, number>;

/** A logistic model: P(the sentence overlaps a passage that answers the question) = σ(intercept + Σ wᵢ·xᵢ). */
export const RelevanceModelSchema = namedLogisticSchema(RELEVANCE_FEATURES);
export type RelevanceModel = z.infer<typeof RelevanceModelSchema>;

/** The model's probability for one candidate, in (0, 1). */
export function relevanceProbability(model: RelevanceModel, features: RelevanceFeatures): number {
  return sigmoid(logOdds(model, RELEVANCE_FEATURES, features));
}

export interface LabelledFeatures {
  features: RelevanceFeatures;
  label: boolean;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept), per row. Default 0.01. */
  l2?: number;
  /** Newton steps; the log-likelihood is concave, so a handful converge. Default 25. */
  iterations?: number;
}

/**
 * Maximum-likelihood logistic regression with an L2 penalty, fitted by Newton's method (the design matrix is
 * small: a few thousand rows, ten columns). Deterministic: the same rows give the same model.
 */
export function fitRelevanceModel(
  rows: readonly LabelledFeatures[],
  options: FitOptions = {},
): RelevanceModel {
  return fitNamedLogistic(RELEVANCE_FEATURES, rows, {
    l2: options.l2 ?? 0.01,
    iterations: options.iterations ?? 25,
  });
}
