import { QUESTION_WORDS, SECOND_TO_FIRST_PERSON, words } from '@parley/text';

/** The content words of a question, lower-cased, in order, without repeats. */
export function contentWords(question: string): string[] {
  // Dropped so that "Any thoughts on X?" matches passages about X; Postgres drops ordinary stop words itself.
  const content = words(question).filter((w) => w.length > 1 && !QUESTION_WORDS.has(w));
  return [...new Set(content)].slice(0, 32);
}

/** Turns a natural-language question into a websearch_to_tsquery OR-query of its content words. */
export function toTextQuery(question: string): string {
  return orQuery(contentWords(question));
}

/** websearch syntax: "or" between bare words gives OR semantics; words are already free of operators. */
export function orQuery(words: string[]): string {
  return words.join(' or ');
}

/** The question with second-person words turned into the first person plural, for the embedding leg. */
export function inFirstPerson(question: string): string {
  return question.replace(
    /\b(?:you|your|yours|yourself|yourselves)\b/gi,
    (w) => SECOND_TO_FIRST_PERSON[w.toLowerCase()],
  );
}
