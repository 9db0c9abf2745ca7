import { CorpusProfile } from './corpus-profile';
import { GeneralEnglish } from './general-english';
import { TopicGuard } from './topic.guard';
import type { TopicPolicy } from './topic-policy';
import { CorpusSenses } from './word-senses';
import { tableSpace } from './testing';

// A made-up word space of our own (no eval item here): mining-dispute words point one way, fireside words another,
// a few words lie between; "strike" itself is both.
const table: Record<string, number[]> = {
  strike: [0.7, 0.7, 0],
  miners: [1, 0, 0.1],
  pits: [0.95, 0.05, 0.1],
  wages: [0.9, 0, 0.2],
  picket: [1, 0.1, 0],
  owners: [0.85, 0.1, 0.2],
  match: [0, 1, 0.1],
  candle: [0.05, 0.95, 0.1],
  fireplace: [0, 0.9, 0.2],
  kindling: [0.1, 1, 0],
  people: [0.3, 0.3, 0.9],
  weeks: [0.2, 0.2, 1],
};
const space = tableSpace(table);
const english = new GeneralEnglish(
  Object.keys(table).map((word) => ({ word, count: ['people', 'weeks'].includes(word) ? 20000 : 800 })),
);
// The corpus uses "strike" only beside the dispute's words.
const paragraphs = [
  'The miners strike against the owners; the pits stand idle.',
  'A picket at the pits keeps the strike solid for weeks.',
  'The owners cut wages, and the miners strike again.',
  'Wages fell, the picket held, the strike spread to other pits.',
  'For six weeks the miners kept the strike and the picket.',
  'People said the owners would break the strike by hunger.',
  'The miners won their wages back after the strike.',
];

describe('CorpusSenses', () => {
  const senses = new CorpusSenses(paragraphs, space, english);
  const senseOf = (question: string, stem: string) => senses.sensesIn(question).find((s) => s.stem === stem);

  it('judges a word by how the question’s other words sit against the corpus’s contexts of it', () => {
    const political = senseOf('Why did the miners strike over wages at the pits?', 'strike');
    const fireside = senseOf('How do I strike a match to light the kindling in the fireplace?', 'strike');
    expect(political?.centred).toBeGreaterThan(0.5);
    expect(fireside?.centred).toBeLessThan(0);
    expect(political?.z ?? -Infinity).toBeGreaterThan(fireside?.z ?? Infinity);
  });

  it('judges nothing without another content word, nor a word the corpus uses too rarely', () => {
    expect(senseOf('strike', 'strike')).toBeUndefined();
    expect(senseOf('Where is the candle for the strike?', 'candl')).toBeUndefined();
    expect(senses.size).toBeGreaterThan(0);
  });
});

describe('TopicGuard with the per-word sense decision', () => {
  const corpus = new CorpusProfile(paragraphs);
  const policy: TopicPolicy = {
    source: 'test',
    priorWords: 50,
    threshold: 0.4,
    addressedMargin: 0,
    weighAbsence: false,
    neighbours: 0,
    neighbourMix: 1,
    domainWeight: 0,
    contextPrior: 0.1,
  };
  const persona = {
    id: 'organiser',
    name: 'The Organiser',
    names: ['Organiser'],
    topics: ['strike'],
    born: '1880-01-01',
    died: '1950-01-01',
  } as unknown as Parameters<TopicGuard['classify']>[1];
  const guardWith = (p: TopicPolicy) => {
    const guard = new TopicGuard(english, p);
    guard.useWordSpace(space);
    guard.sensesOf(corpus, paragraphs);
    return guard;
  };

  it('reads no senses without word vectors, and so changes nothing', () => {
    const guard = new TopicGuard(english, { ...policy, senseBar: 0.2 });
    expect(guard.evidence('How do I strike a match for the candle?', persona, corpus).senses).toEqual([]);
  });

  it('sets aside a corpus word used in another sense, and keeps one used as the corpus uses it', () => {
    const guard = guardWith({ ...policy, senseBar: 0.2 });
    const fireside = guard.evidence('Strike the match on the fireplace.', persona, corpus);
    const dispute = guard.evidence('Strike with the miners at the pits.', persona, corpus);
    const without = guardWith(policy);
    // Without the decision, "strike" is a corpus word tied to nothing here: it counts 0 already, or its ratio.
    const base = without.verdict(without.evidence('Strike the match on the fireplace.', persona, corpus));
    const now = guard.verdict(fireside);
    expect(now.score).toBeGreaterThanOrEqual(base.score);
    expect(now.reason).toContain('in another sense: strike');
    expect(guard.verdict(dispute).reason).not.toContain('in another sense');
  });

  it('after retrieval, lets a corpus word the passages hold in context count 0 when the question means another sense', () => {
    const bars = { declined: 0.5, answered: 0.5, context: 'passage' as const, absentWeight: 0 };
    const question = 'How do I strike a match to light the kindling?';
    // A passage that holds "strike" beside "match", in the dispute's sense.
    const passages = ['The miners strike on, and the owners find their match in the picket.'];
    const judge = (senseBar?: number) => {
      const guard = guardWith({ ...policy, afterRetrieval: { ...bars, senseBar } });
      return guard.afterRetrieval(guard.evidence(question, persona, corpus), passages, true);
    };
    expect(judge(0.35).score).toBeGreaterThan(judge(undefined).score);
  });
});
