import type { Persona } from './persona.schema';
import { normaliseForMatch, wordsOf } from '@parley/text';
import type { Timeline } from './timeline';
import type { TermHit, TopicVocabulary } from './topic-vocabulary';

/** The topic guard's verdict; `reason` names the evidence either way. */
export interface TopicVerdict {
  offTopic: boolean;
  reason: string;
  /** Weighted evidence, for logs and tuning: strong on-topic, general, off-topic. */
  scores: { onTopic: number; general: number; offTopic: number };
}

/** Extra evidence a caller may have, e.g. how well retrieval matched the question (0..1, higher = closer). */
export interface TopicOptions {
  relevance?: number;
}

// Retrieval relevance at or above this counts as strong on-topic evidence.
const RELEVANT = 0.5;
// Weight of one everyday word (life, study, food, art) against one off-topic word.
const GENERAL_WEIGHT = 0.5;

// Questions put to the persona about their own life and views are on-topic even with no political word in them.
const ADDRESSES_PERSONA =
  /\b(?:did|do|were|are|have|had|would|will|could|should)\s+you\s+(?!(?:please\s+)?(?:write|make|give|tell|help|compose|create|generate|draw|code|fix|solve|recommend|suggest)\b)|\byour\s+\w+|\byou\s+(?:think|believe|consider|say|said|wrote|write|argue|argued|mean|meant|regard|see|saw|feel|felt|learn|learned|learnt|read|knew|know|expect|hope|fear|admire|criticise|criticize|oppose|support)\b/i;

// Arithmetic and code are homework and programming whatever the words around them.
const ARITHMETIC =
  /\d\s*(?:[+*×÷^=]|\bplus\b|\bminus\b|\btimes\b|\bdivided by\b|\bmultiplied by\b)\s*[\d(x]|\bsolve\s+for\s+\w\b/i;
const CODE =
  /```|=>|\bconsole\.log\b|\b(?:def|function|return|import|const|let|var|print)\s*[( ]\s*\w*\s*[(=:)]|<\/?[a-z]+>|[;{}]\s*$/im;

/**
 * Offline off-topic detector. Off-topic only when the question carries off-topic vocabulary (cooking, pets, code,
 * sports, homework, dating…) and no on-topic evidence at all, and the off-topic evidence outweighs the general words;
 * in doubt it is on-topic, since refusing a real question costs more than retrieving for a silly one.
 */
export class TopicGuard {
  private readonly personaTerms = new WeakMap<Persona, Set<string>>();
  private readonly offTopicAliases = new Map<string, boolean>();

  constructor(
    private readonly vocabulary: TopicVocabulary,
    private readonly timeline?: Timeline,
  ) {}

  /** Classifies a question for a persona; see the class comment for the rule. */
  classify(question: string, persona: Persona, options: TopicOptions = {}): TopicVerdict {
    const { hits, rest } = this.vocabulary.analyse(question);
    const strong = new Set(hits.filter((h) => h.group === 'onTopic').map((h) => h.term));
    for (const w of this.personaTermsIn(rest, persona)) strong.add(w);
    for (const m of this.timeline?.mentionsIn(question) ?? []) {
      if (!this.isOffTopicAlias(m.alias)) strong.add(m.alias);
    }
    if (options.relevance !== undefined && options.relevance >= RELEVANT)
      strong.add(`retrieval relevance ${options.relevance.toFixed(2)}`);

    const general = hits.filter((h) => h.group === 'general').map((h) => h.term);
    const addresses = ADDRESSES_PERSONA.test(question);
    if (addresses) general.push('(asks the persona about themself)');
    // Everyday words are weak evidence; a question put to the persona about their life or views is a full point.
    const generalScore = (general.length - (addresses ? 1 : 0)) * GENERAL_WEIGHT + (addresses ? 1 : 0);

    const off = hits.filter((h) => h.group === 'offTopic');
    const offTerms = off.map((h) => h.term);
    const requests = hits.filter((h) => h.group === 'requests').map((h) => h.term);
    if (ARITHMETIC.test(question)) offTerms.push('(arithmetic)');
    if (CODE.test(question)) offTerms.push('(code)');
    // A request for a made-to-order product (a poem, a recipe) only tips the balance when the subject is already off-topic.
    const offScore = offTerms.length > 0 ? offTerms.length + requests.length : 0;
    const scores = { onTopic: strong.size, general: generalScore, offTopic: offScore };

    if (strong.size > 0) {
      return { offTopic: false, scores, reason: `on-topic: ${list([...strong])}` };
    }
    if (offScore > 0 && offScore > generalScore) {
      return {
        offTopic: true,
        scores,
        reason: `off-topic: ${describe(off, [...offTerms, ...requests])}; no on-topic evidence`,
      };
    }
    if (offScore > 0) {
      return {
        offTopic: false,
        scores,
        reason: `in doubt, treated as on-topic: ${list(offTerms)} vs ${list(general)}`,
      };
    }
    return {
      offTopic: false,
      scores,
      reason: general.length ? `on-topic: ${list(general)}` : 'no off-topic evidence',
    };
  }

  /**
   * True when every word of a timeline alias is itself off-topic vocabulary ("computer", "email", "smartphone"):
   * such a name is no evidence that the question is about history, so the balance decides ("which computer should I
   * buy?" is off topic), and a question that stays on-topic ("what do you think of computers?") then meets the
   * anachronism guard. An alias with any other word ("atomic bomb", "mobile phone") stays strong evidence.
   */
  private isOffTopicAlias(alias: string): boolean {
    let known = this.offTopicAliases.get(alias);
    if (known === undefined) {
      const words = wordsOf(normaliseForMatch(alias));
      known =
        words.length > 0 &&
        words.every((w) => this.vocabulary.analyse(w).hits.some((h) => h.group === 'offTopic'));
      this.offTopicAliases.set(alias, known);
    }
    return known;
  }

  // Words from the persona's own names and topics: what they wrote about is on-topic by definition.
  private personaTermsIn(words: readonly string[], persona: Persona): string[] {
    let terms = this.personaTerms.get(persona);
    if (!terms) {
      terms = new Set(
        [...persona.names, ...persona.topics]
          .flatMap((t) => wordsOf(normaliseForMatch(t)))
          .filter((w) => w.length >= 4 && !this.vocabulary.ignored.has(w)),
      );
      this.personaTerms.set(persona, terms);
    }
    const found = new Set<string>();
    for (const w of words) {
      if (terms.has(w) || (w.endsWith('s') && terms.has(w.slice(0, -1)))) found.add(w);
    }
    return [...found];
  }
}

function list(terms: string[]): string {
  return terms.map((t) => (t.startsWith('(') ? t : `"${t}"`)).join(', ');
}

function describe(off: TermHit[], terms: string[]): string {
  const domains = [...new Set(off.map((h) => h.domain))];
  return `${domains.length ? `${domains.join(', ')} ` : ''}(${list(terms)})`;
}
