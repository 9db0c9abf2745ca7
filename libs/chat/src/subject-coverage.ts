import type { Passage } from '@parley/contracts';
import { NOT_SUBJECTS, spaceSeparated, words } from '@parley/text';

// Words lower-cased, possessives dropped, one space between: how subjects and passages are compared.
function normalise(s: string): string {
  return words(s).join(' ');
}

/**
 * Named subjects of a question: runs of capitalised words not opening a sentence ("Second World War",
 * "Stalin", "Brest-Litovsk"). These are what a source must mention for an answer to be about them.
 */
export function questionSubjects(question: string): string[] {
  const tokens = spaceSeparated(question);
  const subjects: string[] = [];
  let run: string[] = [];
  const flush = () => {
    const phrase = normalise(run.join(' '));
    if (phrase && !NOT_SUBJECTS.has(phrase)) subjects.push(phrase);
    run = [];
  };
  tokens.forEach((raw, i) => {
    const word = raw.replace(/^[^\p{L}]+|[^\p{L}'’.-]+$/gu, '');
    // The first word of each sentence is capitalised whatever it is ("…study? Then repeat…"); an initial ("V.")
    // does not end a sentence.
    const previous = tokens[i - 1];
    const sentenceStart = previous === undefined || /[?!]["”’)]*$|\p{L}{2,}\.["”’)]*$/u.test(previous);
    const capitalised = /^\p{Lu}/u.test(word) && !sentenceStart && !NOT_SUBJECTS.has(word.toLowerCase());
    if (capitalised) run.push(word);
    else flush();
    // Sentence-ending punctuation inside the question ends a run.
    if (/[?!,;:]$/.test(raw)) flush();
  });
  flush();
  return [...new Set(subjects)];
}

/**
 * How well the passages mention the question's least-covered named subject: for each subject, the share of its
 * words (of three letters or more) that occur in the passages, case-insensitively and allowing a plural; the
 * smallest share wins. Words rather than whole phrases, because sources rarely repeat a question's exact naming
 * ("the Bund" for "the Jewish Bund"); the least-covered subject rather than all words pooled, because ordinary
 * words of one name ("General Secretary") must not make up for another name the sources never mention
 * ("Stalin", in Lenin's writings here).
 */
export function subjectCoverage(question: string, passages: Passage[]): number | null {
  const subjects = questionSubjects(question)
    .map((s) => s.split(' ').filter((w) => w.length > 2))
    .filter((words) => words.length > 0);
  if (subjects.length === 0) return null;
  const haystack = new Set(
    passages.flatMap((p) => normalise(`${p.title} ${p.heading ?? ''} ${p.text}`).split(' ')),
  );
  const found = (w: string) =>
    haystack.has(w) || haystack.has(`${w}s`) || (w.endsWith('s') && haystack.has(w.slice(0, -1)));
  return Math.min(...subjects.map((words) => words.filter(found).length / words.length));
}
