import { ANSWER_TYPE_WORDS, isStopword, normaliseForMatch, stem, wordsOf } from '@parley/text';
import type { Timeline, TimelineEvent } from './timeline';
import type { WordSpace } from './word-neighbours';

/** How well a question describes one timeline event, and by which of its phrases. */
export interface DescribedEvent {
  event: TimelineEvent;
  /** 0–1: the weighted share of the phrase's words that the question has, or a near neighbour of, in any order. */
  score: number;
  /** The same words weighted by their rarity and not normalised: how much the question says of the event. */
  mass: number;
  /** Which of the question's content words (by position) the phrase matched. */
  positions: number[];
  /** The event's name or alias that matched best. */
  phrase: string;
  /** When the event could first be known. */
  knowable: string;
}

/** The best-described events of a question on each side of an as-of date. */
export interface DescribedVerdict {
  /** The best-described event knowable only after as-of, if any scores above zero. */
  late: DescribedEvent | null;
  /** The best-described event knowable by as-of, if any scores above zero. */
  early: DescribedEvent | null;
}

/** The numbers of the matcher (fitted by 5-fold cross-validation, `npm run bench -- anachronism`). */
export interface DescribedOptions {
  /** Cosine similarity at and below which two different words count as unrelated (0). */
  floor: number;
  /** How many more question words than the phrase has may stand between its first and last matched word. */
  window: number;
  /**
   * When true, an earlier event whose matched words are all among the later event's does not stand against it (the
   * later thing is the fuller description: "the harbour glider race" against "the harbour").
   */
  subsume: boolean;
  /** The least score (0–1) of a later event for `isAnachronism`. */
  threshold: number;
  /** The later event's evidence must be at least this many times that of the best-held earlier event. */
  margin: number;
}

/** Fitted on 2026-12-07 (issue 16): 439 development items, 5 folds; see bench/anachronism.bench.ts. */
export const DEFAULT_DESCRIBED_OPTIONS: DescribedOptions = {
  floor: 0.4,
  window: 0,
  subsume: false,
  threshold: 0.82,
  margin: 1.5,
};

interface Phrase {
  event: number;
  text: string;
  /** Indexes into the matcher's vocabulary. */
  words: number[];
  /** Weight of each word (its rarity among the timeline's events), summing to 1. */
  weights: number[];
  /** The same rarity, ln((events + 1) / events with the word), not normalised. */
  idf: number[];
}

