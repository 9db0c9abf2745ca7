import type { ChatMode } from '@parley/contracts';
import { frameAnswer, type ExtractiveTemplates } from './extractive-templates';
import { containsMarkup, contentTermSet, contentTerms, countWords } from '@parley/text';
import {
  passageSentences,
  quotationsBalanced,
  type ExtractivePassage,
  type PassageSentence,
  type PersonaRef,
} from './passage-sentences';
import { answerTypeContext, expectedAnswerType, holdsAnswerType, interrogativePhrase } from './answer-type';
import { relevanceProbability, type RelevanceFeatures, type RelevanceModel } from './relevance-model';
import {
  fitToBudget,
  hasQuotablePredecessor,
  isDangling,
  mergeSpans,
  overlaps,
  spanEnd,
  spanStart,
  withContext,
  type QuoteSpan,
} from './quote-spans';

export interface ExtractiveInput {
  question: string;
  /** Ranked passages; passage i is cited as `[i + 1]`. */
  passages: readonly ExtractivePassage[];
  persona: PersonaRef;
  mode: ChatMode;
  templates: ExtractiveTemplates;
  /**
   * Text already quoted in this exchange (a debater's earlier turns): sentences inside it are passed over,
   * unless nothing else bears on the question (half of `EXTRACTIVE_MIN_RELEVANCE`); `relevance` still
   * reports the best of all sentences.
   */
  avoid?: readonly string[];
  /**
   * The fitted relevance model (`AnswerPolicy.relevanceModel`): when given, a sentence's relevance is the model's
   * probability that it belongs to a passage answering the question; else the weighted word coverage below.
   */
  relevanceModel?: RelevanceModel;
  /**
   * Number the quotes `[1]…[k]` in order, each its own source (`used[k-1]`), rather than by passage: a passage may
   * then give two separate quotes, and a citation built from each quote spans exactly what it quotes.
   */
  numberQuotes?: boolean;
  /** Report every candidate's features and relevance (`ExtractiveAnswer.candidates`), for fitting the model. */
  explain?: boolean;
  /**
   * Answer a question that asks for a kind of answer (who, when, where, how many) only from sentences that hold one
   * in a document that uses the question's most telling words (`answerType` 1); none doing so, relevance is 0 and
   * nothing is quoted.
   * `AnswerPolicy.requireAnswerType`.
   */
  requireAnswerType?: boolean;
}

/** One candidate sentence as the relevance model saw it: offsets into `passages[passageIndex].text`. */
export interface ScoredSentence {
  passageIndex: number;
  start: number;
  end: number;
  features: RelevanceFeatures;
  relevance: number;
}

/**
 * One quoted span: `quote === passages[passageIndex].text.slice(quoteStart, quoteEnd)`, cited as `[marker]` (the
 * passage's number, or the quote's own with `numberQuotes`).
 */
export interface ExtractiveQuote {
  marker: number;
  passageIndex: number;
  quoteStart: number;
  quoteEnd: number;
  quote: string;
}

export interface ExtractiveAnswer {
  /** The framed answer with `[n]` markers; empty when no passage could be quoted. */
  text: string;
  /** The quotes in the order they appear in `text`. */
  used: ExtractiveQuote[];
  /**
   * How well the best sentence matches the question, in [0, 1]. Without a similarity function it is
   * the weighted share of the question's content words that the sentence contains; compare it with
   * `EXTRACTIVE_MIN_RELEVANCE` to decide whether to abstain.
   */
  relevance: number;
  /** Every candidate with its features, when `explain` was asked. */
  candidates?: ScoredSentence[];
}

/** Semantic similarity of a question and a sentence, e.g. the cosine of their embeddings, in [-1, 1]. */
export type SentenceSimilarity = (question: string, sentence: string) => number | Promise<number>;

