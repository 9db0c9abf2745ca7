import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';
import { GeneralEnglish } from './general-english';
import { PersonaRegistry } from './persona.registry';
import { PromptFileError } from './prompt-file';
import { copyOfPrompts, fixtureTopicCorpus } from './testing';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';
import { loadTopicPolicy } from './topic-policy';
import { WordNetDomains } from './wordnet-domains';

// The invented fixture corpus and personas of `npm test` (tests/fixtures): about 6,400 words, so the corpus side of
// the signal is weak (smoothed towards general English) and only clear cases are asserted here. None of these
// questions is in an eval set.
const FIXTURES = join(projectRoot(), 'tests', 'fixtures');
const { corpus } = fixtureTopicCorpus();
const personas = PersonaRegistry.load(join(FIXTURES, 'personas')).list();
const guard = new TopicGuard(
  GeneralEnglish.load(),
  loadTopicPolicy(),
  Timeline.load(),
  WordNetDomains.load(),
);
const classify = (q: string, p = personas[0]) => guard.classify(q, p, corpus);

describe('TopicGuard', () => {
  describe('refuses everyday questions, whatever political words they hold in their everyday sense', () => {
    it.each([
      'How long should I boil an egg for a soft yolk?',
      'Why does my kitten chase its own tail?',
      'Which sunscreen works best at the beach?',
      'What colour should I paint the bathroom?',
      'How do I decorate the cake for my son’s birthday party?',
      'Which yoga class suits beginners with a sore back?',
      'My toddler keeps waking at night. Any tips?',
      'What is 348 divided by 12?',
      'Solve for x: 3x + 7 = 22',
      'const x = [1, 2, 3].map((n) => n * 2); why is this slow?',
      'Which computer should I buy for my daughter’s homework?',
    ])('%s', (q) => {
      for (const p of personas) expect(classify(q, p)).toMatchObject({ offTopic: true });
    });
  });

  describe('answers questions about the personas’ world, in their words or in everyday ones', () => {
    it.each([
      'Why must the state wither away?',
      'What should the party do about the peasants?',
      'Who owns the banks after the revolution?',
      'What is the task of the trade unions in a workers’ state?',
      'Were you ever afraid?',
      'How did you spend your years in exile?',
      'What happened in 1905?',
      'What do you think of computers?',
      'How did television change politics?',
      'Did the party ever debate what to feed the cats of the capital?',
      'Could you write me a poem about the working class?',
    ])('%s', (q) => {
      for (const p of personas) expect(classify(q, p)).toMatchObject({ offTopic: false });
    });
  });

  it('takes the persona’s own name as on-topic evidence, whatever the other words', () => {
    const sokol = personas.find((p) => p.id === 'sokol');
    expect(sokol && guard.classify('Did Sokol like pancakes?', sokol, corpus)).toMatchObject({
      offTopic: false,
      reason: expect.stringMatching(/the persona/),
    });
  });

  it('takes a year from the persona’s birth on as on-topic evidence (a later one is the anachronism guard’s)', () => {
    const kamen = personas.find((p) => p.id === 'kamen');
    const ask = (q: string) => kamen && guard.classify(q, kamen, corpus);
    expect(ask('Which football team won the cup in 1912?')).toMatchObject({ offTopic: false });
    expect(ask('Which football team won the cup in 2022?')?.reason).toMatch(/2022 \(after it/);
    expect(ask('Which football team won the cup in 1850?')).toMatchObject({ offTopic: true });
  });

  it('accepts a retrieval-relevance signal as on-topic evidence', () => {
    const p = personas[0];
    expect(guard.classify('Is it going to rain tomorrow?', p, corpus, { relevance: 0.1 }).offTopic).toBe(
      true,
    );
    expect(guard.classify('Is it going to rain tomorrow?', p, corpus, { relevance: 0.9 }).offTopic).toBe(
      false,
    );
  });

  it('explains its verdict with the words that weighed', () => {
    const off = classify('How do I stop my puppy chewing the sofa?');
    expect(off.reason).toMatch(/^off-topic: everyday words \(.*pupp/);
    expect(off.score).toBeGreaterThan(off.bar);
    expect(classify('What did the revolution give the peasants?').reason).toMatch(/^on-topic: .*peasant/);
  });

  it('rejects a policy file with a bad number, naming the file and the field', () => {
    const prompts = copyOfPrompts();
    try {
      writeFileSync(
        join(prompts.dir, 'topic-guard.yaml'),
        'source: test\npriorWords: -5\nthreshold: 0.4\naddressedMargin: 1\n',
      );
      expect(() => loadTopicPolicy(prompts.dir)).toThrow(PromptFileError);
      expect(() => loadTopicPolicy(prompts.dir)).toThrow(/topic-guard\.yaml: priorWords/);
    } finally {
      prompts.cleanup();
    }
  });
});
