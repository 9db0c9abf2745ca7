import { stem } from '@parley/text';
import { CorpusProfile } from './corpus-profile';
import { DomainProfile } from './domain-signal';
import { everydaySignal } from './everyday-signal';
import { GeneralEnglish } from './general-english';
import { LEXICOGRAPHER_FILES, WordNetDomains, parseIndexSense } from './wordnet-domains';

// A miniature WordNet, everyday English and political corpus, made up for these tests (no eval item among them).
const file = (name: string) => LEXICOGRAPHER_FILES.indexOf(name as (typeof LEXICOGRAPHER_FILES)[number]);
const wordnet = new WordNetDomains(
  parseIndexSense(
    [
      `soup%1:${pad('noun.food')}:00:: 07599174 1 9`,
      `kitten%1:${pad('noun.animal')}:00:: 01325225 1 3`,
      `union%1:${pad('noun.group')}:00:: 08248157 1 20`,
      `union%1:${pad('noun.act')}:00:: 00143468 2 4`,
      `congress%1:${pad('noun.group')}:00:: 08322981 1 12`,
      `cell%1:${pad('noun.group')}:00:: 08264012 3 2`,
      `cell%1:${pad('noun.artifact')}:00:: 03000000 1 8`,
      `battery%1:${pad('noun.artifact')}:00:: 02810000 1 9`,
      `workers%1:${pad('noun.person')}:00:: 09632518 1 30`,
      `party_line%1:${pad('noun.communication')}:00:: 06200000 1 1`,
    ].join('\n'),
  ),
);
function pad(name: string): string {
  return String(file(name)).padStart(2, '0');
}
const english = new GeneralEnglish([
  { word: 'soup', count: 3000 },
  { word: 'kitten', count: 2000 },
  { word: 'battery', count: 2500 },
  { word: 'union', count: 400 },
  { word: 'congress', count: 300 },
  { word: 'cell', count: 1500 },
  { word: 'workers', count: 800 },
]);
const corpus = new CorpusProfile(
  Array.from({ length: 30 }, (_, i) =>
    i % 3 === 0
      ? 'The union congress of the workers met; each party cell of the union sent workers.'
      : 'The workers and their union held a congress on wages.',
  ),
);
const profile = new DomainProfile(wordnet, english, corpus, 50);
const words = (q: string) => everydaySignal(q, english, corpus, 50).words;

describe('WordNetDomains', () => {
  it('reads the lexicographer file of each sense of index.sense, by stem, sharing a word out by tagged use', () => {
    expect(wordnet.domains('soup')).toEqual([{ file: file('noun.food'), share: 1 }]);
    const union = wordnet.domains('union');
    expect(union.find((d) => d.file === file('noun.group'))?.share).toBeCloseTo(21 / 26);
    expect(union.find((d) => d.file === file('noun.act'))?.share).toBeCloseTo(5 / 26);
    // Inflections meet under one stem; multi-word lemmas are no question words.
    expect(wordnet.domains('worker')).toHaveLength(1);
    expect(wordnet.domains('party_line')).toEqual([]);
  });

  it('reads the installed WordNet once, food words in noun.food and animals in noun.animal', () => {
    const installed = WordNetDomains.load();
    expect(WordNetDomains.load()).toBe(installed);
    const top = (word: string) =>
      LEXICOGRAPHER_FILES[[...installed.domains(stem(word))].sort((a, b) => b.share - a.share)[0].file];
    expect(top('omelette')).toBe('noun.food');
    expect(top('hamster')).toBe('noun.animal');
    expect(top('proletariat')).toBe('noun.group');
  });
});

describe('DomainProfile', () => {
  it('finds from the counts alone the domains the corpus under-uses', () => {
    expect(profile.ratio(file('noun.food'))).toBeGreaterThan(0);
    expect(profile.ratio(file('noun.animal'))).toBeGreaterThan(0);
    expect(profile.ratio(file('noun.group'))).toBeLessThan(0);
    expect(profile.table()[0].ratio).toBeGreaterThanOrEqual(profile.table()[1].ratio);
  });

  it('scores a question about food or pets above one about the union congress', () => {
    expect(profile.signal(words('Which soup suits a kitten?'), 0.1).score).toBeGreaterThan(0);
    expect(profile.signal(words('What did the union congress decide?'), 0.1).score).toBeLessThan(0);
    expect(profile.signal(words('Hmm, what?'), 0.1)).toEqual({ score: 0, words: [] });
  });

  it('reads a word of several domains in the sense its neighbours in the question favour', () => {
    const cellOf = (q: string) => profile.signal(words(q), 0.1).words.find((w) => w.stem === 'cell');
    expect(cellOf('Is the cell battery flat?')?.files[0]).toBe('noun.artifact');
    expect(cellOf('Did the cell of the union congress meet?')?.files[0]).toBe('noun.group');
    const battery = cellOf('Is the cell battery flat?')?.score ?? 0;
    expect(battery).toBeGreaterThan(cellOf('Did the cell of the union congress meet?')?.score ?? 0);
  });

  it('leaves the senses at their WordNet shares when the context is given no weight', () => {
    const cell = profile.signal(words('Is the cell battery flat?'), 1e6).words.find((w) => w.stem === 'cell');
    expect(cell?.files[0]).toBe('noun.artifact');
    const expected =
      (3 / 12) * profile.ratio(file('noun.group')) + (9 / 12) * profile.ratio(file('noun.artifact'));
    expect(cell?.score).toBeCloseTo(expected, 2);
  });
});

describe('everydaySignal with weighAbsence', () => {
  const big = new GeneralEnglish([
    { word: 'breakfast', count: 500000 },
    { word: 'gumption', count: 2 },
    { word: 'filler', count: 1e8 },
  ]);
  it('takes the absence of a rare word from a small corpus as weaker evidence than that of a common one', () => {
    const ratio = (q: string, weigh: boolean) => everydaySignal(q, big, corpus, 50, weigh).words[0].ratio;
    expect(ratio('gumption', true)).toBeLessThan(ratio('gumption', false));
    expect(ratio('gumption', true)).toBeGreaterThan(0);
    expect(ratio('breakfast', true) / ratio('breakfast', false)).toBeGreaterThan(
      ratio('gumption', true) / ratio('gumption', false),
    );
    // A word the corpus holds is untouched.
    expect(ratio('workers', true)).toBe(ratio('workers', false));
  });
});
