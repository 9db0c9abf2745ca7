import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { ask, expectSoundAnswer, expectStoredAsAnswered, type AskBody } from '../support/chat-helpers';
import { FIXTURE_DOCS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

// Several students ask at the same moment (a classroom, a busy api instance): the embedded database
// must keep their conversations, messages and citations apart.
describe('questions asked at the same moment', () => {
  let t: TestApp;

  beforeAll(async () => {
    const corpus = subsetCorpus([FIXTURE_DOCS.youth, FIXTURE_DOCS.sources, FIXTURE_DOCS.farms]);
    t = await startTestApp({ CORPUS_DIR: corpus });
  });
  afterAll(async () => {
    await t.close();
  });

  it('are each answered and stored as if asked alone', async () => {
    const bodies: AskBody[] = [
      { persona: FOUNDER, message: 'What should young communists study?' },
      { persona: FOUNDER, message: 'What are the sources of Marxism?' },
      { persona: SECRETARY, message: 'Why did the collective farms go too far?' },
      { persona: FOUNDER, message: 'What do you think of the Second World War?' },
    ];
    const answers = await Promise.all(bodies.map((b) => ask(t.url, b)));
    for (const [i, answer] of answers.entries()) {
      expect(answer.persona.id).toBe(bodies[i].persona);
      await expectSoundAnswer(t.url, answer);
      const conversation = await expectStoredAsAnswered(t.url, answer);
      expect(conversation.messages.map((m) => m.content)).toEqual([bodies[i].message, answer.answer]);
    }
    expect(new Set(answers.map((a) => a.conversationId)).size).toBe(bodies.length);
  });
});