export interface ExtractiveOptions {
  similarity?: SentenceSimilarity;
  /** Share of the score given to `similarity` when present. Default 0.4. */
  similarityWeight?: number;
  /**
   * Similarity at or below which a sentence counts as unrelated; values above are stretched to [0, 1].
   * Embeddings give unrelated texts a positive cosine, and this keeps them from lifting `relevance`.
   * Default 0.3; calibrate per embedder.
   */
  similarityFloor?: number;
  /** Word budget for all quotes together. Default 180. */
  maxWords?: number;
  /** Most sentences quoted, context sentences included. Default 5 (the word budget usually binds first). */
  maxSentences?: number;
  /**
   * Without a relevance model: a further sentence is quoted only if its word coverage (blended with similarity,
   * after the readability penalties) is at least this share of the first quote's. Default 0.5.
   */
  minShareOfBest?: number;
  /**
   * With a relevance model: a further sentence is quoted only if the model gives it at least this share of the
   * first quote's probability (and it shares a question word). Default 0.25, chosen on the development sets'
   * out-of-fold answers (eval:fit): 0.2 and 0.3 gave the same share of answers citing gold, 0.4 and 0.5 fewer.
   */
  modelShareOfBest?: number;
  /**
   * Share of its weight a question word found only in the passage's title or year adds to a sentence's rank
   * (not to the relevance that decides abstention). Default 1: the sentence is read as part of its document.
   */
  contextShare?: number;
}

/**
 * Below this relevance the passages probably do not address the question (lexical scoring: less
 * than a fifth of the question's weighted content words occur in any one sentence).
 */
export const EXTRACTIVE_MIN_RELEVANCE = 0.2;

const DANGLING_PENALTY = 0.85;
const LONG_SENTENCE_WORDS = 60;
const LONG_SENTENCE_PENALTY = 0.9;
const MIN_SENTENCE_WORDS = 4;
const MAX_QUOTES = 3;
const QUOTED_SHARE = 0.5;
const QUOTED_PENALTY = 0.6;

interface Candidate {
  passageIndex: number;
  sentence: PassageSentence;
  terms: Set<string>;
  features: RelevanceFeatures;
  /** Relevance before the readability penalties. */
  relevance: number;
  /** Relevance after them: what admits a further quote (`minShareOfBest`). */
  merit: number;
  /** The sentence's own word coverage blended with similarity (the score without a model). */
  own: number;
  /** Merit with the question words the passage's title and year answer: what orders candidates. */
  rank: number;
}

/**
 * Answers offline by quoting the passages verbatim: picks the 1–5 sentences most relevant to the
 * question (not merely the first ones), adds the preceding sentence when one depends on it, and
 * frames the quotes with the caller's templates in the persona's or the historian's voice.
 */
export class ExtractiveAnswerer {
  private readonly similarityWeight: number;
  private readonly similarityFloor: number;
  private readonly maxWords: number;
  private readonly maxSentences: number;
  private readonly minShareOfBest: number;
  private readonly modelShareOfBest: number;
  private readonly contextShare: number;

  constructor(private readonly options: ExtractiveOptions = {}) {
    this.similarityWeight = options.similarity ? (options.similarityWeight ?? 0.4) : 0;
    this.similarityFloor = options.similarityFloor ?? 0.3;
    this.maxWords = options.maxWords ?? 180;
    this.maxSentences = options.maxSentences ?? 5;
    this.minShareOfBest = options.minShareOfBest ?? 0.5;
    this.modelShareOfBest = options.modelShareOfBest ?? 0.25;
    this.contextShare = options.contextShare ?? 1;
  }

