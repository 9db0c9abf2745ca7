import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';

// The word lists are data (prompts/lexicon/*.yaml), read once when this module loads: every caller of the
// toolkit sees the same lists, and a bad file stops the process at start with its path and the bad field.

const WordList = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.split(/\s+/))
  .pipe(z.array(z.string().regex(/^[a-z0-9]+$/, 'lower-case letters and digits only')));

const Sourced = z.object({ source: z.string().trim().min(20, 'say where the list comes from') });

export const StopwordsFileSchema = Sourced.extend({ words: WordList }).strict();
export const FramingWordsFileSchema = Sourced.extend({ words: WordList }).strict();
export const QuestionWordsFileSchema = Sourced.extend({ words: WordList }).strict();
const Word = z.string().regex(/^[a-z]+$/, 'lower-case letters only');
export const CliticsFileSchema = Sourced.extend({
  negations: z.record(z.string().regex(/^[a-z]+'[a-z]+$/, "a contraction such as can't"), Word),
  clitics: z.record(z.string().regex(/^[a-z]*'[a-z]+$/, "an ending such as 're or n't"), Word),
}).strict();
const HyphenedList = z
  .string()
  .trim()
  .min(1)
  .transform((s) => s.split(/\s+/))
  .pipe(z.array(z.string().regex(/^[a-z]+-[a-z]+$/, 'two lower-case words joined by a hyphen')));
export const AnswerTypesFileSchema = Sourced.extend({
  person: WordList,
  time: WordList,
  place: WordList,
  numberPhrases: HyphenedList,
  timePhrases: HyphenedList,
  auxiliaries: WordList,
  months: WordList,
  weekdays: WordList,
  numbers: WordList,
  ordinals: WordList,
}).strict();
export const AddressFileSchema = Sourced.extend({
  honorifics: WordList,
  notSubjects: WordList,
  secondPerson: z.record(Word, Word),
}).strict();
export const AbbreviationsFileSchema = Sourced.extend({
  always: WordList,
  beforeNumber: WordList,
  sentenceOpeners: WordList,
}).strict();

/** The directory holding the lexicon files, found upwards from this file whether run from src or dist. */
export function lexiconDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prompts', 'lexicon');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('cannot find prompts/lexicon above ' + __dirname);
  }
}

/** Reads and validates one lexicon file; throws naming the file and the bad field. */
export function readLexicon<T>(name: string, schema: z.ZodType<T>, dir = lexiconDir()): T {
  const path = join(dir, name);
  const parsed = schema.safeParse(load(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${path}: ${issues}`);
  }
  return parsed.data;
}

const stopwords = readLexicon('stopwords.yaml', StopwordsFileSchema);
const framing = readLexicon('framing-words.yaml', FramingWordsFileSchema);
const abbreviations = readLexicon('abbreviations.yaml', AbbreviationsFileSchema);
const questionWords = readLexicon('question-words.yaml', QuestionWordsFileSchema);
const clitics = readLexicon('clitics.yaml', CliticsFileSchema);
const answerTypes = readLexicon('answer-types.yaml', AnswerTypesFileSchema);
const address = readLexicon('address.yaml', AddressFileSchema);

/** Function words and question framing (interrogatives, auxiliaries, verbs of opinion): words that carry no subject. */
export const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);
/** Words that introduce sources without saying anything about the subject ("let me answer with my own words"). */
export const FRAMING_WORDS: ReadonlySet<string> = new Set(framing.words);
/** Words that carry a question's form, not its subject (the interrogative and its auxiliary): left out of a search query. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(questionWords.words);
/** Abbreviations after which a full stop never ends a sentence (lower-case, without the stop). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set(abbreviations.always);
/** Abbreviations that precede a number (`No. 5`, `p. 12`); before a word the stop may end a sentence. */
export const NUMBER_ABBREVIATIONS: ReadonlySet<string> = new Set(abbreviations.beforeNumber);
/** Words that usually open a sentence: after `etc.` or `U.S.A.` the stop ends a sentence only before one. */
export const SENTENCE_OPENERS: ReadonlySet<string> = new Set(abbreviations.sentenceOpeners);
/** Contractions whose first part is not a word of its own (`can't` → can, not), and the word each stands for. */
export const NEGATIONS: ReadonlyMap<string, string> = new Map(Object.entries(clitics.negations));
/** Clitic endings (`n't`, `'re`) and the word each stands for, in the order they are tried. */
export const CLITICS: readonly (readonly [suffix: string, word: string])[] = Object.entries(clitics.clitics);

/** The kinds of answer a question may ask for, the words that ask for each, and the words that express a time or a count. */
export const ANSWER_TYPE_WORDS = {
  person: new Set(answerTypes.person),
  time: new Set(answerTypes.time),
  place: new Set(answerTypes.place),
  numberPhrases: new Set(answerTypes.numberPhrases),
  timePhrases: new Set(answerTypes.timePhrases),
  auxiliaries: new Set(answerTypes.auxiliaries),
  months: new Set(answerTypes.months),
  weekdays: new Set(answerTypes.weekdays),
  numbers: new Set(answerTypes.numbers),
  ordinals: new Set(answerTypes.ordinals),
} as const satisfies Record<string, ReadonlySet<string>>;

/** Titles and words of address before a name in a speaker label ("Comrade Trotsky"). */
export const HONORIFICS: ReadonlySet<string> = new Set(address.honorifics);
/** Capitalised words that open or address a question rather than name its subject ("Comrade, tell me …"). */
export const NOT_SUBJECTS: ReadonlySet<string> = new Set(address.notSubjects);
/** Second-person words and the first-person plural the personas answer in ("your party" → "our party"). */
export const SECOND_TO_FIRST_PERSON: Readonly<Record<string, string>> = Object.freeze({
  ...address.secondPerson,
});
