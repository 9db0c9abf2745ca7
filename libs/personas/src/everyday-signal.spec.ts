import { CorpusProfile } from './corpus-profile';
import { everydaySignal } from './everyday-signal';
import { GeneralEnglish } from './general-english';

// A miniature everyday English and a miniature political corpus, made up for these tests.
const english = new GeneralEnglish([
  { word: 'birthday', count: 5000 },
  { word: 'party', count: 8000 },
  { word: 'congress', count: 300 },
  { word: 'cake', count: 4000 },
  { word: 'favorite', count: 6000 },
  { word: 'labor', count: 400 },
  { word: 'delegates', count: 50 },
  { word: 'weather', count: 3000 },
  { word: 'okay', count: 200000 },
]);
const paragraph = (i: number) =>
  i % 2 === 0
    ? 'The party congress sent its delegates to the workers.'
    : 'The workers of the factory held a meeting on wages and labour.';
const corpus = new CorpusProfile(Array.from({ length: 40 }, (_, i) => paragraph(i)));

describe('GeneralEnglish', () => {
  it('counts content words by stem, inflections together', () => {
    expect(english.count('parti')).toBe(8000);
    expect(english.wordCount('parties')).toBe(8000);
  });

  it('finds a British spelling under the American one the list holds', () => {
    expect(english.wordCount('favourite')).toBe(6000);
    expect(english.wordCount('labour')).toBe(400);
    // -our after one letter only is no spelling variant: "hour" is not "hor".
    expect(english.wordCount('hour')).toBe(0);
  });

  it('gives a word the list lacks a small probability, not zero', () => {
    expect(english.probability('samovar')).toBeGreaterThan(0);
    expect(english.probability('samovar')).toBeLessThan(english.probability('cake'));
  });

  it('reads the installed SUBTLEX list once, everyday words far above political terms', () => {
    const subtlex = GeneralEnglish.load();
    expect(GeneralEnglish.load()).toBe(subtlex);
    expect(subtlex.wordCount('birthday')).toBeGreaterThan(10 * subtlex.wordCount('proletariat'));
  });
});

describe('CorpusProfile', () => {
  it('counts the paragraphs two words share', () => {
    expect(corpus.paragraphs).toBe(40);
    expect(corpus.paragraphsWith('parti')).toBe(20);
    expect(corpus.paragraphsWithBoth('parti', 'congres')).toBe(20);
    expect(corpus.paragraphsWithBoth('parti', 'wage')).toBe(0);
    expect(corpus.paragraphsWithBoth('parti', 'birthda')).toBe(0);
  });

  it('ties words the corpus uses together, not words that merely both occur in it', () => {
    expect(corpus.together('parti', 'congres')).toEqual({ more: true, significantly: true });
    expect(corpus.together('parti', 'wage')).toEqual({ more: false, significantly: false });
    // "workers" is in every paragraph: meeting it says nothing.
    expect(corpus.together('parti', 'worker').significantly).toBe(false);
  });

  it('splits texts into paragraphs on blank lines', () => {
    expect(CorpusProfile.fromTexts(['one party\n\ntwo party\n \nthree', 'four']).paragraphs).toBe(4);
  });
});

describe('everydaySignal', () => {
  it('scores a question in everyday words above one in the corpus’s words', () => {
    const everyday = everydaySignal('What cake for a birthday?', english, corpus, 50);
    const political = everydaySignal('What did the congress tell the delegates?', english, corpus, 50);
    expect(everyday.score).toBeGreaterThan(0);
    expect(political.score).toBeLessThan(0);
  });

  it('counts a corpus word as evidence only beside words the corpus uses it with', () => {
    const birthday = everydaySignal('How do I plan a birthday party?', english, corpus, 50);
    const congress = everydaySignal('How do I plan a party congress?', english, corpus, 50);
    const party = (s: typeof birthday) => s.words.find((w) => w.stem === 'parti');
    expect(party(birthday)).toMatchObject({ anchored: false, counted: 0 });
    expect(party(congress)?.anchored).toBe(true);
    expect(party(congress)?.counted).toBeLessThan(0);
    expect(birthday.score).toBeGreaterThan(congress.score);
  });

  it('treats a word neither source knows as no evidence of everyday life', () => {
    const unknown = everydaySignal('Zemstvo?', english, corpus, 50);
    expect(unknown.words[0].ratio).toBeLessThanOrEqual(0);
  });

  it('leaves numbers to the anachronism guard and scores a question without content words 0', () => {
    expect(everydaySignal('What about 1917?', english, corpus, 50)).toEqual({ score: 0, words: [] });
  });

  it('gives weaker evidence from a smaller corpus: the corpus is smoothed towards general English', () => {
    const small = new CorpusProfile([paragraph(0)]);
    const onLarge = everydaySignal('birthday cake weather', english, corpus, 50).score;
    const onSmall = everydaySignal('birthday cake weather', english, small, 50).score;
    expect(onSmall).toBeLessThan(onLarge);
  });
});
