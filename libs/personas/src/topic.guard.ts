import { contentTerms, stem } from '@parley/text';
import type { CorpusProfile } from './corpus-profile';
import { DomainProfile, type DomainSignal } from './domain-signal';
import { senseSignal, type SenseSignal } from './sense-signal';
import { everydaySignal, type EverydaySignal, type WordEvidence } from './everyday-signal';
import type { GeneralEnglish } from './general-english';
import type { Persona } from './persona.schema';
import type { Timeline } from './timeline';
import type { TopicPolicy } from './topic-policy';
import type { WordNetDomains } from './wordnet-domains';
import { NeighbourIndex, type WordSpace } from './word-neighbours';
import { CorpusSenses, type WordSense } from './word-senses';
import { afterScore, topicFeatures, topicLogOdds } from './topic-model';

/** The topic guard's verdict; `reason` names the evidence either way. */
export interface TopicVerdict {
  offTopic: boolean;
  reason: string;
  /** The combined signal (everyday + domainWeight × domain) and the bar it was held to, for logs and tuning. */
  score: number;
  bar: number;
}

/** Extra evidence a caller may have, e.g. how well retrieval matched the question (0..1, higher = closer). */
export interface TopicOptions {
  relevance?: number;
}

// Retrieval relevance at or above this counts as strong on-topic evidence.
const RELEVANT = 0.5;

// Questions put to the persona about their own life and views get a margin: "were you ever afraid?" is everyday
// English but a fair question to a historical figure. A possessive alone ("your favourite food") asks about tastes,
// not life or views, and requests for a made-to-order product are not such questions either.
const ADDRESSES_PERSONA =
  /\b(?:did|do|were|are|have|had|would|will|could|should)\s+you\s+(?!(?:please\s+)?(?:write|make|give|tell|help|compose|create|generate|draw|code|fix|solve|recommend|suggest)\b)|\byou\s+(?:think|believe|consider|say|said|wrote|write|argue|argued|mean|meant|regard|see|saw|feel|felt|learn|learned|learnt|read|knew|know|expect|hope|fear|admire|criticise|criticize|oppose|support)\b/i;

// Asking the persona to make something (a poem, a plan) is a request, not a question about them.
const REQUEST =
  /\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:write|make|give|tell|help|compose|create|generate|draw|code|fix|solve|recommend|suggest)\b/i;

// A year from the persona's birth on: a question about their times, or one for the anachronism guard.
const YEAR = /\b1[6-9]\d\d\b|\b20\d\d\b/g;

