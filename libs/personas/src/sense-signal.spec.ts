import { stem } from '@parley/text';
import { GeneralEnglish } from './general-english';
import { senseSignal } from './sense-signal';
import { fixtureTopicCorpus } from './testing';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';
import { loadTopicPolicy, type TopicPolicy } from './topic-policy';

// The fixture corpus of `npm test` and passages written for this test in our own words, of the kind retrieval
// returns for a political word: none of these questions is in an eval set.
const { corpus, persona } = fixtureTopicCorpus();
const policy: TopicPolicy = {
  ...loadTopicPolicy(),
  afterRetrieval: { declined: 0, answered: 0.4, context: 'passage', absentWeight: 0 },
};
const guard = new TopicGuard(GeneralEnglish.load(), policy, Timeline.load());

// Each political word with passages that use it in the corpus's sense, an everyday question using it in its
// everyday sense, and a political question using it in the passages' sense.
const CASES: { word: string; passages: string[]; everyday: string; political: string }[] = [
  {
    word: 'parti',
    passages: [
      'The congress of the party elected a new committee and voted on the programme of the workers.',
      'Discipline in the party is the condition of its victory over the bourgeoisie.',
    ],
    everyday: 'Should the party for our silver wedding be a buffet or a sit-down dinner?',
    political: 'What did the congress of the party decide about the programme?',
  },
  {
    word: 'line',
    passages: [
      'The party line on the peasant question was fixed by the congress after a long debate.',
      'Whoever departs from the line of the committee serves the opposition.',
    ],
    everyday: 'How do I untangle a kite line caught in a tree?',
    political: 'Why did the congress fix its line on the peasant question?',
  },
  {
    word: 'cell',
    passages: [
      'Every factory must have its party cell, which meets weekly and recruits the best workers.',
      'The cell reports to the district committee on the mood of the workers.',
    ],
    everyday: 'How many wax cells does one honeycomb frame hold?',
    political: 'What should the cell report to the district committee?',
  },
  {
    word: 'strike',
    passages: [
      'The strike of the textile workers spread to the railways within a week.',
      'A general strike paralyses the bourgeoisie and teaches the workers their strength.',
    ],
    everyday: 'How can I roll a strike at the bowling alley?',
    political: 'Why did the strike of the textile workers spread to the railways?',
  },
  {
    word: 'bank',
    passages: [
      'The nationalisation of the banks puts the arteries of capital in the hands of the workers’ state.',
      'Finance capital grows out of the merger of bank capital with industrial capital.',
    ],
    everyday: 'Can I swim safely from the grassy bank near the weir?',
    political: 'Why must the workers’ state nationalise the banks?',
  },
  {
    word: 'organ',
    passages: [
      'The soviets are the organs of power of the workers and peasants.',
      'Every local organ of the state must answer to the congress of soviets.',
    ],
    everyday: 'How often should a church pipe organ be tuned?',
    political: 'Why are the soviets organs of power of the workers?',
  },
  {
    word: 'class',
    passages: [
      'The working class alone can lead the peasants against the landlords.',
      'Every state is the rule of a single class over the rest.',
    ],
    everyday: 'Which evening class teaches sourdough baking?',
    political: 'Which class can lead the peasants against the landlords?',
  },
];