  /** Quotes only exact substrings of the passages, at most `maxWords` words, each marked `[passage number]`. */
  async answer(input: ExtractiveInput): Promise<ExtractiveAnswer> {
    const sentences = input.passages.map((p) => passageSentences(p, input.persona));
    const scored = await this.candidates(input, sentences);
    // A question that asks for a kind of answer (who, when, where, how many) is answered only by sentences that
    // hold one; none holding one, the passages do not answer it (relevance 0).
    const all = input.requireAnswerType ? scored.filter((c) => c.features.answerType === 1) : scored;
    const avoid = input.avoid ?? [];
    const fresh = all.filter((c) => {
      const text = input.passages[c.passageIndex].text.slice(c.sentence.start, c.sentence.end);
      return !avoid.some((quoted) => quoted.includes(text));
    });
    // New material if it still bears on the question (half the usual bar: the sources have been shown to answer
    // it already); otherwise repeating is better than straying.
    // On the word-coverage scale, whatever scores the answer's relevance.
    const freshBest = Math.max(0, ...fresh.map((c) => c.own));
    const candidates = fresh.length > 0 && freshBest >= EXTRACTIVE_MIN_RELEVANCE / 2 ? fresh : all;
    if (candidates.length === 0)
      return { text: '', used: [], relevance: 0, candidates: input.explain ? explained(scored) : undefined };
    const spans = this.select(candidates, input, sentences, input.numberQuotes === true);
    const used = spans.map((span, k): ExtractiveQuote => {
      const quoteStart = spanStart(span, sentences);
      const quoteEnd = spanEnd(span, sentences);
      const quote = input.passages[span.passageIndex].text.slice(quoteStart, quoteEnd);
      const marker = input.numberQuotes ? k + 1 : span.passageIndex + 1;
      return { marker, passageIndex: span.passageIndex, quoteStart, quoteEnd, quote };
    });
    const text = frameAnswer({
      ...input,
      quotes: used.map((u, k) => ({
        quote: u.quote,
        marker: u.marker,
        source: input.passages[u.passageIndex],
        voice: sentences[u.passageIndex][spans[k].last].voice,
      })),
    });
    // How well the sources answer the question, whether or not this answer had to pass over quoted sentences.
    const relevance = Math.round(Math.max(...all.map((c) => c.relevance)) * 1000) / 1000;
    if (!input.explain) return { text, used, relevance };
    return { text, used, relevance, candidates: explained(scored) };
  }