// Words a neighbour may stand for; numbers ("1980", "22") and two-letter words ("ii", "un") count too, but only
// as themselves.
const WORD = /^[a-z][a-z'-]*[a-z]$/;
// Number words too (the cardinal and ordinal words of prompts/lexicon/answer-types.yaml): their vectors sit close
// together ("two" by "three"), but "the fifth congress" is not "the fourth congress".
const EXACT_ONLY = /^(?:\d+(?:st|nd|rd|th|s)?|[a-z]{2})$/;
function exactOnly(word: string): boolean {
  return EXACT_ONLY.test(word) || ANSWER_TYPE_WORDS.numbers.has(word) || ANSWER_TYPE_WORDS.ordinals.has(word);
}
// A phrase of one word is matched exactly or not at all (the timeline's own alias match does that): a neighbour of a
// single word ("sailplane" for "glider") says too little.
const MIN_PHRASE_WORDS = 2;

function contentWords(text: string): string[] {
  return wordsOf(normaliseForMatch(text)).filter((w) => !isStopword(w) && (exactOnly(w) || WORD.test(w)));
}

/**
 * Reads a question for the timeline events it describes without their names: each event's name and aliases are
 * bags of content words, weighted by how few events share them (inverse event frequency); a phrase scores the
 * weighted share of its words that the question holds with the same stem (1) or through a GloVe neighbour (the
 * cosine above `floor`, rescaled to 0–1), in any order. An event scores its best phrase.
 */
export class DescribedEventMatcher {
  private readonly events: readonly TimelineEvent[];
  private readonly vocabulary: string[] = [];
  private readonly stems: string[] = [];
  /** Unit vectors of the vocabulary, row-major; a zero row where the space lacks the word. */
  private readonly unit: Float32Array;
  private readonly hasVector: Uint8Array;
  private readonly phrases: Phrase[] = [];
  /** Stem → the phrases holding a word of that stem. */
  private readonly phrasesOfStem = new Map<string, number[]>();
  private readonly dimension: number;

  constructor(
    private readonly timeline: Timeline,
    private readonly space: WordSpace,
    private readonly options: DescribedOptions = DEFAULT_DESCRIBED_OPTIONS,
  ) {
    this.events = timeline.events;
    this.dimension = space.dimension;
    const index = new Map<string, number>();
    const raw: { event: number; text: string; words: number[] }[] = [];
    const df = new Map<string, number>();
    this.events.forEach((e, ei) => {
      const seen = new Set<string>();
      for (const text of [e.name, ...e.aliases]) {
        const ws = [...new Set(contentWords(text))];
        if (ws.length < MIN_PHRASE_WORDS) continue;
        raw.push({
          event: ei,
          text,
          words: ws.map((w) => {
            let i = index.get(w);
            if (i === undefined) {
              i = this.vocabulary.length;
              index.set(w, i);
              this.vocabulary.push(w);
              this.stems.push(stem(w));
            }
            return i;
          }),
        });
        for (const w of ws) seen.add(stem(w));
      }
      for (const s of seen) df.set(s, (df.get(s) ?? 0) + 1);
    });
    const n = this.events.length;
    for (const p of raw) {
      const w = p.words.map((i) => Math.log((n + 1) / (df.get(this.stems[i]) ?? 1)));
      const total = w.reduce((a, b) => a + b, 0) || 1;
      const at = this.phrases.length;
      this.phrases.push({ ...p, weights: w.map((x) => x / total), idf: w });
      for (const i of p.words) {
        const list = this.phrasesOfStem.get(this.stems[i]) ?? [];
        if (list[list.length - 1] !== at) list.push(at);
        this.phrasesOfStem.set(this.stems[i], list);
      }
    }
    const d = this.dimension;
    this.unit = new Float32Array(this.vocabulary.length * d);
    this.hasVector = new Uint8Array(this.vocabulary.length);
    this.vocabulary.forEach((w, i) => {
      const v = exactOnly(w) ? undefined : space.vectorOf(w);
      if (!v) return;
      const norm = Math.hypot(...v) || 1;
      for (let k = 0; k < d; k++) this.unit[i * d + k] = v[k] / norm;
      this.hasVector[i] = 1;
    });
  }

  /** Every event the question describes at all, best first. */
  describedIn(question: string): DescribedEvent[] {
    const words = [...new Set(contentWords(question))];
    if (words.length === 0) return [];
    // Question stems and where each first stands among the question's content words.
    const qAt = new Map<string, number>();
    words.forEach((w, i) => {
      const s = stem(w);
      if (!qAt.has(s)) qAt.set(s, i);
    });
    // Only phrases with a word of the question itself (the anchor) are read: a description shares at least one word
    // with what it describes, and reading only those keeps a question to a few hundred phrases.
    const candidates = new Set<number>();
    for (const s of qAt.keys()) for (const p of this.phrasesOfStem.get(s) ?? []) candidates.add(p);
    if (candidates.size === 0) return [];
    const qVecs = words.map((w) => {
      const v = exactOnly(w) ? undefined : this.space.vectorOf(w);
      if (!v) return null;
      const norm = Math.hypot(...v) || 1;
      return Float32Array.from(v, (x) => x / norm);
    });
    const match = new Map<number, { value: number; at: number }>();
    const matchOf = (i: number) => {
      let m = match.get(i);
      if (!m) {
        m = this.wordMatch(i, qAt, qVecs);
        match.set(i, m);
      }
      return m;
    };
    const { window } = this.options;
    const best = new Map<number, DescribedEvent & { via: Phrase }>();
    for (const pi of candidates) {
      const p = this.phrases[pi];
      let score = 0;
      let mass = 0;
      let first = Infinity;
      let last = -Infinity;
      const positions: number[] = [];
      for (let j = 0; j < p.words.length; j++) {
        const m = matchOf(p.words[j]);
        if (m.value <= 0) continue;
        score += p.weights[j] * m.value;
        mass += p.idf[j] * m.value;
        first = Math.min(first, m.at);
        last = Math.max(last, m.at);
        positions.push(m.at);
      }
      // The words of one description stand near one another, in any order.
      if (last - first > p.words.length - 1 + window) continue;
      const prev = best.get(p.event);
      if (prev && prev.score >= score) continue;
      const event = this.events[p.event];
      best.set(p.event, {
        event,
        score,
        mass,
        positions,
        phrase: p.text,
        knowable: this.timeline.knowableFrom(event),
        via: p,
      });
    }
    return [...best.values()]
      .map(({ via: _via, ...d }) => d)
      .sort((a, b) => b.score - a.score || b.mass - a.mass);
  }

  /**
   * The best-described event knowable only after `asOf`, and the event knowable by then that the question holds the
   * most evidence for (weighted words matched): an earlier thing that the question names as fully stands for it.
   */
  verdict(question: string, asOf: string): DescribedVerdict {
    const described = this.describedIn(question);
    const late = described.find((d) => d.knowable > asOf) ?? null;
    const covered = new Set(late?.positions ?? []);
    let early: DescribedEvent | null = null;
    for (const d of described) {
      if (d.knowable > asOf) continue;
      if (this.options.subsume && late && d.positions.every((at) => covered.has(at))) continue;
      if (!early || d.mass > early.mass) early = d;
    }
    return { late, early };
  }

  /**
   * The later event a question describes, when it describes one well enough (`threshold`) and holds clearly more
   * evidence for it than for anything knowable by `asOf` (`margin`); otherwise null.
   */
  lateEvent(question: string, asOf: string): DescribedEvent | null {
    const { late, early } = this.verdict(question, asOf);
    if (!late || late.score < this.options.threshold) return null;
    return late.mass >= this.options.margin * (early?.mass ?? 0) ? late : null;
  }

  // How closely the question holds vocabulary word `i`, and at which of its content words: 1 for the same stem, else
  // the best cosine with a question word above the floor, rescaled to 0–1.
  private wordMatch(
    i: number,
    qAt: ReadonlyMap<string, number>,
    qVecs: readonly (Float32Array | null)[],
  ): { value: number; at: number } {
    const exact = qAt.get(this.stems[i]);
    if (exact !== undefined) return { value: 1, at: exact };
    if (!this.hasVector[i]) return { value: 0, at: -1 };
    const { floor } = this.options;
    const d = this.dimension;
    const base = i * d;
    let best = floor;
    let at = -1;
    qVecs.forEach((q, qi) => {
      if (!q) return;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += this.unit[base + k] * q[k];
      if (dot > best) {
        best = dot;
        at = qi;
      }
    });
    return { value: (best - floor) / (1 - floor), at };
  }
}
