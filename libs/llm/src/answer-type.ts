import { ANSWER_TYPE_WORDS, contentTermSet, isStopword, stem, wordSpans } from '@parley/text';

/** The kind of answer a question asks for: "who…" a person, "when…" a time, "where…" a place, "how many…" a number. */
export type AnswerType = 'person' | 'time' | 'place' | 'number';

// Words that open a question; the first of them decides what kind of answer it asks for.
const INTERROGATIVES = new Set(['who', 'whom', 'whose', 'when', 'where', 'what', 'which', 'how', 'why']);
const YEAR = /^(?:1[0-9]{3}|20[0-9]{2})$/;

/**
 * The kind of answer `question` asks for, or null when it asks for none in particular (what, why, how, yes or no).
 * Only an interrogative that opens the question or a clause of it counts ("In 1905, who led…", "In what year…"); one
 * inside a clause
 * ("How did they change their view on who should lead?") belongs to the clause's subject, not to the answer.
 */
export function expectedAnswerType(question: string): AnswerType | null {
  const [word, next] = interrogativePhrase(question);
  if (word === undefined) return null;
  const pair = `${word}-${next ?? ''}`;
  if (ANSWER_TYPE_WORDS.person.has(word)) return 'person';
  if (ANSWER_TYPE_WORDS.time.has(word) || ANSWER_TYPE_WORDS.timePhrases.has(pair)) return 'time';
  if (ANSWER_TYPE_WORDS.place.has(word)) return 'place';
  if (ANSWER_TYPE_WORDS.numberPhrases.has(pair)) return 'number';
  return null;
}

/**
 * The words (lower-case) of the interrogative that opens the question or one of its clauses: one word ("who"),
 * or two when they ask together ("how far", "what year"); empty when no interrogative opens it.
 */
export function interrogativePhrase(question: string): string[] {
  const spans = wordSpans(question);
  for (let i = 0; i < spans.length; i++) {
    const before = question.slice(i === 0 ? 0 : spans[i - 1].end, spans[i].start);
    // "In what year…", "To whom…": a preposition may lead the interrogative.
    const led = i === 1 && isStopword(spans[0].key);
    if (i > 0 && !led && !/[,;:]/.test(before)) continue;
    const word = spans[i].key;
    if (!INTERROGATIVES.has(word)) continue;
    const pair = `${word}-${spans[i + 1]?.key ?? ''}`;
    // "When the Germans attacked, was…": a clause of time, not the question's interrogative.
    const asks =
      !['when', 'where'].includes(word) || ANSWER_TYPE_WORDS.auxiliaries.has(spans[i + 1]?.key ?? '');
    if (!asks) continue;
    const paired = ANSWER_TYPE_WORDS.numberPhrases.has(pair) || ANSWER_TYPE_WORDS.timePhrases.has(pair);
    return paired ? [word, spans[i + 1].key] : [word];
  }
  return [];
}

/** What a sentence is read against: the question, and the words the passages read use in lower case. */
export interface AnswerTypeContext {
  /** Stems of the question's content words: a name the question gives is not the answer it asks for. */
  questionTerms: ReadonlySet<string>;
  /**
   * Words (lower-cased) that the passages read also write in lower case: "Party" or "State" capitalised in one
   * sentence are common nouns elsewhere, where a name (Kamenev, Geneva) is capitalised wherever it occurs.
   */
  lowerCaseWords: ReadonlySet<string>;
}

/** True when `sentence` holds an answer of the kind asked for: a name for a person or place, a date, a number. */
export function holdsAnswerType(type: AnswerType, sentence: string, context: AnswerTypeContext): boolean {
  switch (type) {
    case 'person':
    case 'place':
      return names(sentence, context).length > 0;
    case 'time':
      return hasTime(sentence);
    case 'number':
      return hasTime(sentence) || hasNumber(sentence);
  }
}

/** The words (lower-case) the text writes in lower case, for `AnswerTypeContext.lowerCaseWords`. */
export function lowerCaseWords(texts: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const text of texts)
    for (const w of wordSpans(text)) {
      const first = text[w.start];
      if (first !== first.toUpperCase()) found.add(w.key);
    }
  return found;
}

/**
 * The proper names of a sentence: capitalised words that do not open it (where every word is capitalised), are not
 * common words capitalised for emphasis or title (the passages also write them in lower case), are not function
 * words, the calendar or the question's own words.
 */
export function names(sentence: string, context: AnswerTypeContext): string[] {
  const spans = wordSpans(sentence);
  const found: string[] = [];
  spans.forEach((w, i) => {
    const text = sentence.slice(w.start, w.end);
    if (!/^\p{Lu}/u.test(text) || /^\p{Lu}$/u.test(text)) return;
    // The first word of the sentence, or of a quotation or a clause opened by a colon, is capitalised anyway.
    const before = sentence.slice(i === 0 ? 0 : spans[i - 1].end, w.start);
    if (i === 0 || /[:“"«(]/.test(before)) return;
    const key = w.key.replace(/'s$/, '');
    if (isStopword(key) || context.lowerCaseWords.has(key) || isCalendarWord(key)) return;
    if (context.questionTerms.has(stem(key))) return;
    found.push(text);
  });
  return found;
}

function isCalendarWord(word: string): boolean {
  return ANSWER_TYPE_WORDS.months.has(word) || ANSWER_TYPE_WORDS.weekdays.has(word);
}

/** A year, or a month or weekday written as a name (capitalised: "may" is a verb, "May" a month). */
function hasTime(sentence: string): boolean {
  return wordSpans(sentence).some((w) => {
    if (YEAR.test(w.key)) return true;
    return /^\p{Lu}/u.test(sentence[w.start]) && isCalendarWord(w.key);
  });
}

/** Digits, or a cardinal number word ("fifty days", "three millions"). */
function hasNumber(sentence: string): boolean {
  return wordSpans(sentence).some((w) => /\d/.test(w.key) || ANSWER_TYPE_WORDS.numbers.has(w.key));
}

/** The context for one question over the passages read. */
export function answerTypeContext(question: string, passages: readonly string[]): AnswerTypeContext {
  return { questionTerms: contentTermSet(question), lowerCaseWords: lowerCaseWords(passages) };
}