  private async candidates(input: ExtractiveInput, sentences: PassageSentence[][]): Promise<Candidate[]> {
    const question = contentTermSet(input.question);
    // The persona's own name in "Comrade Lenin, what..." says nothing about the subject.
    for (const t of contentTerms(`${input.persona.id} ${input.persona.name}`)) question.delete(t);
    // Likewise the authors named in a historian's comparative question ("what Lenin and Stalin said").
    if (input.mode === 'historian')
      for (const p of input.passages) for (const t of contentTerms(p.author)) question.delete(t);
    // "How far…", "how long…": the interrogative's second word asks for a quantity; it is not the subject.
    for (const t of contentTerms(interrogativePhrase(input.question).join(' '))) question.delete(t);
    const weights = termWeights(question, input.passages);
    const total = [...question].reduce((s, t) => s + (weights.get(t) ?? 0), 0);

    const found: Found[] = [];
    input.passages.forEach((passage, passageIndex) => {
      for (const sentence of sentences[passageIndex]) {
        if (input.mode === 'persona' && !sentence.voice.own) continue;
        const text = passage.text.slice(sentence.start, sentence.end);
        if (!isQuotable(text)) continue;
        found.push({ passageIndex, sentence, terms: contentTermSet(text) });
      }
    });
    const similarities = await this.similarities(input, found);
    const coverage = (terms: ReadonlySet<string>) => {
      let covered = 0;
      for (const t of question) if (terms.has(t)) covered += weights.get(t) ?? 0;
      return total > 0 ? covered / total : 0;
    };
    const evidence = passageEvidence(input.passages, sentences);
    const asked = expectedAnswerType(input.question);
    const typeContext = asked
      ? answerTypeContext(
          input.question,
          input.passages.map((p) => p.text),
        )
      : null;
    // The question's most telling word: the heaviest weight (rarest among the passages), earlier words on ties.
    const rarest = [...question].reduce<string | undefined>(
      (best, t) => (best === undefined || (weights.get(t) ?? 0) > (weights.get(best) ?? 0) ? t : best),
      undefined,
    );

    // The most telling of the question's words that the passages use at all (all of them on a tie): the answer to
    // "who should succeed…" names someone in a document that speaks of succeeding. A word no passage uses cannot be
    // near any answer, so it asks nothing of one.
    const used = [...question].filter((t) => input.passages.some((_, i) => evidence[i].passage.has(t)));
    const heaviest = Math.max(0, ...used.map((t) => weights.get(t) ?? 0));
    const telling = used.filter((t) => (weights.get(t) ?? 0) === heaviest);
    // A sentence is read in its source: a question word that the document's title or year answers ("on the night
    // of 24 October 1917" → *Letter …, evening of October 24 (November 6), 1917*) counts for each of its
    // sentences when ranking (`contextShare` of its weight). Without a fitted model, what the answer reports as
    // relevance stays the sentence's own: a title alone does not answer a question.
    const scored = found.map((c, i): Candidate => {
      const e = evidence[c.passageIndex];
      const hasRarest = rarest !== undefined && e.window(c.sentence.index).has(rarest);
      const nearTelling = telling.length === 0 || telling.some((t) => e.document.has(t));
      const features: RelevanceFeatures = {
        sentence: coverage(c.terms),
        window: coverage(e.window(c.sentence.index)),
        soft: similarities[i],
        passage: coverage(e.passage),
        title: coverage(e.title),
        rank: 1 / (1 + c.passageIndex),
        fused: e.fused,
        document: coverage(e.document),
        documentShare: e.documentShare,
        rarest: hasRarest ? 1 : 0,
        // A who-question is answered by a sentence that names someone, in a document that uses the question's most
        // telling word: one naming people about something else ("the leaders of the parties") does not say who.
        answerType:
          !asked ||
          (typeContext !== null &&
            nearTelling &&
            holdsAnswerType(asked, sentenceText(input.passages, c), typeContext))
            ? 1
            : 0,
      };
      const blend = (covered: number) =>
        (1 - this.similarityWeight) * covered + this.similarityWeight * similarities[i];
      const onlyInTitle = Math.max(0, coverage(new Set([...c.terms, ...e.title])) - features.sentence);
      const penalty = this.penalty(c, input.passages, sentences);
      // What to quote is chosen by the sentence's own words (and its title's); whether to answer at all, by the
      // model when there is one, which also weighs the passage, its retrieval and its document.
      const own = blend(features.sentence);
      const rank = blend(features.sentence + this.contextShare * onlyInTitle) * penalty;
      const relevance = input.relevanceModel ? relevanceProbability(input.relevanceModel, features) : own;
      return { ...c, features, relevance, own, merit: own * penalty, rank };
    });
    // Higher-ranked passages and earlier sentences win ties.
    return scored.sort(
      (a, b) => b.rank - a.rank || a.passageIndex - b.passageIndex || a.sentence.index - b.sentence.index,
    );
  }

  private async similarities(input: ExtractiveInput, found: Found[]) {
    const similarity = this.options.similarity;
    if (!similarity) return found.map(() => 0);
    const raw = await Promise.all(
      found.map((c) =>
        similarity(
          input.question,
          input.passages[c.passageIndex].text.slice(c.sentence.start, c.sentence.end),
        ),
      ),
    );
    const floor = this.similarityFloor;
    return raw.map((s) => (Number.isFinite(s) ? clamp01((s - floor) / (1 - floor)) : 0));
  }

  private penalty(c: Found, passages: readonly ExtractivePassage[], sentences: PassageSentence[][]): number {
    const text = passages[c.passageIndex].text.slice(c.sentence.start, c.sentence.end);
    let factor = countWords(text) > LONG_SENTENCE_WORDS ? LONG_SENTENCE_PENALTY : 1;
    // Mostly someone else's words quoted by the persona ("writes Hilferding"): a weak answer in its voice.
    if (quotedShare(text) > QUOTED_SHARE) factor *= QUOTED_PENALTY;
    // A dependent sentence whose antecedent cannot be quoted with it reads as a fragment.
    if (isDangling(text) && !hasQuotablePredecessor(sentences[c.passageIndex], c.sentence.index)) {
      factor *= DANGLING_PENALTY;
    }
    return factor;
  }