describe('senseSignal', () => {
  it.each(CASES)(
    'reads "$word" as used alone in the passages for an everyday question, in context for a political one',
    ({ word, passages, everyday, political }) => {
      const off = senseSignal(guard.signal(everyday, corpus), passages);
      const on = senseSignal(guard.signal(political, corpus), passages);
      const offWord = off.words.find((w) => w.stem === word);
      const onWord = on.words.find((w) => w.stem === word);
      expect(offWord).toMatchObject({ found: true, inContext: false });
      expect(onWord).toMatchObject({ found: true, inContext: true });
      expect(off.inContext).toBe(0);
      expect(on.inContext).toBeGreaterThan(0.5);
      expect(off.unmatchedEveryday).toBeGreaterThan(0);
      expect(off.score).toBeGreaterThan(on.score);
    },
  );

  it('is 0 for a question without content words, whatever the passages', () => {
    expect(senseSignal(guard.signal('Why?', corpus), ['The strike spread.'])).toMatchObject({
      score: 0,
      inContext: 0,
      unmatchedEveryday: 0,
    });
  });

  it('counts a word no passage holds at its everyday ratio when above 0, and a corpus word held alone as 0', () => {
    const signal = guard.signal('How can I roll a strike at the bowling alley?', corpus);
    const sense = senseSignal(signal, ['A general strike paralyses the bourgeoisie.']);
    const bowling = sense.words.find((w) => w.stem === 'bowl');
    expect(bowling).toMatchObject({ found: false, inContext: false });
    const mass = sense.words.reduce((a, w) => a + w.weight, 0);
    const expected =
      sense.words.reduce((a, w) => a + w.weight * (w.inContext ? w.ratio : Math.max(0, w.ratio)), 0) / mass;
    expect(sense.score).toBeCloseTo(expected, 10);
  });

  it('names the most everyday word that no passage holds', () => {
    const signal = guard.signal('How can I roll a strike at the bowling alley?', corpus);
    const sense = senseSignal(signal, ['A general strike paralyses the bourgeoisie.']);
    const absent = sense.words.filter((w) => !w.found).map((w) => w.ratio);
    expect(sense.mostEverydayAbsent).toBe(Math.max(0, ...absent));
    expect(sense.mostEverydayAbsent).toBeGreaterThan(0);
    const held = senseSignal(signal, [
      'A general strike paralyses the bourgeoisie: no roll at the bowling alley.',
    ]);
    expect(held.mostEverydayAbsent).toBe(0);
  });

  it('never counts a name the question capitalises as everyday life', () => {
    const q = 'Which street of Helsinki did the strike committee meet in?';
    const evidence = guard.evidence(q, persona, corpus);
    expect(evidence.names).toEqual([stem('helsinki')]);
    const passages = ['The strike committee met every night.'];
    const helsinki = (names?: Set<string>) =>
      senseSignal(evidence.signal, passages, names).words.find((w) => w.stem === stem('helsinki'));
    expect(helsinki()).toMatchObject({ found: false });
    expect(helsinki()?.ratio).toBeGreaterThan(0);
    const plain = senseSignal(evidence.signal, passages);
    const named = senseSignal(evidence.signal, passages, new Set(evidence.names));
    expect(named.score).toBeLessThan(plain.score);
    expect(named.unmatchedEveryday).toBeLessThan(plain.unmatchedEveryday);
  });
});

describe('TopicGuard.afterRetrieval', () => {
  const decide = (q: string, passages: string[], declined: boolean, p: TopicPolicy = policy) =>
    guard.afterRetrieval(guard.evidence(q, persona, corpus), passages, declined, p);

  it.each(CASES)(
    'calls the everyday question on "$word" off topic when the passages hold no answer, and not the political one',
    ({ passages, everyday, political }) => {
      expect(decide(everyday, passages, true)).toMatchObject({ offTopic: true });
      expect(decide(political, passages, true)).toMatchObject({ offTopic: false });
      expect(decide(political, passages, false)).toMatchObject({ offTopic: false });
    },
  );

  it('decides nothing when the policy has no bars for it', () => {
    const { afterRetrieval: _none, ...without } = policy;
    const [c] = CASES;
    expect(decide(c.everyday, c.passages, true, without)).toMatchObject({ offTopic: false });
  });

  it('holds a question the passages would answer to the stricter bar', () => {
    const [c] = CASES;
    const strict: TopicPolicy = {
      ...policy,
      afterRetrieval: { declined: 0, answered: 50, context: 'passage', absentWeight: 0 },
    };
    expect(decide(c.everyday, c.passages, true, strict)).toMatchObject({ offTopic: true });
    expect(decide(c.everyday, c.passages, false, strict)).toMatchObject({ offTopic: false });
  });

  it('adds absentWeight × the most everyday absent word to the score', () => {
    const [c] = CASES;
    const evidence = guard.evidence(c.everyday, persona, corpus);
    const sense = senseSignal(evidence.signal, c.passages, new Set(evidence.names));
    const weighted: TopicPolicy = {
      ...policy,
      afterRetrieval: { declined: 0, answered: 0.4, context: 'passage', absentWeight: 0.5 },
    };
    const verdict = guard.afterRetrieval(evidence, c.passages, true, weighted);
    expect(verdict.score).toBeCloseTo(sense.score + 0.5 * sense.mostEverydayAbsent, 10);
  });

  it('never calls a question that names the persona off topic', () => {
    const [c] = CASES;
    const q = `${persona.names[0]}, ${c.everyday.charAt(0).toLowerCase()}${c.everyday.slice(1)}`;
    const verdict = decide(q, c.passages, true);
    expect(verdict.offTopic).toBe(false);
    expect(verdict.reason).toContain('(the persona)');
  });
});
