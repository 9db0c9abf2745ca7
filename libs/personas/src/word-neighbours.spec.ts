import { CorpusProfile } from './corpus-profile';
import { GeneralEnglish } from './general-english';
import { TopicGuard } from './topic.guard';
import { NeighbourIndex } from './word-neighbours';
import type { TopicPolicy } from './topic-policy';
import { tableSpace } from './testing';

// A made-up three-dimensional word space: food words point one way, political words another (no eval item here).
const table: Record<string, number[]> = {
  porridge: [1, 0.1, 0],
  oatmeal: [0.95, 0.15, 0],
  muffins: [0.9, 0, 0.1],
  strike: [0, 1, 0.1],
  walkout: [0.05, 0.95, 0.1],
  sitdown: [0, 0.97, 0.12],
  stoppage: [0, 0.9, 0.2],
  unions: [0, 0.8, 0.3],
};
const space = tableSpace(table);
const english = new GeneralEnglish(
  Object.keys(table).map((word) => ({ word, count: word === 'unions' ? 5000 : 500 })),
);
const corpus = new CorpusProfile(
  Array.from({ length: 30 }, () => 'The unions called a strike and a stoppage; the walkout spread.'),
);

describe('NeighbourIndex', () => {
  const index = new NeighbourIndex(space, english);

  it('finds the nearest everyday words by cosine, leaving out the word’s own stem', () => {
    expect(index.size).toBe(8);
    expect(index.nearest('porridge', 2).map((n) => n.word)).toEqual(['oatmeal', 'muffins']);
    expect(index.nearest('strike', 2).map((n) => n.word)).toEqual(['sitdown', 'walkout']);
    expect(index.nearest('samovar', 3)).toEqual([]);
  });

  it('lets a word the corpus lacks count as its neighbours do when the policy asks for it', () => {
    const policy: TopicPolicy = {
      source: 'test',
      priorWords: 50,
      threshold: 0.4,
      addressedMargin: 0,
      weighAbsence: false,
      neighbours: 2,
      neighbourMix: 1,
      domainWeight: 0,
      contextPrior: 0.1,
    };
    const ratioOf = (p: TopicPolicy, question: string, stem: string) => {
      const guard = new TopicGuard(english, p);
      guard.useWordSpace(space);
      return guard.signal(question, corpus).words.find((w) => w.stem === stem)?.ratio ?? NaN;
    };
    // "sitdown" is absent from the corpus, but its neighbours are the corpus's words: it is no everyday word.
    const off = ratioOf({ ...policy, neighbours: 0 }, 'sitdown', 'sitdown');
    const on = ratioOf(policy, 'sitdown', 'sitdown');
    expect(off).toBeGreaterThan(0);
    expect(on).toBeLessThan(0);
    // "porridge" is absent and so are its neighbours: everyday either way.
    expect(ratioOf(policy, 'porridge', 'porridg')).toBeGreaterThan(0);
    // Half mixed, half way.
    expect(ratioOf({ ...policy, neighbourMix: 0.5 }, 'sitdown', 'sitdown')).toBeCloseTo((off + on) / 2, 6);
  });
});
