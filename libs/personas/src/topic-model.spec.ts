import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneralEnglish } from './general-english';
import { senseSignal } from './sense-signal';
import { copyOfPrompts, fixtureTopicCorpus } from './testing';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';
import { TOPIC_FEATURES, topicFeatures, type TopicModel } from './topic-model';
import { loadTopicPolicy, type TopicPolicy } from './topic-policy';

// The fixture corpus of `npm test`, with passages and questions written for this test in our own words (none is in an
// eval set): a political word used in its everyday sense, and the same word as the passages use it.
const { corpus, persona } = fixtureTopicCorpus();
const passages = [
  'At its congress the party elected a committee and adopted a programme for workers.',
  'Without discipline the party cannot lead the peasants against the landlords.',
];
const everyday = 'Which board games keep a children’s party lively when it pours outside?';
const political = 'What programme did congress give party workers?';

// A hand-written model of the decision's shape (not fitted): the sense signal after retrieval and its share of
// unmatched everyday words raise the odds; words held in context lower them.
const model: TopicModel = {
  intercept: -1,
  weights: {
    ...(Object.fromEntries(TOPIC_FEATURES.map((f) => [f, 0])) as TopicModel['weights']),
    after: 2,
    unmatched: 2,
    inContext: -3,
  },
  bar: 0,
};
const base = loadTopicPolicy();
const bars = { declined: 100, answered: 100, context: 'passage' as const, absentWeight: 0 };
const guardWith = (policy: TopicPolicy) => new TopicGuard(GeneralEnglish.load(), policy, Timeline.load());

describe('topicFeatures', () => {
  const guard = guardWith({ ...base, afterRetrieval: bars });
  const featuresOf = (question: string, declined: boolean) => {
    const evidence = guard.evidence(question, persona, corpus);
    return topicFeatures(evidence, senseSignal(evidence.signal, passages), [], declined);
  };

  it('reads an everyday use of a political word as unmatched and out of context, a political use as in context', () => {
    const off = featuresOf(everyday, true);
    const on = featuresOf(political, false);
    expect(off.inContext).toBe(0);
    expect(off.unmatched).toBeGreaterThan(0.3);
    expect(on.inContext).toBeGreaterThan(0.5);
    expect(off.after).toBeGreaterThan(on.after);
    expect(off.maxRatio).toBeGreaterThan(on.maxRatio);
    expect([off.declined, on.declined]).toEqual([1, 0]);
  });

  it('counts the share of words the corpus never uses, the question put to the persona and a capitalised name', () => {
    const f = featuresOf('Did you ever take the ferry to Gdansk with your trombone?', true);
    expect(f.absent).toBeGreaterThan(0);
    expect(f.absent).toBeLessThanOrEqual(1);
    expect(f.addresses).toBe(1);
    expect(f.named).toBe(1);
    expect(featuresOf(political, true).absent).toBe(0);
  });

  it('gives every feature a finite number, even for a question without content words', () => {
    for (const q of ['Why?', everyday, political])
      for (const v of Object.values(featuresOf(q, false))) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('TopicGuard.afterRetrieval with the learned decision', () => {
  const judge = (question: string, policy: TopicPolicy) => {
    const guard = guardWith(policy);
    return guard.afterRetrieval(guard.evidence(question, persona, corpus), passages, true);
  };
  const learned = { ...base, model, afterRetrieval: { ...bars, learned: true } };

  it('refuses the everyday question and keeps the political one, by the model’s log-odds against its bar', () => {
    expect(judge(everyday, learned)).toMatchObject({ offTopic: true, bar: 0 });
    expect(judge(political, learned)).toMatchObject({ offTopic: false });
  });

  it('leaves the decision to the bars while the switch is off, whatever model is loaded', () => {
    expect(judge(everyday, { ...base, model, afterRetrieval: { ...bars, learned: false } }).offTopic).toBe(
      false,
    );
    expect(judge(everyday, { ...learned, model: undefined }).offTopic).toBe(false);
  });

  it('never refuses a question that names the persona, however high the odds', () => {
    const name = persona.names[0];
    const always = { ...learned, model: { ...model, intercept: 50 } };
    expect(judge(`Which board games did ${name} play at a children’s party?`, always).offTopic).toBe(false);
    expect(judge(everyday, always).offTopic).toBe(true);
  });
});

describe('loadTopicPolicy', () => {
  it('ships the learned decision switched off, with a fitted model of every feature beside it', () => {
    const shipped = loadTopicPolicy();
    expect(shipped.afterRetrieval?.learned).toBe(false);
    expect(Object.keys(shipped.model?.weights ?? {}).sort()).toEqual([...TOPIC_FEATURES].sort());
  });

  it('reads the learned model from topic-model.yaml beside the guard’s file, and rejects a missing weight', () => {
    const prompts = copyOfPrompts();
    try {
      const weights = Object.entries(model.weights)
        .map(([f, w]) => `    ${f}: ${w}`)
        .join('\n');
      const file = join(prompts.dir, 'topic-model.yaml');
      writeFileSync(
        file,
        `source: written by a unit test, not fitted\nmodel:\n  intercept: -1\n  weights:\n${weights}\n  bar: 0\n`,
      );
      expect(loadTopicPolicy(prompts.dir).model).toEqual(model);
      writeFileSync(
        file,
        `source: written by a unit test, not fitted\nmodel:\n  intercept: -1\n  weights:\n    after: 2\n  bar: 0\n`,
      );
      expect(() => loadTopicPolicy(prompts.dir)).toThrow(/topic-model\.yaml/);
    } finally {
      prompts.cleanup();
    }
  });
});