// Arithmetic and code are homework and programming whatever the words around them.
const ARITHMETIC =
  /\d\s*(?:[+*×÷^=]|\bplus\b|\bminus\b|\btimes\b|\bdivided by\b|\bmultiplied by\b)\s*[\d(x]|\bsolve\s+for\s+\w\b/i;
const CODE =
  /```|=>|\bconsole\.log\b|\b(?:def|function|return|import|const|let|var|print)\s*[( ]\s*\w*\s*[(=:)]|<\/?[a-z]+>|[;{}]\s*$/im;

/** What the guard reads in a question, before any threshold: see `TopicGuard.evidence`. */
export interface TopicEvidence {
  signal: EverydaySignal;
  /** The WordNet-domain signal of the same words (score 0 without WordNet). */
  domain: DomainSignal;
  /** Share of the question's information (word weights) in words the corpus never uses (0 with no content word). */
  absent: number;
  /** The question asks the persona about their own life or views. */
  addresses: boolean;
  /** Evidence that holds whatever the threshold: the persona's names and topics, a close retrieval match. */
  strong: string[];
  /** Of `strong`, what does not rest on the persona's topic words (names, years): the passages cannot gainsay it. */
  firm: string[];
  /** Stems of the words the question capitalises within a sentence: names of people, places, things. */
  names: string[];
  /** Stems of the persona's topic words that `strong` rests on (the sense decision may set them aside). */
  topics: string[];
  /** How the question uses the words the corpus has contexts of (empty without word vectors; see `CorpusSenses`). */
  senses: WordSense[];
  /** Arithmetic or code, named; null when neither. */
  homework: string | null;
  /** Dated events named, with the everyday signal of the rest of the question (or of the name, when alone). */
  events: { alias: string; score: number }[];
}

/**
 * Offline off-topic detector. A question is off-topic when its content words are, on the whole, likelier in
 * everyday English than in the personas' writings (`everydaySignal`), above the policy's bar (raised for questions
 * put to the persona about themself), or when it is arithmetic or code; never when it names the persona, uses one
 * of the persona's topics in the corpus's sense, names a year from the persona's birth on or a dated event of history,
 * or retrieval matched it closely. With WordNet, the signal adds `domainWeight` × the question's domain signal
 * (`DomainProfile`: how much more general English than the corpus uses its words' lexicographer files).
 */
export class TopicGuard {
  private readonly personaStems = new WeakMap<Persona, { names: Set<string>; topics: Set<string> }>();
  private readonly domainProfiles = new WeakMap<CorpusProfile, DomainProfile>();
  // WordNet, loaded when first needed (`domainsOf`): a start-up may load it after listening, in the background.
  private readonly wordnet?: () => WordNetDomains;
  private neighbours: NeighbourIndex | null = null;
  private readonly senses = new WeakMap<CorpusProfile, CorpusSenses>();
  private space: WordSpace | null = null;

  constructor(
    private readonly english: GeneralEnglish,
    private readonly policy: TopicPolicy,
    private readonly timeline?: Timeline,
    wordnet?: WordNetDomains | (() => WordNetDomains),
  ) {
    this.wordnet = typeof wordnet === 'function' ? wordnet : wordnet && (() => wordnet);
  }

  /**
   * Word vectors for the neighbourhood evidence (`policy.neighbours`): a word the corpus lacks then counts as the
   * similarity-weighted mean ratio of its nearest everyday-English neighbours instead of as absent.
   */
  useWordSpace(space: WordSpace): void {
    this.space = space;
    if (this.neighbours || this.policy.neighbours === 0) return;
    this.neighbours = new NeighbourIndex(space, this.english);
  }

  /** True when the policy reads word vectors (neighbours or word senses), so that `useWordSpace` is worth its load. */
  get wantsWordSpace(): boolean {
    return this.policy.neighbours > 0 || this.wantsSenses;
  }

  /** True when the policy makes the per-word sense decision (`sensesOf`). */
  get wantsSenses(): boolean {
    const { senseBar, senseOnBar, afterRetrieval } = this.policy;
    return senseBar !== undefined || senseOnBar !== undefined || afterRetrieval?.senseBar !== undefined;
  }

  /**
   * The contexts the corpus's words have there (`CorpusSenses`), read once per corpus profile from the paragraphs it
   * was built of; null until `useWordSpace` has given vectors. Call it before questions arrive, with the paragraphs.
   */
  sensesOf(corpus: CorpusProfile, paragraphs?: readonly string[]): CorpusSenses | null {
    let senses = this.senses.get(corpus);
    if (!senses && paragraphs && this.space) {
      senses = new CorpusSenses(paragraphs, this.space, this.english);
      this.senses.set(corpus, senses);
    }
    return senses ?? null;
  }

  /**
   * The domain ratios of WordNet's lexicographer files for a corpus (null without WordNet), computed once per
   * corpus profile; call it before questions arrive to take the work off them.
   */
  domainsOf(corpus: CorpusProfile): DomainProfile | null {
    if (!this.wordnet) return null;
    let profile = this.domainProfiles.get(corpus);
    if (!profile) {
      profile = new DomainProfile(this.wordnet(), this.english, corpus, this.policy.priorWords);
      this.domainProfiles.set(corpus, profile);
    }
    return profile;
  }

  /** Classifies a question for a persona against the corpus its writings come from; see the class comment. */
  classify(
    question: string,
    persona: Persona,
    corpus: CorpusProfile,
    options: TopicOptions = {},
  ): TopicVerdict {
    return this.verdict(this.evidence(question, persona, corpus, options));
  }

  /** What the question holds for the verdict, whatever the threshold and margin. */
  evidence(
    question: string,
    persona: Persona,
    corpus: CorpusProfile,
    options: TopicOptions = {},
  ): TopicEvidence {
    const signal = this.signal(question, corpus);
    const domain = this.domainsOf(corpus)?.signal(signal.words, this.policy.contextPrior) ?? {
      score: 0,
      words: [],
    };
    const own = this.personaEvidence(signal, persona);
    const topics = this.topicStems(signal, persona);
    const firm = [...own.filter((e) => e.endsWith('(the persona)')), ...yearsOfTheirTimes(question, persona)];
    const strong = [...own, ...yearsOfTheirTimes(question, persona)];
    if (options.relevance !== undefined && options.relevance >= RELEVANT)
      strong.push(`retrieval relevance ${options.relevance.toFixed(2)}`);
    const homework = ARITHMETIC.test(question) ? 'arithmetic' : CODE.test(question) ? 'code' : null;
    const events = (this.timeline?.mentionsIn(question) ?? []).map((m) => {
      const own = new Set(contentTerms(m.alias));
      const rest = signal.words.filter((w) => !own.has(w.stem));
      return rest.length > 0
        ? { alias: m.alias, score: weightedMean(rest) }
        : { alias: m.alias, score: this.signal(m.alias, corpus).score };
    });
    const addresses = ADDRESSES_PERSONA.test(question) && !REQUEST.test(question);
    const senses = this.sensesOf(corpus)?.sensesIn(question) ?? [];
    const mass = signal.words.reduce((a, w) => a + w.weight, 0);
    const absent =
      mass > 0
        ? signal.words.filter((w) => corpus.count(w.stem) === 0).reduce((a, w) => a + w.weight, 0) / mass
        : 0;
    return {
      signal,
      domain,
      absent,
      addresses,
      strong,
      firm,
      topics,
      senses,
      names: namesIn(question),
      homework,
      events,
    };
  }

  /**
   * The guard's judgement of the evidence under `policy` (default: this guard's). A dated event counts as history, for the
   * anachronism guard to judge, when the question asks the persona about it or the rest of the question (the name
   * itself, when it stands alone) is not everyday: "which computer is worth buying?" is off-topic, "what did computers
   * mean to you?" is not.
   */
  verdict(evidence: TopicEvidence, policy: TopicPolicy = this.policy): TopicVerdict {
    const { signal, addresses } = evidence;
    const bar = policy.threshold + (addresses ? policy.addressedMargin : 0);
    const sense = senseReading(evidence, policy);
    const score = sense.score + policy.domainWeight * evidence.domain.score;
    const verdict = (offTopic: boolean, reason: string): TopicVerdict => ({
      offTopic,
      reason,
      score,
      bar,
    });
    const events = evidence.events
      .filter((e) => e.score <= bar || addresses)
      .map((e) => `"${e.alias}" (dated event)`);
    const strong = [
      ...evidence.strong.filter((e) => !sense.otherSense.some((s) => e === topicLabel(s))),
      ...events,
    ];
    if (strong.length > 0) return verdict(false, `on-topic: ${strong.join(', ')}`);
    if (evidence.homework) return verdict(true, `off-topic: ${evidence.homework}`);
    const words = describe(signal.words);
    const senses = sense.otherSense.length ? `; in another sense: ${sense.otherSense.join(', ')}` : '';
    const domains = evidence.domain.words.length
      ? `; domains ${evidence.domain.words.map((w) => `${w.stem} ${w.files[0]} ${fixed(w.score)}`).join(', ')} → ${fixed(evidence.domain.score)}`
      : '';
    if (score > bar)
      return verdict(
        true,
        `off-topic: everyday words (${words}${senses}${domains}) score ${fixed(score)} > ${fixed(bar)}`,
      );
    return verdict(
      false,
      `on-topic: ${words || 'no content words'}${senses}${domains} score ${fixed(score)} ≤ ${fixed(bar)}${addresses ? ' (asks the persona about themself)' : ''}`,
    );
  }

  /**
   * The decision after retrieval, for a question `verdict` let through: the question's words read again against the
   * passages retrieval found for it (`senseSignal`), held to `policy.afterRetrieval.declined` when the passages do not
   * answer it and to `.answered` when they would (each raised by the margin for a question put to the persona); the
   * most everyday word that no passage holds adds `absentWeight` × its ratio.
   * Never off topic when the question names the persona or a year of their times, or asks about a dated event; the
   * persona's topic words count only as the passages use them ("class" held only apart from "yoga" and "mat").
   */
  afterRetrieval(
    evidence: TopicEvidence,
    passages: readonly string[],
    declined: boolean,
    policy: TopicPolicy = this.policy,
  ): TopicVerdict {
    return this.judgeAfterRetrieval(
      evidence,
      senseSignal(evidence.signal, passages, new Set(evidence.names), policy.afterRetrieval?.context),
      declined,
      policy,
    );
  }

  /**
   * `afterRetrieval` on a sense signal already read (the bench judges one reading under many bars). With
   * `afterRetrieval.learned` and a fitted `model` (`prompts/topic-model.yaml`), the learned decision replaces the bars:
   * off topic when the model's log-odds over the question's features (`topicFeatures`) are above its bar.
   */
  judgeAfterRetrieval(
    evidence: TopicEvidence,
    sense: SenseSignal,
    declined: boolean,
    policy: TopicPolicy = this.policy,
  ): TopicVerdict {
    const bars = policy.afterRetrieval;
    const otherSense = bars?.senseBar === undefined ? [] : usedOtherwise(evidence, sense, bars.senseBar);
    const words = sense.words
      .map((w) => `${w.stem} ${w.inContext ? 'in context' : w.found ? 'alone' : 'absent'}`)
      .join(', ');
    const judged = (score: number, bar: number, firmReason?: string): TopicVerdict =>
      firmReason !== undefined
        ? { offTopic: false, reason: firmReason, score, bar }
        : score > bar
          ? {
              offTopic: true,
              reason: `off-topic after retrieval: ${words}; score ${fixed(score)} > ${fixed(bar)}`,
              score,
              bar,
            }
          : {
              offTopic: false,
              reason: `on-topic after retrieval: ${words}; score ${fixed(score)} ≤ ${fixed(bar)}`,
              score,
              bar,
            };
    const firm = [...evidence.firm, ...evidence.events.map((e) => `"${e.alias}" (dated event)`)];
    const firmReason = firm.length > 0 ? `on-topic after retrieval: ${firm.join(', ')}` : undefined;
    if (bars?.learned && policy.model) {
      const z = topicLogOdds(policy.model, topicFeatures(evidence, sense, otherSense, declined));
      return judged(z, policy.model.bar, firmReason);
    }
    const bar =
      (bars ? (declined ? bars.declined : bars.answered) : Infinity) +
      (evidence.addresses ? policy.addressedMargin : 0);
    const score = afterScore(sense, otherSense) + (bars?.absentWeight ?? 0) * sense.mostEverydayAbsent;
    return judged(score, bar, firmReason);
  }

  /**
   * The corpus words the sense signal counted as corpus evidence that the question uses in another sense under the
   * policy's `afterRetrieval.senseBar` (none without it): for the learned decision's features in the bench.
   */
  otherSenseWords(
    evidence: TopicEvidence,
    sense: SenseSignal,
    policy: TopicPolicy = this.policy,
  ): SenseSignal['words'] {
    const bar = policy.afterRetrieval?.senseBar;
    return bar === undefined ? [] : usedOtherwise(evidence, sense, bar);
  }

  /** The everyday signal of any text against a corpus, with this guard's smoothing. */
  signal(text: string, corpus: CorpusProfile): EverydaySignal {
    const index = this.policy.neighbours > 0 ? this.neighbours : null;
    const mix = this.policy.neighbourMix;
    const absentRatio = index
      ? (word: string, own: number) => {
          const near = neighbourRatio(
            index,
            word,
            this.policy.neighbours,
            this.english,
            corpus,
            this.policy.priorWords,
          );
          return near === undefined ? own : (1 - mix) * own + mix * near;
        }
      : undefined;
    return everydaySignal(
      text,
      this.english,
      corpus,
      this.policy.priorWords,
      this.policy.weighAbsence,
      absentRatio,
    );
  }

  // The persona's names always count; a word of the persona's topics counts when the corpus significantly often uses
  // it beside another word of the question (in the question's sense) or when it is the only word ("Permanent?").
  private personaEvidence(signal: EverydaySignal, persona: Persona): string[] {
    const { names, topics } = this.stemsOf(persona);
    const sole = signal.words.length === 1;
    return signal.words
      .filter((w) => names.has(w.stem) || (topics.has(w.stem) && (sole || w.tied)))
      .map((w) => (names.has(w.stem) ? `"${w.stem}" (the persona)` : topicLabel(w.stem)));
  }

  private topicStems(signal: EverydaySignal, persona: Persona): string[] {
    const { names, topics } = this.stemsOf(persona);
    const sole = signal.words.length === 1;
    return signal.words
      .filter((w) => !names.has(w.stem) && topics.has(w.stem) && (sole || w.tied))
      .map((w) => w.stem);
  }

  private stemsOf(persona: Persona): { names: Set<string>; topics: Set<string> } {
    let stems = this.personaStems.get(persona);
    if (!stems) {
      stems = {
        names: new Set(persona.names.flatMap(contentTerms)),
        topics: new Set(persona.topics.flatMap(contentTerms)),
      };
      this.personaStems.set(persona, stems);
    }
    return stems;
  }
}

// The corpus words the sense signal counted as corpus evidence (held beside another question word, ratio below 0)
// that the question uses in another sense (centred cosine with their corpus contexts below `bar`).
function usedOtherwise(evidence: TopicEvidence, sense: SenseSignal, bar: number): SenseSignal['words'] {
  const centred = new Map(evidence.senses.map((s) => [s.stem, s.centred]));
  return sense.words.filter((w) => w.ratio < 0 && w.inContext && (centred.get(w.stem) ?? Infinity) < bar);
}

function topicLabel(stem: string): string {
  return `"${stem}" (the persona's topics)`;
}

/**
 * The everyday signal under the policy's sense decision: a corpus word (ratio below 0) that the question uses in
 * another sense (z below `senseBar`) counts 0, as does an everyday word used in the corpus's sense (z above
 * `senseOnBar`); `otherSense` names the first kind. Without either bar, the signal as read.
 */
export function senseReading(
  evidence: TopicEvidence,
  policy: TopicPolicy,
): { score: number; otherSense: string[] } {
  const { senseBar, senseOnBar } = policy;
  if (senseBar === undefined && senseOnBar === undefined)
    return { score: evidence.signal.score, otherSense: [] };
  const z = new Map(evidence.senses.map((s) => [s.stem, s.centred]));
  const otherSense: string[] = [];
  let mass = 0;
  let sum = 0;
  for (const w of evidence.signal.words) {
    const zw = z.get(w.stem);
    let counted = w.counted;
    if (zw !== undefined && senseBar !== undefined && w.ratio < 0 && zw < senseBar) {
      counted = 0;
      otherSense.push(w.stem);
    } else if (zw !== undefined && senseOnBar !== undefined && w.ratio > 0 && zw > senseOnBar) counted = 0;
    mass += w.weight;
    sum += w.weight * counted;
  }
  return { score: mass > 0 ? sum / mass : 0, otherSense };
}

// The similarity-weighted mean ratio (ln P_general / P_corpus, smoothed as in `everydaySignal`) of a word's `k`
// nearest neighbours; undefined when the space lacks the word.
function neighbourRatio(
  index: NeighbourIndex,
  word: string,
  k: number,
  english: GeneralEnglish,
  corpus: CorpusProfile,
  priorWords: number,
): number | undefined {
  const near = index.nearest(word, k).filter((n) => n.similarity > 0);
  if (near.length === 0) return undefined;
  let mass = 0;
  let sum = 0;
  for (const n of near) {
    const general = english.probability(n.word);
    const inCorpus = (corpus.count(stem(n.word)) + priorWords * general) / (corpus.total + priorWords);
    sum += n.similarity * Math.log(general / inCorpus);
    mass += n.similarity;
  }
  return sum / mass;
}

// A capitalised word after another word of the same sentence: a name ("Odessa", "Lake Baikal"), not a sentence start.
const NAME = /(?<=[\p{L}\p{N},;:'’"-]\s+)\p{Lu}[\p{L}'’-]*/gu;

function namesIn(question: string): string[] {
  return [...new Set([...question.matchAll(NAME)].flatMap((m) => contentTerms(m[0])))];
}

function yearsOfTheirTimes(question: string, persona: Persona): string[] {
  const born = Number(persona.born.slice(0, 4));
  const died = Number(persona.died.slice(0, 4));
  return [...question.matchAll(YEAR)]
    .map((m) => Number(m[0]))
    .filter((y) => y >= born)
    .map((y) => `${y} (${y <= died ? "in the persona's lifetime" : 'after it, for the anachronism guard'})`);
}

function weightedMean(words: readonly WordEvidence[]): number {
  const mass = words.reduce((s, w) => s + w.weight, 0);
  return mass > 0 ? words.reduce((s, w) => s + w.weight * w.counted, 0) / mass : 0;
}

function describe(words: readonly WordEvidence[]): string {
  return words.map((w) => `${w.stem} ${w.counted >= 0 ? '+' : ''}${fixed(w.counted)}`).join(', ');
}

function fixed(n: number): string {
  return n.toFixed(2);
}
