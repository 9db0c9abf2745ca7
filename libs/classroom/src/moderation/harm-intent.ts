import type { ModerationLexicon } from './moderation-lexicon';
import { moderationSentences, moderationWords, phraseAt, phraseWithin, type Phrase } from '@parley/text';

/** What the intent reader found in one message, by moderation category. */
export type HarmCategory = 'violence/threatening' | 'self-harm';

// How far (in words) an intent may run from its subject to its verb, and a verb to its target or weapon.
const MAX_INTENT_WORDS = 7;
const TARGET_WINDOW = 5;
const OBJECT_WINDOW = 3;

const QUESTION_OPENERS = new Set(
  'who whom whose what why how when where which did do does was were is are can could would should has have had'.split(
    ' ',
  ),
);

/** The lexicon's word classes as word sequences, for matching against a sentence's words. */
interface Classes {
  firstPerson: Set<string>;
  openers: Set<string>;
  fillers: Set<string>;
  desire: Set<string>;
  presentTargets: Set<string>;
  targetNouns: Set<string>;
  harm: Phrase[];
  weaponVerbs: Phrase[];
  weapons: Phrase[];
  selfHarmVerbs: Phrase[];
  selfHarmObjects: Phrase[];
  selfHarmActs: Phrase[];
  despair: Phrase[];
}

const compiled = new WeakMap<ModerationLexicon, Classes>();

function classesOf(lexicon: ModerationLexicon): Classes {
  let c = compiled.get(lexicon);
  if (!c) {
    const phrases = (list: string[]) =>
      list.map((e) => moderationWords(e)).sort((a, b) => b.length - a.length) as Phrase[];
    c = {
      firstPerson: new Set(lexicon.firstPerson),
      openers: new Set(lexicon.intentOpeners),
      fillers: new Set(lexicon.fillers),
      desire: new Set(lexicon.desireWords),
      presentTargets: new Set(lexicon.presentTargets),
      targetNouns: new Set(lexicon.targetNouns),
      harm: phrases(lexicon.harm),
      weaponVerbs: phrases(lexicon.weaponVerbs),
      weapons: phrases(lexicon.weapons),
      selfHarmVerbs: phrases(lexicon.selfHarmVerbs),
      selfHarmObjects: phrases(lexicon.selfHarmObjects),
      selfHarmActs: phrases(lexicon.selfHarmActs),
      despair: phrases(lexicon.despair),
    };
    compiled.set(lexicon, c);
  }
  return c;
}

function targetWithin(words: readonly string[], from: number, c: Classes): boolean {
  for (let i = from; i < Math.min(words.length, from + TARGET_WINDOW); i++) {
    if (c.targetNouns.has(words[i]) || (i < from + OBJECT_WINDOW && c.presentTargets.has(words[i])))
      return true;
  }
  return false;
}

/**
 * The harm a speaker states as their own intent, read from the words after a first-person subject ("I", "we") or
 * an opener ("gonna"): only auxiliaries and adverbs (the lexicon's fillers) may stand before the verb, so
 * "I want to know why they killed him" and "Did the Cheka kill them?" state no intent. A threat is a verb of harm
 * with a person or place of the speaker's world as object, or a weapon with a verb of carrying or using it;
 * self-harm is a verb of harm on oneself, an act of dying after a word of wanting, or a phrase of despair.
 */
function intentIn(words: readonly string[], start: number, c: Classes): HarmCategory | null {
  let wanting = c.desire.has(words[start]) || words[start].endsWith("'ll");
  for (let j = start + 1; j < Math.min(words.length, start + 1 + MAX_INTENT_WORDS); j++) {
    const harm = phraseAt(words, j, c.harm);
    if (harm && targetWithin(words, j + harm, c)) return 'violence/threatening';
    const carry = phraseAt(words, j, c.weaponVerbs) || harm;
    if (carry && phraseWithin(words, j + carry, TARGET_WINDOW, c.weapons)) return 'violence/threatening';
    const self = phraseAt(words, j, c.selfHarmVerbs);
    if (self && phraseWithin(words, j + self, OBJECT_WINDOW, c.selfHarmObjects)) return 'self-harm';
    if (wanting && phraseAt(words, j, c.selfHarmActs)) return 'self-harm';
    if (phraseAt(words, j, c.despair)) return 'self-harm';
    if (!c.fillers.has(words[j])) return null;
    if (c.desire.has(words[j])) wanting = true;
  }
  return null;
}

/**
 * Threats and self-harm in a normalised message (see `normaliseForModeration`), sentence by sentence. Besides stated
 * intent, a statement (not a question) that puts a verb of harm straight onto "you" ("kill you") or onto a place of
 * the school ("shoot up the school") is a threat: "Who tried to kill you in 1918?" asks about history.
 */
export function harmCategories(normalised: string, lexicon: ModerationLexicon): HarmCategory[] {
  const c = classesOf(lexicon);
  const found = new Set<HarmCategory>();
  for (const sentence of moderationSentences(normalised)) {
    const words = moderationWords(sentence);
    if (words.length === 0) continue;
    const question = sentence.trimEnd().endsWith('?') || QUESTION_OPENERS.has(words[0]);
    for (let i = 0; i < words.length; i++) {
      if (c.firstPerson.has(words[i]) || c.openers.has(words[i])) {
        const hit = intentIn(words, i, c);
        if (hit) found.add(hit);
      }
      if (question) continue;
      const harm = phraseAt(words, i, c.harm);
      if (harm && (c.presentTargets.has(words[i + harm]) || placeAfter(words, i + harm, c)))
        found.add('violence/threatening');
    }
  }
  return [...found];
}

// "the school", "this class": a determiner and a place noun right after the verb.
function placeAfter(words: readonly string[], i: number, c: Classes): boolean {
  return /^(?:the|my|our|this|that|your)$/.test(words[i] ?? '') && c.targetNouns.has(words[i + 1] ?? '');
}