  /** Best candidate first (always, fitted to the budget), then further ones while they score well and fit. */
  private select(
    ranked: Candidate[],
    input: ExtractiveInput,
    sentences: PassageSentence[][],
    quotesNumbered: boolean,
  ): QuoteSpan[] {
    const passages = input.passages;
    const best = ranked[0];
    const first = withContext(
      passages[best.passageIndex].text,
      sentences[best.passageIndex],
      best.passageIndex,
      best.sentence.index,
    );
    let spans = [fitToBudget(first, passages[best.passageIndex].text, sentences, this.maxWords)];
    const chosen = [best];
    const words = (s: QuoteSpan) =>
      countWords(passages[s.passageIndex].text.slice(spanStart(s, sentences), spanEnd(s, sentences)));
    const sentenceCount = (list: QuoteSpan[]) => list.reduce((n, s) => n + (s.last - s.first + 1), 0);

    for (const c of ranked.slice(1)) {
      if (sentenceCount(spans) >= this.maxSentences) break;
      // The title orders the candidates but admits none: a further quote must bear on the question by its own words.
      if (c.merit <= 0) continue;
      // With the fitted model, a further quote must be likely to answer by the model's reading, not only share
      // the question's words: at least `modelShareOfBest` of the first quote's probability.
      if (
        input.relevanceModel
          ? c.relevance < this.modelShareOfBest * best.relevance
          : c.merit < this.minShareOfBest * best.merit
      )
        continue;
      const span = withContext(
        passages[c.passageIndex].text,
        sentences[c.passageIndex],
        c.passageIndex,
        c.sentence.index,
      );
      const single: QuoteSpan = {
        passageIndex: c.passageIndex,
        first: c.sentence.index,
        last: c.sentence.index,
      };
      if (spans.some((s) => overlaps(s, single))) continue;
      // A span cut to fit the budget cannot be merged with; anything overlapping it would repeat words.
      if (spans.some((s) => s.end !== undefined && overlaps(s, span))) continue;
      if (chosen.some((o) => isNearDuplicate(o, c))) continue;
      const trial = mergeSpans([...spans, span], sentences);
      // At most three quotes; cited by passage, one run of sentences per passage, so that each citation spans
      // exactly what it quotes.
      if (trial.length > MAX_QUOTES) continue;
      if (!quotesNumbered && new Set(trial.map((s) => s.passageIndex)).size < trial.length) continue;
      if (sentenceCount(trial) > this.maxSentences) continue;
      if (trial.reduce((n, s) => n + words(s), 0) > this.maxWords) continue;
      spans = trial;
      chosen.push(c);
    }
    return orderForReading(spans, chosen);
  }
}

/** Every candidate as the relevance model saw it, for `ExtractiveAnswer.candidates`. */
function explained(scored: readonly Candidate[]): ScoredSentence[] {
  return scored.map((c) => ({
    passageIndex: c.passageIndex,
    start: c.sentence.start,
    end: c.sentence.end,
    features: c.features,
    relevance: c.relevance,
  }));
}

type Found = Omit<Candidate, 'features' | 'relevance' | 'merit' | 'rank' | 'own'>;

interface PassageEvidence {
  /** Content terms of sentence `index` with its neighbours. */
  window(index: number): Set<string>;
  passage: Set<string>;
  title: Set<string>;
  /** Every passage read from the same document, together. */
  document: Set<string>;
  documentShare: number;
  fused: number;
}

