import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersonaRegistry } from './persona.registry';
import { PromptFileError } from './prompt-file';
import { copyOfPrompts } from './testing';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';
import { TopicVocabulary } from './topic-vocabulary';

const guard = new TopicGuard(TopicVocabulary.load(), Timeline.load());
const personas = PersonaRegistry.load().list();

describe('TopicGuard', () => {
  describe('refuses questions plainly outside politics, history, society and the persona’s life', () => {
    it.each([
      'Give me a recipe for chocolate chip cookies.',
      'how long should I boil an egg',
      'My puppy keeps chewing shoes, how do I stop him?',
      'Why do cats purr?',
      'How many bones are in a giraffe’s neck?',
      'Could you write me a limerick about my hamster?',
      'Can you help me debug this JavaScript function? It returns undefined.',
      'const x = [1, 2, 3].map((n) => n * 2); why is this slow?',
      'Who won the Champions League final?',
      'What is 348 divided by 12?',
      'Solve for x: 3x + 7 = 22',
      'How do I get over my ex-boyfriend?',
      'What should I wear to a wedding? Need outfit ideas',
      'Is it going to rain in London tomorrow?',
      'Recommend me a good anime to watch tonight',
      'Which laptop is best for gaming?',
      'I have a cough and a runny nose, what should I take?',
      'Which computer should I buy for gaming?',
      'How do I set up my email on a new smartphone?',
    ])('%s', (q) => {
      for (const p of personas) expect(guard.classify(q, p)).toMatchObject({ offTopic: true });
    });
  });

  describe('answers real questions, including ones with few political words', () => {
    it.each([
      'What did you think of your colleagues?',
      'How should young people study?',
      'Who were your closest friends?',
      'What was a day in exile like for you?',
      'Were you ever afraid?',
      'What books shaped you most?',
      'Did you have a dog?',
      'Did you ever play chess?',
      'Should a cook be able to run the country?',
      'What did people eat during the famine?',
      'Is religion the opium of the people?',
      'What is the role of art in a new society?',
      'Why do people obey their rulers?',
      'What should a worker read first?',
      'How did workers react to the decree?',
      'What is the function of the state?',
      'What do you make of the Winter Palace?',
      'Tell me about yourself.',
      'Was it a cold winter when the Civil War began?',
    ])('%s', (q) => {
      for (const p of personas) expect(guard.classify(q, p)).toMatchObject({ offTopic: false });
    });
  });

  it('lets on-topic words outweigh off-topic ones: a question about the party is never refused for mentioning a cat', () => {
    for (const p of personas) {
      expect(
        guard.classify('Did the party ever debate what to feed the cats of Petrograd?', p).offTopic,
      ).toBe(false);
      expect(guard.classify('Could you write me a poem about the working class?', p).offTopic).toBe(false);
      expect(guard.classify('How do I bake bread?', p).offTopic).toBe(true);
    }
  });

  it('takes a dated event as on-topic evidence, unless its name is everyday off-topic vocabulary', () => {
    for (const p of personas) {
      // Named by an off-topic word only: a question put to the persona stays on-topic (and meets the anachronism guard).
      expect(guard.classify('What do you think of computers?', p).offTopic).toBe(false);
      expect(guard.classify('Which computer should I buy?', p).offTopic).toBe(true);
      // A name with any other word is evidence of history even beside off-topic words.
      expect(guard.classify('Explain the atomic bomb.', p).offTopic).toBe(false);
      expect(guard.classify('How did television change politics?', p).offTopic).toBe(false);
    }
  });

  it("counts the persona's own topics as on-topic evidence", () => {
    const byId = new Map(personas.map((p) => [p.id, p]));
    const trotsky = byId.get('trotsky');
    expect(trotsky && guard.classify('What is permanent?', trotsky)).toMatchObject({ offTopic: false });
  });

  it('accepts a retrieval-relevance signal as on-topic evidence', () => {
    const p = personas[0];
    expect(guard.classify('Is it going to rain tomorrow?', p, { relevance: 0.1 }).offTopic).toBe(true);
    expect(guard.classify('Is it going to rain tomorrow?', p, { relevance: 0.9 }).offTopic).toBe(false);
  });

  it('explains its verdict', () => {
    const v = guard.classify('How do I stop my puppy chewing the sofa?', personas[0]);
    expect(v.reason).toMatch(/pets and animals.*puppy/);
    expect(guard.classify('Why did the revolution succeed?', personas[0]).reason).toMatch(
      /on-topic: .*revolution/,
    );
  });

  it('rejects a vocabulary file with a malformed term, naming the file and the place', () => {
    const prompts = copyOfPrompts();
    try {
      writeFileSync(
        join(prompts.dir, 'topic-vocabulary.yaml'),
        'onTopic:\n  politics: state, Party\ngeneral:\n  life: life\noffTopic:\n  pets: ca*\n',
      );
      expect(() => TopicVocabulary.load(prompts.dir)).toThrow(PromptFileError);
      expect(() => TopicVocabulary.load(prompts.dir)).toThrow(
        /topic-vocabulary\.yaml: onTopic\.politics\.1: must be lowercase; offTopic\.pets\.0: a prefix term/,
      );
    } finally {
      prompts.cleanup();
    }
  });
});
