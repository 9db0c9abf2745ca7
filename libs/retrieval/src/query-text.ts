// Words that carry the question's form, not its subject: dropped from the full-text query so that
// "What did you think of X?" matches passages about X. Postgres drops ordinary stop words itself.
const QUESTION_WORDS = new Set(
  (
    'what whats which who whom whose when where why how did does do done doing was were is are am be been being ' +
    'you your yours yourself yourselves u ur think thought thinks say said says tell told describe explain ' +
    'opinion view views feel felt believe believed consider considered would could should will shall might may must can ' +
    'really actually ever still please mean meant about regarding concerning of the a an and or to in on for with at by ' +
    'i me my we us our it its this that these those there their they them he him his she her than then so as if not no'
  ).split(' '),
);

/** The content words of a question, lower-cased, in order, without repeats. */
export function contentWords(question: string): string[] {
  const words = question
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/'s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !QUESTION_WORDS.has(w));
  return [...new Set(words)].slice(0, 32);
}

/** Turns a natural-language question into a websearch_to_tsquery OR-query of its content words. */
export function toTextQuery(question: string): string {
  return orQuery(contentWords(question));
}

/** websearch syntax: "or" between bare words gives OR semantics; words are already free of operators. */
export function orQuery(words: string[]): string {
  return words.join(' or ');
}

// The personas answer for themselves and their party: passages say "we", "our", questions say "you", "your".
const SECOND_TO_FIRST_PERSON: Record<string, string> = {
  you: 'we',
  your: 'our',
  yours: 'ours',
  yourself: 'ourselves',
  yourselves: 'ourselves',
};

/** The question with second-person words turned into the first person plural, for the embedding leg. */
export function inFirstPerson(question: string): string {
  return question.replace(
    /\b(?:you|your|yours|yourself|yourselves)\b/gi,
    (w) => SECOND_TO_FIRST_PERSON[w.toLowerCase()],
  );
}