/** What each passage and its document offer beside the sentence itself, computed once per answer. */
function passageEvidence(
  passages: readonly ExtractivePassage[],
  sentences: readonly PassageSentence[][],
): PassageEvidence[] {
  const documentOf = (p: ExtractivePassage) => p.documentId ?? `${p.title}\u0000${p.date}`;
  const terms = passages.map((p) => contentTermSet(p.text));
  const byDocument = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  passages.forEach((p, i) => {
    const key = documentOf(p);
    byDocument.set(key, new Set([...(byDocument.get(key) ?? []), ...terms[i]]));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const bestFused = Math.max(0, ...passages.map((p) => p.scores?.fused ?? 0));
  return passages.map((p, i) => {
    const sentenceTerms = sentences[i].map((s) => contentTermSet(p.text.slice(s.start, s.end)));
    const key = documentOf(p);
    return {
      window: (index) =>
        new Set([
          ...(sentenceTerms[index - 1] ?? []),
          ...sentenceTerms[index],
          ...(sentenceTerms[index + 1] ?? []),
        ]),
      passage: terms[i],
      title: contentTermSet(`${p.title} ${p.date.slice(0, 4)}`),
      document: byDocument.get(key)!,
      documentShare: (counts.get(key) ?? 0) / passages.length,
      // Without retrieval scores (a caller's own passages), their order stands in for them.
      fused: p.scores && bestFused > 0 ? p.scores.fused / bestFused : 1 / (1 + i),
    };
  });
}

/** Weight of each question term: rarer among the given passages means more telling. */
function termWeights(question: Set<string>, passages: readonly ExtractivePassage[]): Map<string, number> {
  const n = passages.length;
  const perPassage = passages.map((p) => contentTermSet(p.text));
  const weights = new Map<string, number>();
  for (const t of question) {
    const df = perPassage.filter((terms) => terms.has(t)).length;
    // Smoothed idf with a floor of 1: a term found in every passage still counts, and a term
    // found nowhere weighs most, which is what makes an unanswerable question score low.
    weights.set(t, 1 + Math.log((n + 1) / (df + 1)));
  }
  return weights;
}

function sentenceText(passages: readonly ExtractivePassage[], c: Found): string {
  return passages[c.passageIndex].text.slice(c.sentence.start, c.sentence.end);
}

function isQuotable(text: string): boolean {
  const n = countWords(text);
  if (n < MIN_SENTENCE_WORDS || !/\p{L}/u.test(text)) return false;
  // Part of a quotation whose other part could not be joined to it.
  if (!quotationsBalanced(text)) return false;
  // Markup or a link (a poisoned passage): the verifier would strike the whole quote, and the answer with it.
  if (containsMarkup(text)) return false;
  // Short lines without closing punctuation are headings, table rows or captions.
  return n > 12 || /[.!?…;:]["”’)\]]*$/.test(text);
}

/** Share of the characters of `text` that sit inside double quotation marks. */
function quotedShare(text: string): number {
  let inside = 0;
  let depth = 0;
  let straightOpen = false;
  for (const ch of text) {
    if (ch === '“') depth++;
    else if (ch === '”') depth = Math.max(0, depth - 1);
    else if (ch === '"') straightOpen = !straightOpen;
    else if (depth > 0 || straightOpen) inside++;
  }
  return text.length > 0 ? inside / text.length : 0;
}

function isNearDuplicate(a: Candidate, b: Candidate): boolean {
  if (a.terms.size === 0 || b.terms.size === 0) return false;
  let shared = 0;
  for (const t of a.terms) if (b.terms.has(t)) shared++;
  const smaller = Math.min(a.terms.size, b.terms.size);
  const union = a.terms.size + b.terms.size - shared;
  // Overlapping chunks and reprinted texts repeat sentences; also catch one contained in the other.
  return shared / union >= 0.7 || shared / smaller >= 0.9;
}

/** Passage groups in the order their first quote was chosen; within a passage, in text order. */
function orderForReading(spans: QuoteSpan[], chosen: Candidate[]): QuoteSpan[] {
  const firstChosen = (passageIndex: number) => chosen.findIndex((c) => c.passageIndex === passageIndex);
  return [...spans].sort(
    (a, b) => firstChosen(a.passageIndex) - firstChosen(b.passageIndex) || a.first - b.first,
  );
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
