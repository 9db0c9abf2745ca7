import { INTRODUCTION_GENERATOR } from '@parley/contracts';
import { PersonaRegistry } from '@parley/personas';
import { ask, expectSoundAnswer } from '../support/chat-helpers';
import { startTestApp, type TestApp } from '../support/test-app';
import { REAL_CORPUS_ENV } from './support/real-corpus-env';

// Issue 18, item 4: the starter questions an empty chat offers must each get an answer, not a refusal, quoting the
// persona's own documents in the real corpus; and a greeting gets Parley's description, which cites nothing.
describe('the starter questions of every persona, on the whole corpus (offline answers)', () => {
  const personas = PersonaRegistry.load(REAL_CORPUS_ENV.PERSONAS_DIR).list();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(REAL_CORPUS_ENV);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives every persona three to five starters', () => {
    for (const p of personas) {
      expect(p.starters.length).toBeGreaterThanOrEqual(3);
      expect(p.starters.length).toBeLessThanOrEqual(5);
    }
  });

  const cases = personas.flatMap((p) => p.starters.map((q) => [p.id, q] as const));
  it.each(cases)('%s answers its starter "%s", citing its own documents', async (persona, message) => {
    const answer = await ask(t.url, { persona, message });
    expect(answer.refusal).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(c.source.startsWith(`${persona}/`)).toBe(true);
    await expectSoundAnswer(t.url, answer);
  });

  it.each(personas.map((p) => [p.id, p.name] as const))(
    '%s, greeted with "Hello, who are you?", is described by Parley, citing nothing',
    async (persona, name) => {
      const answer = await ask(t.url, { persona, message: 'Hello, who are you?' });
      expect(answer.generator).toBe(INTRODUCTION_GENERATOR);
      expect(answer.refusal).toBeNull();
      expect(answer.citations).toEqual([]);
      expect(answer.answer).toContain(name);
      expect(answer.answer).toContain("Parley's description");
    },
  );
});
